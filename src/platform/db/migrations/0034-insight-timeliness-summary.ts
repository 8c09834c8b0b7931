import { sql, type Kysely } from 'kysely';

/**
 * The timeliness page's requests and handovers with their filters, so that no page joins the facts
 * (src/modules/performance/insight-facts.ts; issue 13):
 * - insight_request, insight_handover: one row per information request and per handover, with the columns
 *   the measures count (their times, the stored UK dates of migration 0026, status, agency or team) and the
 *   filter dimensions of their contact-child's fact. Rewritten by the refresh that keeps the facts, for the
 *   contact-children whose fact changed and those queued below;
 * - insight_linked_queue: contact-children whose requests or handovers a write changed (in a column the
 *   summary holds). Statement triggers add to it in the writer's transaction, as insight_fact_queue;
 * - a deleted request or handover leaves the summary at once (no personal data waits for a page).
 * Derived data, no foreign keys. The next refresh rebuilds everything (the calendar key is cleared), which
 * fills the summary from what is already recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Fixed-width columns first, the dates a period is chosen by at the front, text at the end (as insight_fact).
  const dimensions = `person_id integer, locality_id integer, team_id integer, referrer_agency_id integer`;
  const texts = `age_band text, sex text, ethnic_group text, disability text`;
  await sql
    .raw(
      `
    create table insight_linked_queue (contact_child_id integer not null);
    create index insight_linked_queue_child on insight_linked_queue (contact_child_id);

    create table insight_request (
      id integer primary key,
      requested_on date not null,
      responded_on date,
      due_on date not null,
      contact_child_id integer not null,
      agency_id integer not null,
      requested_at timestamptz not null,
      responded_at timestamptz,
      due_at timestamptz not null,
      ${dimensions},
      status text not null,
      ${texts}
    );
    create index insight_request_child on insight_request (contact_child_id);
    create index insight_request_requested on insight_request (requested_on);
    create index insight_request_responded on insight_request (responded_on) where responded_on is not null;
    create index insight_request_due on insight_request (due_on);

    create table insight_handover (
      id integer primary key,
      offered_on date not null,
      responded_on date,
      contact_child_id integer not null,
      to_team_id integer not null,
      offered_at timestamptz not null,
      responded_at timestamptz,
      ${dimensions},
      status text not null,
      ${texts}
    );
    create index insight_handover_child on insight_handover (contact_child_id);
    create index insight_handover_offered on insight_handover (offered_on);
    create index insight_handover_responded on insight_handover (responded_on) where responded_on is not null;

    -- The refresh finds a contact-child's handovers by this (information requests have theirs).
    create index handover_contact_child on handover (contact_child_id);

    create function insight_queue_linked(ids integer[]) returns void language sql as $fn$
      insert into insight_linked_queue (contact_child_id)
      select distinct t.id from unnest(ids) as t(id)
      where t.id is not null
        and not exists (select 1 from insight_linked_queue q where q.contact_child_id = t.id)
    $fn$;

    delete from insight_state where key = 'calendar';
  `
    )
    .execute(db);
  await linkedTrigger(db, 'information_request', 'insight_request', [
    'contact_child_id',
    'agency_id',
    'status',
    'requested_at',
    'responded_at',
    'due_at',
  ]);
  await linkedTrigger(db, 'handover', 'insight_handover', [
    'contact_child_id',
    'to_team_id',
    'status',
    'offered_at',
    'responded_at',
  ]);
}

/**
 * Statement triggers on a request or handover table: inserted rows, and updated rows whose summarised
 * columns changed (as they were and are), queue their contact-children; deleted rows leave the summary at
 * once, and are queued as well. EXECUTEd, so each statement is planned for its own rows (as migration 0015's triggers).
 */
async function linkedTrigger(
  db: Kysely<unknown>,
  table: string,
  summary: string,
  columns: string[]
): Promise<void> {
  const differs = `(${columns.map((column) => `n.${column}`).join(', ')})
    is distinct from (${columns.map((column) => `o.${column}`).join(', ')})`;
  const fn = `insight_linked_${table}`;
  await sql
    .raw(
      `create function ${fn}() returns trigger language plpgsql as $fn$
      begin
        if tg_op = 'INSERT' then
          execute $q$select insight_queue_linked(array(select contact_child_id from new_rows))$q$;
        elsif tg_op = 'UPDATE' then
          execute $q$select insight_queue_linked(array(
            select unnest(array[n.contact_child_id, o.contact_child_id])
            from new_rows n join old_rows o on o.id = n.id where ${differs}))$q$;
        else
          execute $q$delete from ${summary} where id in (select id from old_rows)$q$;
          -- Queued too: a refresh already under way may write the row back from what it saw.
          execute $q$select insight_queue_linked(array(select contact_child_id from old_rows))$q$;
        end if;
        return null;
      end $fn$`
    )
    .execute(db);
  const referencing = {
    insert: 'referencing new table as new_rows',
    update: 'referencing new table as new_rows old table as old_rows',
    delete: 'referencing old table as old_rows',
  };
  for (const [event, transition] of Object.entries(referencing))
    await sql
      .raw(
        `create trigger ${fn}_${event} after ${event} on ${table} ${transition}
         for each statement execute function ${fn}()`
      )
      .execute(db);
}
