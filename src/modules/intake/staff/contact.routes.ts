import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { CONCERN_OPTIONS, REFERRAL_SOURCE_OPTIONS } from '../concern-codes.ts';
import {
  countOf,
  OTHER_PERSON_ROLES,
  parseContactForm,
  STAFF_CHANNELS,
  type FormValues,
} from './contact-form.ts';
import { discardContactDraft, loadContactDraft, saveContactDraft } from './contact-drafts.ts';
import type { Candidate } from '../../people/matching/child-candidates.ts';
import { RESTRICTED_MAY_MATCH } from '../../people/matching/restricted-matches.ts';
import { loadContact } from './contact-queries.ts';
import { recordStaffContact } from './contact.service.ts';
import { describeCode } from '../../people/code-labels.ts';
import { recordIdOf } from '../../../platform/http/params.ts';
import { ukDateTimeParts } from '../../../shared/uk-time.ts';
import { lawfulBasisRadios } from '../../../shared/lawful-basis.ts';
import { registerAddPersonRoutes } from './add-person.routes.ts';
import { RELATIONSHIP_KINDS } from '../../people/relationships/relationship-kinds.ts';

const VIEWS = 'modules/intake/staff/views';

export interface ContactRouteDeps {
  db: Db;
  clock: Clock;
}

/** Staff-recorded contacts (phone, email, in person, police notification, out of hours) and the incoming queue. */
export function registerStaffContactRoutes(app: FastifyInstance, deps: ContactRouteDeps): void {
  const record = { config: { permission: 'contact:record' } } as const;
  registerAddPersonRoutes(app, deps);

  app.get('/contacts/new', record, async (request, reply) => {
    const draft = await loadContactDraft(deps.db, signedInActor(request).userId);
    const values = draft ? (draft.data as FormValues) : blankForm(deps.clock.now());
    return renderForm(reply, values, { draftSavedAt: draft?.saved_at });
  });

  app.post('/contacts/new', record, async (request, reply) => {
    const values = (request.body ?? {}) as FormValues;
    const userId = signedInActor(request).userId;
    switch (values.action) {
      case 'add-child':
        return renderForm(reply, { ...values, childCount: String(countOf(values, 'childCount', 1, 10) + 1) });
      case 'add-person':
        return renderForm(reply, {
          ...values,
          personCount: String(countOf(values, 'personCount', 0, 10) + 1),
        });
      case 'save-draft':
        await saveContactDraft(deps.db, userId, values, deps.clock.now());
        return renderForm(reply, values, { draftSavedAt: deps.clock.now() });
      case 'discard-draft':
        await discardContactDraft(deps.db, userId);
        return reply.redirect('/contacts/new', 303);
      default:
        return recordFromForm(request, reply, values, deps);
    }
  });

  // Autosave from the page's script: the same fields, saved without leaving the page.
  app.post('/contacts/new/draft', record, async (request, reply) => {
    await saveContactDraft(
      deps.db,
      signedInActor(request).userId,
      (request.body ?? {}) as FormValues,
      deps.clock.now()
    );
    return reply.code(204).send();
  });

  app.get('/contacts/:id', { config: { permission: 'contact:read' } }, async (request, reply) => {
    const id = recordIdOf(request, 'Contact');
    const contact = await loadContact(request.access, id, deps.clock.now());
    return reply.view(`${VIEWS}/contact.njk`, {
      pageTitle: `Contact ${contact.contact.reference}`,
      ...contact,
      describe: describeCode,
      concernLabel: (code: string) => CONCERN_OPTIONS.find((option) => option.code === code)?.label ?? code,
      created: (request.query as { recorded?: string }).recorded === '1',
      canRecord: request.access.can('contact:record'),
    });
  });
}

async function recordFromForm(
  request: FastifyRequest,
  reply: FastifyReply,
  values: FormValues,
  deps: ContactRouteDeps
) {
  const userId = signedInActor(request).userId;
  const now = deps.clock.now();
  // Whatever happens next, what was typed is kept.
  await saveContactDraft(deps.db, userId, values, now);
  const parsed = parseContactForm(values, now);
  if (!parsed.ok) return renderForm(reply.code(400), values, { errors: parsed.errors });
  const recorded = await recordStaffContact(request.access, deps.db, parsed, now);
  if (recorded.outcome === 'choose') {
    return renderForm(reply.code(400), values, {
      errors: recorded.errors,
      candidates: recorded.choices,
      restrictedMayMatch: recorded.restrictedMayMatch,
      adultCandidates: recorded.adultChoices,
      adultRestrictedMayMatch: recorded.adultRestrictedMayMatch,
    });
  }
  await discardContactDraft(deps.db, userId);
  return reply.redirect(`/contacts/${recorded.contactId}?recorded=1`, 303);
}

function blankForm(now: Date): FormValues {
  const received = ukDateTimeParts(now);
  return {
    'received-day': received.day,
    'received-month': received.month,
    'received-year': received.year,
    'received-time': received.time,
    childCount: '1',
    personCount: '1',
  };
}

function renderForm(
  reply: FastifyReply,
  values: FormValues,
  extra: {
    errors?: FormErrors;
    candidates?: Record<number, Candidate[]>;
    restrictedMayMatch?: Record<number, boolean>;
    adultCandidates?: Record<number, Candidate[]>;
    adultRestrictedMayMatch?: Record<number, boolean>;
    draftSavedAt?: Date;
  } = {}
) {
  const concerns = [values.concerns ?? []].flat();
  return reply.view(`${VIEWS}/contact-form.njk`, {
    pageTitle: 'Record a contact',
    values,
    errors: extra.errors,
    candidates: extra.candidates ?? {},
    restrictedMayMatch: extra.restrictedMayMatch ?? {},
    restrictedMayMatchText: RESTRICTED_MAY_MATCH,
    adultCandidates: extra.adultCandidates ?? {},
    adultRestrictedMayMatch: extra.adultRestrictedMayMatch ?? {},
    relationshipKinds: RELATIONSHIP_KINDS,
    draftSavedAt: extra.draftSavedAt,
    childIndexes: [...Array(countOf(values, 'childCount', 1, 10)).keys()],
    personIndexes: [...Array(countOf(values, 'personCount', 0, 10)).keys()],
    channels: STAFF_CHANNELS.map((channel) => ({ ...channel, checked: values.channel === channel.value })),
    sources: [
      { value: '', text: 'Choose who made the contact' },
      ...REFERRAL_SOURCE_OPTIONS.map((option) => ({
        value: option.code,
        text: option.label,
        selected: values.referralSource === option.code,
      })),
    ],
    concernItems: CONCERN_OPTIONS.map((option) => ({
      value: option.code,
      text: option.label,
      checked: concerns.includes(option.code),
    })),
    personRoles: OTHER_PERSON_ROLES,
    lawfulBasis: lawfulBasisRadios(values),
  });
}
