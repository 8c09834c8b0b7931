import { sql, type Kysely } from 'kysely';

/**
 * The restricted records page lists a few dozen restricted records out of hundreds of thousands of people:
 * without an index it read every person (153 ms at p95 on the large council of issue 17, the worst page).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index person_restricted on person (id) where restricted and merged_into_id is null`.execute(
    db
  );
}
