import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { formError, type FormErrors } from '../../../platform/http/forms.ts';
import { idParams } from '../../../platform/http/params.ts';
import { govukPagination } from '../../../platform/http/pagination.ts';
import { ageOn } from '../../../shared/age.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import { describeCode } from '../../people/code-labels.ts';
import { CONCERN_OPTIONS } from '../concern-codes.ts';
import {
  blankConsultationForm,
  childSearchOf,
  NOT_KNOWN,
  parseConsultationForm,
  type FormValues,
} from './consultation-form.ts';
import {
  FOLLOW_UPS_PAGE_SIZE,
  listAgencies,
  listConsultations,
  listFollowUps,
  readConsultation,
  readConsultedChild,
  recordConsultation,
  searchForChild,
} from './consultation.service.ts';
import { FOLLOW_UP_WORKING_DAYS } from './follow-up-rules.ts';

const VIEWS = 'modules/intake/consultation/views';
/** A page of the follow-up list: anything not a page number is the first. */
const followUpsPage = z.coerce.number().int().min(1).max(100_000).catch(1);

interface ConsultationDeps {
  db: Db;
  clock: Clock;
}

type ChosenChild = NonNullable<Awaited<ReturnType<typeof readConsultedChild>>>;
type SearchResults = Awaited<ReturnType<typeof searchForChild>>;

/**
 * "Can I talk this through before referring?": a short record of the advice given to a professional,
 * by whom, to which agency, about which child (found in the person index, or not known to us), and
 * whether the referral advised arrived.
 */
export function registerConsultationRoutes(app: FastifyInstance, deps: ConsultationDeps): void {
  const record = { config: { permission: 'consultation:record' } } as const;

  app.get('/consultations', record, async (request, reply) => {
    const { recorded } = request.query as { recorded?: string };
    return reply.view(`${VIEWS}/list.njk`, {
      pageTitle: 'Professional consultations',
      consultations: await listConsultations(request.access, deps.clock.now()),
      recorded: /^[1-9]\d{0,9}$/.test(recorded ?? '') ? Number(recorded) : undefined,
    });
  });

  app.get('/consultations/follow-ups', record, async (request, reply) => {
    const page = followUpsPage.parse((request.query as { page?: unknown } | undefined)?.page);
    const { rows, total } = await listFollowUps(request.access, deps.clock.now(), page);
    const pages = Math.ceil(total / FOLLOW_UPS_PAGE_SIZE);
    // A page past the end (the list shrank since the link was made): back to the first.
    if (page > 1 && page > pages) return reply.redirect('/consultations/follow-ups', 303);
    return reply.view(`${VIEWS}/follow-ups.njk`, {
      pageTitle: 'Referrals advised in consultations',
      followUps: rows,
      total,
      first: (page - 1) * FOLLOW_UPS_PAGE_SIZE + 1,
      pagination: govukPagination(page, pages, (number) => `/consultations/follow-ups?page=${number}`),
      workingDays: FOLLOW_UP_WORKING_DAYS,
    });
  });

  // Opened from a child's record as /consultations/new?personId=123, the form names that child.
  app.get('/consultations/new', record, async (request, reply) => {
    const personId = Number((request.query as { personId?: string }).personId) || undefined;
    const child = personId === undefined ? undefined : await readConsultedChild(request.access, personId);
    if (personId !== undefined && !child) throw new RecordNotFoundError('Person');
    return renderForm(reply, request, deps, blankConsultationForm(deps.clock.now(), child?.id), { child });
  });

  /**
   * One form, two buttons: "Search the person index" shows the children who may match to choose from
   * (everything typed is kept); "Save consultation" records it.
   */
  app.post('/consultations/new', record, async (request, reply) => {
    const values = (request.body ?? {}) as FormValues;
    if (values.action === 'search') return searchAndChoose(reply, request, deps, values);
    if (values.action === 'change-child')
      return renderForm(reply, request, deps, { ...values, personId: '' }, {});
    const agencyIds = new Set((await listAgencies(deps.db)).map((agency) => agency.id));
    const parsed = parseConsultationForm(values, deps.clock.now(), agencyIds);
    if (!parsed.ok) return renderForm(reply.code(400), request, deps, values, { errors: parsed.errors });
    const saved = await recordConsultation(request.access, parsed.consultation);
    if (saved === 'child_not_visible') {
      const errors = formError('personId', 'Search for the child again and choose them from the results');
      return renderForm(reply.code(400), request, deps, { ...values, personId: '' }, { errors });
    }
    return reply.redirect(`/consultations?recorded=${saved.recorded}`, 303);
  });

  app.get('/consultations/:id', record, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Consultation');
    const consultation = await readConsultation(request.access, params.data.id, deps.clock.now());
    return reply.view(`${VIEWS}/consultation.njk`, {
      pageTitle: `Consultation with ${consultation.organisation}`,
      c: consultation,
      concerns: consultation.concern_codes.map((code) => describeCode('assessmentFactor', code)),
      workingDays: FOLLOW_UP_WORKING_DAYS,
    });
  });
}

async function searchAndChoose(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: ConsultationDeps,
  values: FormValues
) {
  const search = childSearchOf(values);
  const kept = { ...values, personId: '' };
  if (!search.ok) return renderForm(reply.code(400), request, deps, kept, { errors: search.errors });
  const results = await searchForChild(request.access, search.search);
  return renderForm(reply, request, deps, kept, { results });
}

async function renderForm(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: ConsultationDeps,
  values: FormValues,
  extra: { errors?: FormErrors; child?: ChosenChild; results?: SearchResults }
) {
  const agencies = await listAgencies(deps.db);
  const chosenId = typeof values.personId === 'string' && /^[1-9]\d{0,9}$/.test(values.personId);
  // A child chosen from the results (or the record the form was opened from) is named, if still visible.
  const child =
    extra.child ?? (chosenId ? await readConsultedChild(request.access, Number(values.personId)) : undefined);
  const today = londonDateOf(deps.clock.now());
  const ticked = [values.concernCodes ?? []].flat();
  return reply.view(`${VIEWS}/new.njk`, {
    pageTitle: 'Record a consultation',
    values: child ? values : { ...values, personId: chosenId ? '' : values.personId },
    errors: extra.errors,
    child: child && {
      ...child,
      age: child.date_of_birth ? ageOn(child.date_of_birth, today) : null,
    },
    results: extra.results && {
      restrictedMayMatch: extra.results.restrictedMayMatch,
      matches: extra.results.matches.map((match) => ({
        value: String(match.personId),
        text: `${match.person.givenName} ${match.person.familyName}`,
        hint: {
          text: [
            match.person.dateOfBirth
              ? `Born ${formatUk(match.person.dateOfBirth, UK_FORMATS.date)} (age ${ageOn(match.person.dateOfBirth, today)})`
              : 'Date of birth not known',
            match.person.postcode,
            match.reasons.join(', '),
          ]
            .filter(Boolean)
            .join('. '),
        },
      })),
    },
    notKnown: NOT_KNOWN,
    concernOptions: CONCERN_OPTIONS.map((option) => ({
      value: option.code,
      text: option.label,
      checked: ticked.includes(option.code),
    })),
    agencies: [
      { value: '', text: 'Not a listed agency' },
      ...agencies.map((agency) => ({
        value: String(agency.id),
        text: agency.name,
        selected: values.agencyId === String(agency.id),
      })),
    ],
  });
}
