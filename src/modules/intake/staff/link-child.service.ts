import type { Db } from '../../../platform/db/database.ts';
import type { DescribedChild } from '../../../platform/db/schema.ts';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';
import { recordJourneyEvent } from '../../journey/journey-events.ts';
import { findChildCandidates, restrictedMatchesForChild } from '../../people/matching/child-candidates.ts';
import { holdForRestrictedMatchReview } from '../../people/matching/restricted-matches.ts';
import { choiceProblem, type Offered } from './link-choice.ts';
import { joinContactHousehold } from '../household.ts';
import { relateContactPeople } from '../../people/relationships/relationships.ts';

/*
 * Online and partner-system contacts arrive with children as described. Tying each to the person
 * index (an existing record, or a new one) is an explicit, recorded choice made when screening.
 */

export type ChildToLink = Awaited<ReturnType<typeof unlinkedChild>>;

/** A described child not yet linked, with the people who could be them (audited as searches). */
export async function childToLink(
  access: RecordAccess,
  ids: { contactId: number; childId: number }
): Promise<{ child: ChildToLink; offered: Offered }> {
  const child = await unlinkedChild(access, ids);
  const { offered } = await offerFor(access, child);
  return { child, offered };
}

export type LinkOutcome =
  | { outcome: 'invalid'; child: ChildToLink; offered: Offered; problem: { field: string; text: string } }
  | { outcome: 'linked'; contactId: number };

/**
 * Links the child to the person chosen (`match`: a person id offered, or 'new' for a new record).
 * A record made while a restricted one may be this child inherits the restriction until reviewed.
 */
export async function linkChild(
  access: RecordAccess,
  choice: { contactId: number; childId: number; match: string | undefined; newReason: string | undefined },
  now: Date
): Promise<LinkOutcome> {
  const child = await unlinkedChild(access, choice);
  const { offered, restricted } = await offerFor(access, child);
  const reason = choice.newReason?.trim() || undefined;
  const problem = choiceProblem(choice.match, reason, offered);
  if (problem) return { outcome: 'invalid', child, offered, problem };
  const personId = choice.match === 'new' ? null : Number(choice.match);
  if (personId !== null) await access.assertPersonVisible(personId);
  const actor = access.actor;
  const made = personId === null ? 'created_new' : 'linked_existing';
  await access.recordChange('contact:record', 'contact.record', async (trx) => {
    const linkedId = personId ?? (await createPerson(trx, child.described, actor.userId, now));
    const held =
      personId === null
        ? await holdForRestrictedMatchReview(trx, {
            personId: linkedId,
            restrictedPersonIds: restricted,
            contactChildId: child.id,
            reference: child.reference,
            actor,
            now,
          })
        : [];
    await trx.updateTable('contact_child').set({ person_id: linkedId }).where('id', '=', child.id).execute();
    await joinContactHousehold(trx, choice.contactId, linkedId, 'child');
    // The adults already named on the contact are related to the child now the child has a record.
    await relateContactPeople(trx, choice.contactId, { recordedBy: actor.userId, now });
    await trx
      .insertInto('person_link_decision')
      .values({
        contact_child_id: child.id,
        person_id: linkedId,
        choice: made,
        best_candidate_id: offered.candidates[0]?.id ?? null,
        reason: personId === null ? (reason ?? null) : null,
        decided_by: actor.userId,
        decided_at: now,
      })
      .execute();
    await recordJourneyEvent(trx, {
      contactChildId: child.id,
      step: 'linked',
      at: now,
      actorId: actor.userId,
      details: { personId: linkedId, choice: made },
    });
    return {
      recordType: 'contact',
      recordId: child.contactId,
      result: linkedId,
      details: { contactChildId: child.id, choice: made, heldForReview: held.length > 0 },
    };
  });
  return { outcome: 'linked', contactId: child.contactId };
}

/** The child, read through the contact's access check: "not found" once linked or when not described. */
async function unlinkedChild(access: RecordAccess, ids: { contactId: number; childId: number }) {
  const { contactId, childId } = ids;
  const row = await access.readContact(contactId, (db) =>
    db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where('contact_child.id', '=', childId)
      .where('contact_child.contact_id', '=', contactId)
      .where('contact_child.person_id', 'is', null)
      .select(['contact_child.id', 'contact_child.described_child', 'contact.reference'])
      .executeTakeFirst()
  );
  if (!row?.described_child) throw new RecordNotFoundError('Contact');
  return { id: row.id, contactId, reference: row.reference, described: row.described_child };
}

/** Who could be the child: the people offered, and the restricted records held back from the screen. */
async function offerFor(access: RecordAccess, child: ChildToLink) {
  const restricted = await restrictedMatchesForChild(access, child.described);
  const candidates = await findChildCandidates(access, child.described);
  return { offered: { candidates, restrictedMayMatch: restricted.length > 0 }, restricted };
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
