import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordJourneyEvent } from '../../journey/journey-events.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { DescribedChild } from '../../../platform/db/schema.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import { formError, type FormErrors } from '../../../platform/http/forms.ts';
import { findChildCandidates, restrictedMatchesForChild, type Candidate } from './child-candidates.ts';
import {
  holdForRestrictedMatchReview,
  RESTRICTED_MAY_MATCH,
} from '../../people/matching/restricted-matches.ts';
import { idParam } from '../../../platform/http/params.ts';

const VIEWS = 'modules/intake/staff/views';
const params = z.object({ id: idParam, childId: idParam });

/**
 * Online and partner-system contacts arrive with children as described. Tying each to the person
 * index (an existing record, or a new one) is an explicit, recorded choice made when screening.
 */
export function registerLinkChildRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const record = { config: { permission: 'contact:record' } } as const;

  app.get('/contacts/:id/children/:childId/link', record, async (request, reply) => {
    const child = await unlinkedChild(request);
    const restricted = await restrictedMatchesForChild(request.access, child.described);
    const candidates = await findChildCandidates(request.access, child.described);
    return render(reply, child, { candidates, restrictedMayMatch: restricted.length > 0 }, {});
  });

  app.post('/contacts/:id/children/:childId/link', record, async (request, reply) => {
    const child = await unlinkedChild(request);
    const values = (request.body ?? {}) as Record<string, string>;
    const restricted = await restrictedMatchesForChild(request.access, child.described);
    const candidates = await findChildCandidates(request.access, child.described);
    const offered = { candidates, restrictedMayMatch: restricted.length > 0 };
    const choice = values.match;
    const reason = values.newReason?.trim() || undefined;
    const problem = choiceProblem(choice, reason, offered);
    if (problem)
      return render(reply.code(400), child, offered, values, formError(problem.field, problem.text));
    const personId = choice === 'new' ? null : Number(choice);
    if (personId !== null) await request.access.assertPersonVisible(personId);
    const actor = signedInActor(request);
    await request.access.recordChange('contact:record', 'contact.record', async (trx) => {
      const linkedId = personId ?? (await createPerson(trx, child.described, actor.userId, deps.clock.now()));
      // A record made while a restricted one may be this child inherits the restriction until reviewed.
      const held =
        personId === null
          ? await holdForRestrictedMatchReview(trx, {
              personId: linkedId,
              restrictedPersonIds: restricted,
              contactChildId: child.id,
              reference: child.reference,
              actor,
              now: deps.clock.now(),
            })
          : [];
      await trx
        .updateTable('contact_child')
        .set({ person_id: linkedId })
        .where('id', '=', child.id)
        .execute();
      await trx
        .insertInto('person_link_decision')
        .values({
          contact_child_id: child.id,
          person_id: linkedId,
          choice: personId === null ? 'created_new' : 'linked_existing',
          best_candidate_id: candidates[0]?.id ?? null,
          reason: personId === null ? (reason ?? null) : null,
          decided_by: signedInActor(request).userId,
          decided_at: deps.clock.now(),
        })
        .execute();
      await recordJourneyEvent(trx, {
        contactChildId: child.id,
        step: 'linked',
        at: deps.clock.now(),
        actorId: signedInActor(request).userId,
        details: { personId: linkedId, choice: personId === null ? 'created_new' : 'linked_existing' },
      });
      return {
        recordType: 'contact',
        recordId: child.contactId,
        result: linkedId,
        details: {
          contactChildId: child.id,
          choice: personId === null ? 'created_new' : 'linked_existing',
          heldForReview: held.length > 0,
        },
      };
    });
    return reply.redirect(`/contacts/${child.contactId}`, 303);
  });
}

async function unlinkedChild(request: FastifyRequest) {
  const parsed = params.safeParse(request.params);
  if (!parsed.success) throw new RecordNotFoundError('Contact');
  const { id, childId } = parsed.data;
  const row = await request.access.readContact(id, (db) =>
    db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where('contact_child.id', '=', childId)
      .where('contact_child.contact_id', '=', id)
      .where('contact_child.person_id', 'is', null)
      .select(['contact_child.id', 'contact_child.described_child', 'contact.reference'])
      .executeTakeFirst()
  );
  if (!row?.described_child) throw new RecordNotFoundError('Contact');
  return { id: row.id, contactId: id, reference: row.reference, described: row.described_child };
}

interface Offered {
  candidates: Candidate[];
  /** A restricted record the practitioner cannot see may be this child (never which, nor how many). */
  restrictedMayMatch: boolean;
}

function choiceProblem(choice: string | undefined, reason: string | undefined, offered: Offered) {
  const { candidates, restrictedMayMatch } = offered;
  if (!choice || (choice !== 'new' && !candidates.some((candidate) => String(candidate.id) === choice))) {
    return {
      field: 'match',
      text: candidates.length
        ? 'Choose the person this child is, or create a new record'
        : 'Confirm that a new person record should be created',
    };
  }
  if (choice === 'new' && candidates.some((candidate) => candidate.strong) && !reason) {
    return { field: 'newReason', text: 'Say why a new record is needed when a close match is already known' };
  }
  if (choice === 'new' && restrictedMayMatch && !reason) {
    return { field: 'newReason', text: 'Say why a new record is needed when a restricted record may match' };
  }
  return null;
}

async function createPerson(trx: Db, child: DescribedChild, userId: number, now: Date): Promise<number> {
  const row = await trx
    .insertInto('person')
    .values({
      given_name: child.givenName || 'Unknown',
      family_name: child.familyName || 'Unknown',
      date_of_birth: child.dateOfBirth ?? null,
      expected_date_of_birth: child.expectedDateOfBirth ?? null,
      sex: child.sex ?? 'U',
      nhs_number: child.nhsNumber ?? null,
      created_by: userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function render(
  reply: FastifyReply,
  child: Awaited<ReturnType<typeof unlinkedChild>>,
  offered: Offered,
  values: Record<string, string>,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/link-child.njk`, {
    pageTitle: 'Link the child to a person record',
    child,
    candidates: offered.candidates,
    restrictedMayMatch: offered.restrictedMayMatch,
    restrictedMayMatchText: RESTRICTED_MAY_MATCH,
    values,
    errors,
  });
}
