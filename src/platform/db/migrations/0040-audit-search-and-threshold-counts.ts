import { sql, type Kysely } from 'kysely';

/**
 * Pages that stay fast on a large council in every filter combination (issue 17), found by
 * `PAGE_BENCH_COUNCIL=large npm run bench:pages` (5 million audit rows, 250,000 decisions).
 *
 * Audit trail: a combination whose filters each match millions of rows but together few or none walked
 * one of them to its end. `?action=person.view&recordType=contact` (none: a person's view is about a
 * person) read all 5 million rows through the time index in 3.7 s, `?user=…&action=<rare>` a busy user's
 * every event (140 ms), and `?recordId=` alone the whole record index, which led with the record type
 * (1.2 s). So:
 * - the record index leads with the id, so an id finds its rows with or without a type;
 * - a user's events by action, and a record type's by action, each have an index ending in (at, id);
 *   a record type alone reads the second one's leading column;
 * - the planner learns that actions and record types go together (extended statistics), so it does not
 *   take "person.view" and "contact" to be independent and walk the time index hoping for a match.
 *
 * Open section 47 enquiries: the work page listed the first 300 of thousands after sorting them all
 * (310 ms on the large council); it now pages through them, reading them from a partial index in order.
 *
 * Thresholds: the versions page counted every decision and threshold assessment made under each version
 * (two scans of tables that grow with every contact: 190 ms at 250,000 decisions). The counts are now
 * kept as they change, by statement triggers on the two tables (one statement's rows counted together,
 * so a bulk load is one update), in `threshold_document_use`, and read from there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index audit_event_record;
    create index audit_event_record on audit_event (record_id, record_type, at, id);
    create index audit_event_actor_action on audit_event (actor_user_id, action, at, id);
    create index audit_event_type_action on audit_event (record_type, action, at, id);
    create statistics audit_event_action_record_type (dependencies, mcv) on action, record_type from audit_event;
    create statistics audit_event_actor_record_type (mcv) on actor_user_id, record_type from audit_event;
    analyze audit_event;
  `.execute(db);

  // Open section 47 enquiries in the order the work page lists them (its predicate word for word as
  // openEnquiry writes it); a large council has thousands open, and the page shows fifty at a time.
  await sql`
    create index strategy_discussion_open on strategy_discussion (icpc_due_on, id)
    where (outcome in ('single_agency_s47', 'joint_s47')
      and (s47_outcome is null or (s47_outcome = 'icpc' and icpc_held_on is null)))
  `.execute(db);

  await sql`
    create table threshold_document_use (
      threshold_document_id integer primary key references threshold_document(id) on delete cascade,
      decisions integer not null default 0,
      assessments integer not null default 0
    );
    insert into threshold_document_use (threshold_document_id, decisions, assessments)
    select d.id,
      (select count(*) from decision where threshold_document_id = d.id),
      (select count(*) from threshold_assessment where threshold_document_id = d.id)
    from threshold_document d;

    -- Adds what a statement changed (its rows as they are, less its rows as they were) to one column
    -- of the counts: tg_argv[0] is the column.
    create function threshold_document_use_counted() returns trigger language plpgsql as $fn$
      declare
        added text := case when tg_op in ('INSERT', 'UPDATE')
          then 'select threshold_document_id, 1 as n from new_rows' end;
        removed text := case when tg_op in ('UPDATE', 'DELETE')
          then 'select threshold_document_id, -1 as n from old_rows' end;
      begin
        execute format(
          'insert into threshold_document_use as u (threshold_document_id, %1$I)
           select threshold_document_id, sum(n) from (%2$s) changed
           where threshold_document_id is not null
           group by threshold_document_id having sum(n) <> 0
           order by threshold_document_id
           on conflict (threshold_document_id) do update set %1$I = u.%1$I + excluded.%1$I',
          tg_argv[0], concat_ws(' union all ', added, removed));
        return null;
      end $fn$;
  `.execute(db);
  const referencing = {
    insert: 'referencing new table as new_rows',
    update: 'referencing new table as new_rows old table as old_rows',
    delete: 'referencing old table as old_rows',
  };
  for (const [table, column] of [
    ['decision', 'decisions'],
    ['threshold_assessment', 'assessments'],
  ] as const) {
    // Every update, not only of threshold_document_id: a trigger with transition tables takes no column list.
    for (const [event, transition] of Object.entries(referencing)) {
      await sql
        .raw(
          `create trigger ${table}_threshold_document_use_${event} after ${event} on ${table} ${transition}
           for each statement execute function threshold_document_use_counted('${column}')`
        )
        .execute(db);
    }
  }
}
