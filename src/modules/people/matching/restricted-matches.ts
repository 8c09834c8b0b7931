/**
 * Restriction must not cause duplicates. When the matcher would score a restricted record the actor
 * cannot see as a strong or possible match, the screen says so without revealing anything about it
 * (no name, no id, no count); a new record made meanwhile is held restricted, visible to its maker
 * and to those with access to the restricted record, who are asked to review it.
 */
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import type { Db } from '../../../platform/db/database.ts';
import { findPersonMatches, type PersonQuery } from './find-person-matches.ts';

/** What the maker is told: that one may match and who decides, nothing more. */
export const RESTRICTED_MAY_MATCH =
  'A restricted record may match this child. Someone with access must decide.';

/** The restriction reason of a record held until someone with access has reviewed it. */
export const PENDING_REVIEW_REASON = 'Possible match to a restricted record — pending review';

/** Enough for any real query; the maker learns only whether there was any. */
const RESTRICTED_CANDIDATES = 5;

/**
 * Ids of restricted records the actor cannot see that the matcher scores as a strong or possible
 * match for `query`. For routing a review only: never put them on the actor's screen.
 */
export function restrictedRecordsThatMayMatch(
  access: RecordAccess,
  query: PersonQuery,
  purpose: string
): Promise<number[]> {
  const criteria = {
    ...Object.fromEntries(Object.entries(query).map(([field, value]) => [field, Boolean(value)])),
    purpose,
  };
  return access.restrictedRecordsMatching(criteria, async (db, hidden) => {
    const matches = await findPersonMatches(db, query, hidden, RESTRICTED_CANDIDATES);
    return matches.filter((match) => match.decision !== 'none').map((match) => match.personId);
  });
}

export interface HeldRecord {
  /** The record just created. */
  personId: number;
  /** The restricted records it may be (from restrictedRecordsThatMayMatch). */
  restrictedPersonIds: number[];
  contactChildId: number | null;
  /** The contact's reference, for the reviewers' notification, when there is a contact. */
  reference: string | null;
  actor: { userId: number; teamId: number | null };
  now: Date;
}

/**
 * Inside the caller's transaction: the new record inherits the restriction until reviewed. Its maker
 * keeps access (the child must not wait), those holding access to the restricted record are given
 * access to it and a notification asking them to decide; with nobody holding access, the maker's team
 * is told. Returns the review ids.
 */
export async function holdForRestrictedMatchReview(trx: Db, held: HeldRecord): Promise<number[]> {
  if (held.restrictedPersonIds.length === 0) return [];
  await trx
    .updateTable('person')
    .set({ restricted: true, restriction_reason: PENDING_REVIEW_REASON })
    .where('id', '=', held.personId)
    .execute();
  const holders = await trx
    .selectFrom('record_access_grant')
    .where('person_id', 'in', held.restrictedPersonIds)
    .where('user_id', '<>', held.actor.userId)
    .select(['person_id', 'user_id'])
    .orderBy('user_id')
    .execute();
  const grants = [
    {
      user_id: held.actor.userId,
      reason: 'Made this record while a restricted record may match; pending review',
    },
    ...[...new Set(holders.map((holder) => holder.user_id))].map((userId) => ({
      user_id: userId,
      reason: 'Holds access to a restricted record this may match, to review it',
    })),
  ];
  await trx
    .insertInto('record_access_grant')
    .values(
      grants.map((grant) => ({
        ...grant,
        person_id: held.personId,
        granted_by: held.actor.userId,
        granted_at: held.now,
      }))
    )
    .onConflict((conflict) => conflict.columns(['person_id', 'user_id']).doNothing())
    .execute();
  const reviewIds: number[] = [];
  for (const restrictedPersonId of held.restrictedPersonIds) {
    const review = await trx
      .insertInto('restricted_match_review')
      .values({
        person_id: held.personId,
        restricted_person_id: restrictedPersonId,
        contact_child_id: held.contactChildId,
        raised_by: held.actor.userId,
        raised_at: held.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    reviewIds.push(review.id);
    const reviewers = holders.filter((holder) => holder.person_id === restrictedPersonId);
    const message =
      reviewers.length > 0
        ? `Record ${held.personId}, made${held.reference ? ` for contact ${held.reference}` : ''}, may be the same child as a restricted record you can see. Open /people/${held.personId} to decide: the same child, or a different one. It stays restricted until then.`
        : `Record ${held.personId}, made${held.reference ? ` for contact ${held.reference}` : ''}, may be the same child as a restricted record nobody holds access to. It stays restricted: ask whoever manages restricted records to review it.`;
    const recipients =
      reviewers.length > 0
        ? reviewers.map((reviewer) => ({
            user_id: reviewer.user_id,
            team_id: null,
            key: `user-${reviewer.user_id}`,
          }))
        : held.actor.teamId === null
          ? [{ user_id: held.actor.userId, team_id: null, key: `user-${held.actor.userId}` }]
          : [{ user_id: null, team_id: held.actor.teamId, key: `team-${held.actor.teamId}` }];
    await trx
      .insertInto('notification')
      .values(
        recipients.map((recipient) => ({
          event_key: `restricted_match_review:${review.id}:${recipient.key}`,
          kind: 'restricted_match_review',
          contact_child_id: held.contactChildId,
          team_id: recipient.team_id,
          user_id: recipient.user_id,
          message,
          raised_at: held.now,
        }))
      )
      .execute();
  }
  return reviewIds;
}
