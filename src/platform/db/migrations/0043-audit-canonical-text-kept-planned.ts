import { sql, type Kysely } from 'kysely';

/**
 * The audit chain's canonical text, the same text, computed without a query. Migration 0011 wrote it as
 * an SQL function over `unnest ... with ordinality`; PostgreSQL plans such a function's query afresh on
 * every call, and the seal calls it for every audit row at commit (0.04 ms of planning and 0.02 ms of
 * running a row, about a tenth of sealing it). As PL/pgSQL over an inlined per-field function it is one
 * simple expression, planned once a connection. Every field is still its length, ':' and the text, or
 * '-' for null, joined by '|' after 'v1': the hashes of existing rows are unchanged (audit-chain.test.ts
 * compares the database's text with src/platform/audit/audit-chain.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function audit_field(f text) returns text language sql immutable as $fn$
      select coalesce(length(f)::text || ':' || f, '-')
    $fn$;

    create or replace function audit_event_canonical(e audit_event) returns text language plpgsql stable as $fn$
    begin
      return concat_ws('|', 'v1',
        audit_field(e.chain_seq::text), audit_field(e.id::text),
        audit_field(to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
        audit_field(e.event_class), audit_field(e.action), audit_field(e.actor_user_id::text),
        audit_field(e.actor_role), audit_field(e.actor_agency_id::text), audit_field(e.record_type),
        audit_field(e.record_id), audit_field(e.reason), audit_field(e.ip), audit_field(e.request_id),
        audit_field(e.details::text), audit_field(e.prev_hash));
    end $fn$;
  `.execute(db);
}
