import { RecordNotFoundError, type RecordAccess } from '../../platform/access/record-access.ts';
import { decideRestrictionReview, type RestrictionReviewForm } from './restriction-review.ts';

/**
 * Someone holding access to a restricted record decides whether a record held restricted for review
 * is the same child. Anyone who cannot see both records is told neither exists, before the form is
 * judged: `decision` is undefined when the form did not parse, and then nothing is changed.
 */
export async function reviewRestrictedMatch(
  access: RecordAccess,
  review: { personId: number; reviewId: number; decision: RestrictionReviewForm | undefined },
  now: Date
): Promise<{ lifted: boolean } | undefined> {
  const { personId, decision } = review;
  const open = await access.readPerson(
    personId,
    (db) =>
      db
        .selectFrom('restricted_match_review')
        .where('id', '=', review.reviewId)
        .where('person_id', '=', personId)
        .where('decided_at', 'is', null)
        .select(['id', 'restricted_person_id'])
        .executeTakeFirst(),
    'person.view'
  );
  if (!open) throw new RecordNotFoundError('Review');
  await access.assertPersonVisible(open.restricted_person_id);
  if (!decision) return undefined;
  return access.recordChange('contact:record', 'person.restriction_review', async (trx) => {
    const result = await decideRestrictionReview(trx, { id: open.id, personId }, decision, {
      actorId: access.actor.userId,
      now,
    });
    return {
      recordType: 'person',
      recordId: personId,
      result,
      details: {
        reviewId: open.id,
        restrictedPersonId: open.restricted_person_id,
        decision: decision.decision,
        lifted: result.lifted,
      },
    };
  });
}
