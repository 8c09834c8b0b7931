import { sql, type Kysely } from 'kysely';

/**
 * The restricted people, merged or not, by a partial index. Migration 0041's index left merged records
 * out, so the access rule's `person.restricted` (every list and count a member of staff sees asks it)
 * could not use it: the planner read every person to find the few restricted ones (9 ms on a council of
 * 40,000 people, for each partner's list of answered requests). The restricted records page's
 * `restricted and merged_into_id is null` still reads this index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index person_restricted;
    create index person_restricted on person (id) where restricted;
  `.execute(db);
}
