import { sql, type Kysely } from 'kysely';

/**
 * The evidence base's information-request and handover measures, kept as cheap as the facts' (issue 13).
 * - Each instant the measures place a request or handover by gets its UK date as a stored column, worked out
 *   once when written rather than on every page for every row, and indexed.
 * - A change to a request or handover notes the months it was and is counted in (insight_month_stale), for
 *   the next refresh to give them new versions: a trend then counts again only the months that changed, as
 *   it does for the facts. The bases are LINKED_MONTH_BASES in insight-facts.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ukDate = (column: string) =>
    sql.raw(`date generated always as ((${column} at time zone 'Europe/London')::date) stored`);
  await sql`
    alter table information_request
      add column requested_on ${ukDate('requested_at')},
      add column responded_on ${ukDate('responded_at')},
      add column due_on ${ukDate('due_at')};
    create index information_request_requested_on on information_request (requested_on);
    create index information_request_responded_on on information_request (responded_on);
    create index information_request_due_on on information_request (due_on);

    alter table handover
      add column offered_on ${ukDate('offered_at')},
      add column responded_on ${ukDate('responded_at')};
    create index handover_offered_on on handover (offered_on);
    create index handover_responded_on on handover (responded_on);
  `.execute(db);

  await staleMonthsTrigger(db, 'information_request', {
    bases: { request_answered: 'responded_on', request_due: 'due_on' },
    counted: ['status', 'requested_at', 'responded_at', 'due_at', 'agency_id', 'contact_child_id'],
  });
  await staleMonthsTrigger(db, 'handover', {
    bases: { handover_accepted: 'responded_on' },
    counted: ['status', 'offered_at', 'responded_at', 'contact_child_id'],
  });
}

/**
 * A statement-level trigger noting the months (per basis) of the rows a statement inserts or deletes, and of
 * the rows an update changes in a column the measures read (an hour later the same day changes a median),
 * as they were and as they are. EXECUTEd, so
 * each statement is planned for its own rows (a bulk update must not be joined row by row).
 */
async function staleMonthsTrigger(
  db: Kysely<unknown>,
  table: string,
  { bases, counted }: { bases: Record<string, string>; counted: string[] }
): Promise<void> {
  // A month already noted is not noted again: between two page views the table holds each month once.
  const months = (rows: string) => `insert into insight_month_stale (basis, month)
    select distinct v.basis, date_trunc('month', v.day)::date
    from ${rows} as r cross join lateral (values ${Object.entries(bases)
      .map(([basis, column]) => `('${basis}', r.${column})`)
      .join(', ')}) as v(basis, day)
    where v.day is not null and not exists (select 1 from insight_month_stale s
      where s.basis = v.basis and s.month = date_trunc('month', v.day)::date)`;
  const differs = `(${counted.map((column) => `n.${column}`).join(', ')})
    is distinct from (${counted.map((column) => `o.${column}`).join(', ')})`;
  const changed = (side: 'n' | 'o') =>
    `(select ${side}.* from new_rows n join old_rows o on o.id = n.id where ${differs})`;
  const fn = `insight_stale_${table}`;
  await sql
    .raw(
      `create function ${fn}() returns trigger language plpgsql as $fn$
      begin
        if tg_op = 'INSERT' then execute $q$${months('new_rows')}$q$;
        elsif tg_op = 'DELETE' then execute $q$${months('old_rows')}$q$;
        else execute $q$${months(`(${changed('n')} union all ${changed('o')})`)}$q$;
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
