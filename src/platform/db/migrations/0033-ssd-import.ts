import { sql, type Kysely } from 'kysely';

/**
 * The records `frontdoor import ssd` brought across (issue 18): which Front Door record each row of the
 * source system's Standard Safeguarding Dataset became. Keeping the source's ids makes a second import
 * of the same extract change nothing, and lets anyone trace a record back to the system it came from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table imported_record (
      source_table text not null,
      source_id text not null,
      record_type text not null,
      record_id integer not null,
      imported_at timestamptz not null default now(),
      primary key (source_table, source_id)
    );
    create index imported_record_record on imported_record (record_type, record_id);
  `.execute(db);
}
