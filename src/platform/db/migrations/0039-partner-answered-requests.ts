import { sql, type Kysely } from 'kysely';

/**
 * A partner's list shows its latest answered requests: without this index every answered request the
 * agency ever gave was joined and sorted to find the newest fifty (police: thousands a year).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index information_request_agency_answered
    on information_request (agency_id, responded_at desc, id desc) where status = 'answered'
  `.execute(db);
}
