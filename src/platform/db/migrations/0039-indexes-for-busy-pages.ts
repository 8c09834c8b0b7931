import { sql, type Kysely } from 'kysely';

/** Indexes for reads that every busy page makes, found under load (issue 17). */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A partner's list shows its latest answered requests: without this every answered request the agency
  // ever gave was joined and sorted to find the newest fifty (police: thousands a year).
  await sql`
    create index information_request_agency_answered
    on information_request (agency_id, responded_at desc, id desc) where status = 'answered'
  `.execute(db);
  // A child's relationships are read on every case page and record, ended ones included; the only index
  // led by person_id held current ones alone, so each read scanned the whole table.
  await sql`create index person_relationship_person on person_relationship (person_id)`.execute(db);
}
