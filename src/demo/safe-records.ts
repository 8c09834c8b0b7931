import type { Db } from '../platform/db/database.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { holdForRestrictedMatchReview } from '../modules/people/matching/restricted-matches.ts';

/** Shows issue 9 item 5 at work: a record held restricted, pending review, because a restricted child may match it. */
export async function seedRestrictedMatchReview(db: Db, context: { now: Date }): Promise<void> {
  const practitionerName = DEMO_ACCOUNTS.find(
    (account) => account.role === 'front_door_practitioner'
  )?.username;
  const [restricted, practitioner] = await Promise.all([
    db
      .selectFrom('person')
      .innerJoin('record_access_grant as grant', 'grant.person_id', 'person.id')
      .where('person.restricted', '=', true)
      .where('person.date_of_birth', 'is not', null)
      .select(['person.id', 'person.given_name', 'person.family_name', 'person.date_of_birth', 'person.sex'])
      .orderBy('person.id')
      .executeTakeFirst(),
    db
      .selectFrom('staff_user')
      .where('username', '=', practitionerName ?? '')
      .select(['id', 'team_id'])
      .executeTakeFirst(),
  ]);
  if (!restricted || !practitioner) return;
  await db.transaction().execute(async (trx) => {
    // The same child as the referrer described them, made by a practitioner who could not see the record.
    const made = await trx
      .insertInto('person')
      .values({
        given_name: restricted.given_name,
        family_name: restricted.family_name,
        date_of_birth: restricted.date_of_birth,
        sex: restricted.sex,
        created_by: practitioner.id,
        created_at: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await holdForRestrictedMatchReview(trx, {
      personId: made.id,
      restrictedPersonIds: [restricted.id],
      contactChildId: null,
      reference: null,
      actor: { userId: practitioner.id, teamId: practitioner.team_id },
      now: context.now,
    });
  });
}
