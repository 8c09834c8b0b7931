import { z } from 'zod';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { PENDING_REVIEW_REASON } from './matching/restricted-matches.ts';

/** Why a record decided to be a restricted child stays restricted until an administrator merges it. */
export const SAME_CHILD_REASON = 'Same child as a restricted record — to be merged';

export const restrictionReviewForm = z.object({
  reviewId: z.coerce.number({ error: 'Choose a review' }).int().positive('Choose a review'),
  decision: z.enum(['same_child', 'different_child'], {
    error: 'Choose whether this is the same child as the restricted record',
  }),
  note: requiredText(
    2000,
    'Say how you decided, for example what you compared',
    'The note must be 2,000 characters or fewer'
  ),
});

export type RestrictionReviewForm = z.infer<typeof restrictionReviewForm>;

/**
 * The open reviews of this record that the viewer can decide: only those whose restricted record
 * they hold access to (everyone else is not told which record it is). Call inside readPerson.
 */
export function reviewsForViewerQuery(db: Db, access: RecordAccess, personId: number) {
  return db
    .selectFrom('restricted_match_review as review')
    .innerJoin('person as restricted', 'restricted.id', 'review.restricted_person_id')
    .innerJoin('staff_user as raiser', 'raiser.id', 'review.raised_by')
    .where('review.person_id', '=', personId)
    .where('review.decided_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('record_access_grant as grant')
          .whereRef('grant.person_id', '=', 'review.restricted_person_id')
          .where('grant.user_id', '=', access.actor.userId)
          .select('grant.person_id')
      )
    )
    .select([
      'review.id',
      'review.raised_at',
      'raiser.display_name as raised_by',
      'restricted.id as restricted_person_id',
      'restricted.given_name',
      'restricted.family_name',
      'restricted.date_of_birth',
    ])
    .orderBy('review.id');
}

/**
 * Someone with access to both records decides. A different child: once no review is open, the new
 * record's restriction (made only for the review) is lifted. The same child: it stays restricted
 * until an administrator merges the two.
 */
export async function decideRestrictionReview(
  trx: Db,
  review: { id: number; personId: number },
  decision: RestrictionReviewForm,
  context: { actorId: number; now: Date }
): Promise<{ lifted: boolean }> {
  await trx
    .updateTable('restricted_match_review')
    .set({
      decision: decision.decision,
      note: decision.note,
      decided_by: context.actorId,
      decided_at: context.now,
    })
    .where('id', '=', review.id)
    .where('decided_at', 'is', null)
    .execute();
  if (decision.decision === 'same_child') {
    await trx
      .updateTable('person')
      .set({ restricted: true, restriction_reason: SAME_CHILD_REASON })
      .where('id', '=', review.personId)
      .execute();
    return { lifted: false };
  }
  const reviews = await trx
    .selectFrom('restricted_match_review')
    .where('person_id', '=', review.personId)
    .select(['decision', 'decided_at'])
    .execute();
  const stillOpen = reviews.some((row) => row.decided_at === null);
  const sameChild = reviews.some((row) => row.decision === 'same_child');
  if (stillOpen || sameChild) return { lifted: false };
  const lifted = await trx
    .updateTable('person')
    .set({ restricted: false, restriction_reason: null })
    .where('id', '=', review.personId)
    .where('restriction_reason', '=', PENDING_REVIEW_REASON)
    .executeTakeFirst();
  return { lifted: Number(lifted.numUpdatedRows) > 0 };
}
