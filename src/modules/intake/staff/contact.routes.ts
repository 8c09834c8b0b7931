import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import { formError, type FormErrors } from '../../../platform/http/forms.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { CONCERN_OPTIONS, REFERRAL_SOURCE_OPTIONS } from '../concern-codes.ts';
import type { ChildInput } from '../contact-input.ts';
import { recordContact } from '../record-contact.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import {
  countOf,
  OTHER_PERSON_ROLES,
  parseContactForm,
  STAFF_CHANNELS,
  type FormValues,
  type ParsedChild,
} from './contact-form.ts';
import { discardContactDraft, loadContactDraft, saveContactDraft } from './contact-drafts.ts';
import { findChildCandidates, restrictedMatchesForChild, type Candidate } from './child-candidates.ts';
import {
  holdForRestrictedMatchReview,
  RESTRICTED_MAY_MATCH,
} from '../../people/matching/restricted-matches.ts';
import { loadContact } from './contact-queries.ts';
import { describeCode } from '../../people/code-labels.ts';
import { idParams } from '../../../platform/http/params.ts';

const VIEWS = 'modules/intake/staff/views';

export interface ContactRouteDeps {
  db: Db;
  clock: Clock;
}

/** Staff-recorded contacts (phone, email, in person, police notification, out of hours) and the incoming queue. */
export function registerStaffContactRoutes(app: FastifyInstance, deps: ContactRouteDeps): void {
  const record = { config: { permission: 'contact:record' } } as const;

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
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Contact');
    const contact = await loadContact(request.access, params.data.id, deps.clock.now());
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
  const actor = signedInActor(request);
  const now = deps.clock.now();
  // Whatever happens next, what was typed is kept.
  await saveContactDraft(deps.db, actor.userId, values, now);
  const parsed = parseContactForm(values, now);
  if (!parsed.ok) return renderForm(reply.code(400), values, { errors: parsed.errors });

  const resolved = await resolveChildren(request, parsed.children);
  if ('choices' in resolved) {
    return renderForm(reply.code(400), values, {
      errors: resolved.errors,
      candidates: resolved.choices,
      restrictedMayMatch: resolved.restrictedMayMatch,
    });
  }
  const settings = await councilSettings(deps.db);
  const recorded = await request.access.recordChange('contact:record', 'contact.record', async (trx) => {
    const result = await recordContact(
      trx,
      { ...parsed.input, children: resolved.children },
      { recordedBy: actor.userId, now, settings }
    );
    // A record made while a restricted one may be this child inherits the restriction until reviewed.
    let heldForReview = 0;
    for (const [index, restrictedPersonIds] of resolved.restrictedMatches.entries()) {
      const contactChildId = result.contactChildIds[index]!;
      if (restrictedPersonIds.length === 0) continue;
      const { person_id: personId } = await trx
        .selectFrom('contact_child')
        .select('person_id')
        .where('id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      if (personId === null) continue;
      await holdForRestrictedMatchReview(trx, {
        personId,
        restrictedPersonIds,
        contactChildId,
        reference: result.reference,
        actor,
        now,
      });
      heldForReview++;
    }
    return {
      recordType: 'contact',
      recordId: result.contactId,
      result,
      details: {
        children: result.contactChildIds.length,
        createdPeople: result.createdPersonIds.length,
        heldForReview,
      },
    };
  });
  await discardContactDraft(deps.db, actor.userId);
  return reply.redirect(`/contacts/${recorded.contactId}?recorded=1`, 303);
}

type Resolution =
  | {
      children: ChildInput[];
      /** For each resolved child, in order: restricted records its new record may be (held for review). */
      restrictedMatches: number[][];
    }
  | {
      choices: Record<number, Candidate[]>;
      restrictedMayMatch: Record<number, boolean>;
      errors: FormErrors;
    };

/**
 * Linking a child to a known person, or creating a new record, is an explicit choice. Where the
 * index holds people who could be this child, the practitioner must choose; creating a new record
 * despite a strong match needs a reason. A restricted record the practitioner cannot see that may be
 * this child is never offered, but the form says one may match and a new record then needs a reason
 * (and is held restricted until someone with access decides).
 */
async function resolveChildren(request: FastifyRequest, children: ParsedChild[]): Promise<Resolution> {
  const access = request.access;
  const resolvedChildren: ChildInput[] = [];
  const restrictedMatches: number[][] = [];
  const choices: Record<number, Candidate[]> = {};
  const restrictedMayMatch: Record<number, boolean> = {};
  const problems: { field: string; text: string }[] = [];
  for (const child of children) {
    if (typeof child.match === 'number') {
      await access.assertPersonVisible(child.match);
      resolvedChildren.push({ details: child.details, resolution: { kind: 'link', personId: child.match } });
      restrictedMatches.push([]);
      continue;
    }
    const restricted = await restrictedMatchesForChild(access, child.details);
    const candidates = await findChildCandidates(access, child.details);
    const strongest = candidates.find((candidate) => candidate.strong);
    const name = `${child.details.givenName} ${child.details.familyName}`;
    const offer = () => {
      choices[child.index] = candidates;
      if (restricted.length > 0) restrictedMayMatch[child.index] = true;
    };
    if (child.match === undefined && (candidates.length > 0 || restricted.length > 0)) {
      offer();
      problems.push({
        field: `child-${child.index}-match`,
        text:
          candidates.length > 0
            ? `Choose whether ${name} is someone already known, or a new record`
            : `Confirm whether to create a new record for ${name}: a restricted record may match`,
      });
    } else if (child.match === 'new' && (strongest || restricted.length > 0) && !child.newReason) {
      offer();
      problems.push({
        field: `child-${child.index}-newReason`,
        text: strongest
          ? `Say why ${name} needs a new record when a close match is already known`
          : `Say why ${name} needs a new record when a restricted record may match`,
      });
    } else {
      resolvedChildren.push({
        details: child.details,
        resolution: { kind: 'create', reason: child.newReason, bestCandidateId: candidates[0]?.id },
      });
      restrictedMatches.push(restricted);
    }
  }
  if (problems.length === 0) return { children: resolvedChildren, restrictedMatches };
  const errors = problems.reduce<FormErrors>(
    (all, problem) => {
      const one = formError(problem.field, problem.text);
      return { summary: [...all.summary, ...one.summary], fields: { ...all.fields, ...one.fields } };
    },
    { summary: [], fields: {} }
  );
  return { choices, restrictedMayMatch, errors };
}

function blankForm(now: Date): FormValues {
  const london = DateTime.fromJSDate(now).setZone('Europe/London');
  return {
    'received-day': String(london.day),
    'received-month': String(london.month),
    'received-year': String(london.year),
    'received-time': london.toFormat('HH:mm'),
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
  });
}
