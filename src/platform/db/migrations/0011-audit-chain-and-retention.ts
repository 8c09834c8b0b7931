import { sql, type Kysely } from 'kysely';

/**
 * The audit trail becomes a hash chain, and records can be kept for exactly as long as the rules say.
 *
 * Audit chain: each row gets `chain_seq` (its place in the chain), `prev_hash` (the hash of the row
 * before) and `hash` = SHA-256 of the row's canonical text (audit_event_canonical, mirrored in
 * src/platform/audit/audit-chain.ts: change both together). Rows are sealed at commit by a deferred
 * trigger that takes the single-row `audit_chain_head` lock last and only for the commit, so writers
 * never deadlock on it and the chain follows commit order. The seal function runs as the owner
 * (security definer): the service role needs only SELECT and INSERT on audit_event. The one update the
 * append-only trigger now allows is that seal, once, leaving every other column as it was. Existing
 * rows are chained here in id order.
 *
 * Retention: `legal_hold` (an administrator's hold on a person, which overrides deletion) and
 * `retention_tombstone` (what was deleted, when and under which rule: no personal data).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_event add column chain_seq bigint, add column prev_hash text, add column hash text;
    create unique index audit_event_chain_seq on audit_event (chain_seq);

    create table audit_chain_head (
      id integer primary key check (id = 1),
      seq bigint not null,
      hash text not null
    );
    insert into audit_chain_head (id, seq, hash) values (1, 0, repeat('0', 64));

    -- Each field as its length in characters, a colon and the text, or '-' for null, joined by '|'.
    create function audit_event_canonical(e audit_event) returns text language sql stable as $fn$
      select 'v1|' || array_to_string(array(
        select coalesce(length(f)::text || ':' || f, '-')
        from unnest(array[
          e.chain_seq::text, e.id::text,
          to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.event_class, e.action, e.actor_user_id::text, e.actor_role, e.actor_agency_id::text,
          e.record_type, e.record_id, e.reason, e.ip, e.request_id, e.details::text, e.prev_hash
        ]) with ordinality as t(f, n) order by n
      ), '|')
    $fn$;

    create or replace function audit_event_is_append_only() returns trigger language plpgsql as $fn$
    begin
      -- The one change allowed: sealing a new row into the hash chain, once, with nothing else changed.
      if tg_op = 'UPDATE' and old.hash is null and new.hash is not null
         and (to_jsonb(old) - 'chain_seq' - 'prev_hash' - 'hash') = (to_jsonb(new) - 'chain_seq' - 'prev_hash' - 'hash') then
        return new;
      end if;
      raise exception 'audit_event is append-only: % is not allowed', tg_op;
    end $fn$;

    -- A row arrives unsealed whatever the writer says; the seal below is the only way in.
    create function audit_event_arrives_unsealed() returns trigger language plpgsql as $fn$
    begin
      new.chain_seq := null;
      new.prev_hash := null;
      new.hash := null;
      return new;
    end $fn$;
    create trigger audit_event_unsealed before insert on audit_event
      for each row execute function audit_event_arrives_unsealed();
  `.execute(db);

  await sql`
    do $chain$
    declare
      r audit_event%rowtype;
      next_seq bigint := 0;
      previous text := repeat('0', 64);
    begin
      for r in select * from audit_event order by id loop
        next_seq := next_seq + 1;
        r.chain_seq := next_seq;
        r.prev_hash := previous;
        r.hash := encode(sha256(convert_to(audit_event_canonical(r), 'UTF8')), 'hex');
        update audit_event set chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
        previous := r.hash;
      end loop;
      update audit_chain_head set seq = next_seq, hash = previous where id = 1;
    end $chain$;
  `.execute(db);

  await sql`
    create function audit_event_seal() returns trigger language plpgsql security definer
      set search_path = public, pg_temp as $fn$
    declare
      head audit_chain_head%rowtype;
      sealed audit_event%rowtype;
    begin
      select * into head from audit_chain_head where id = 1 for update;
      sealed := new;
      sealed.chain_seq := head.seq + 1;
      sealed.prev_hash := head.hash;
      sealed.hash := encode(sha256(convert_to(audit_event_canonical(sealed), 'UTF8')), 'hex');
      update audit_event set chain_seq = sealed.chain_seq, prev_hash = sealed.prev_hash, hash = sealed.hash
        where id = new.id;
      update audit_chain_head set seq = sealed.chain_seq, hash = sealed.hash where id = 1;
      return null;
    end $fn$;
    create constraint trigger audit_event_seal after insert on audit_event
      deferrable initially deferred for each row execute function audit_event_seal();

    create table legal_hold (
      id integer generated always as identity primary key,
      person_id integer not null references person(id),
      reason text not null,
      set_by integer not null references staff_user(id),
      set_at timestamptz not null,
      released_by integer references staff_user(id),
      released_at timestamptz,
      release_reason text
    );
    create index legal_hold_person on legal_hold (person_id) where released_at is null;

    create table retention_tombstone (
      id bigint generated always as identity primary key,
      record_type text not null,
      record_id text not null,
      rule text not null,
      deleted_at timestamptz not null
    );
    create index retention_tombstone_record on retention_tombstone (record_type, record_id);
  `.execute(db);
}
