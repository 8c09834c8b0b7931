import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { CouncilSettings } from '../../platform/db/schema.ts';
import { calendarOf } from '../../platform/council/council-settings.ts';
import { DEFAULT_CALENDAR, isWorkingDay, type WorkingCalendar } from '../../shared/working-time.ts';

/*
 * The performance pages read one summary table, insight_fact: a row per child per contact with the
 * dimensions they filter by and the facts each measure counts (migration 0015 describes the tables).
 * Triggers queue the contact-children a write makes stale; refreshInsightFacts folds the queue in with
 * a handful of set-based statements, so the figures are as current as the last write, without a batch.
 */

export interface RefreshResult {
  /** Contact-children whose facts were recomputed (0 when nothing had changed). */
  refreshed: number;
  /** True when everything was rebuilt: first use, the council's working calendar changed, a large backlog. */
  rebuilt: boolean;
}

/** The working calendar spans these years: far wider than any record's dates, cheap to hold (≈ 30,000 rows). */
const CALENDAR_FROM = '2000-01-01';
const CALENDAR_TO = '2079-12-31';
/** A backlog bigger than this is cheaper to rebuild from scratch than to fold in. */
const REBUILD_ABOVE = 20_000;
/** Refreshes queue behind this transaction-scoped lock, so two app processes never fold the same rows. */
const REFRESH_LOCK = 0x1a5_16f7;

/**
 * Folds queued changes into the facts; call before reading. One small query when nothing changed.
 * Safe with several app processes at once: each waits for a refresh in progress, then finds its work done.
 */
export async function refreshInsightFacts(db: Db): Promise<RefreshResult> {
  const { rows } = await sql<{ queued: boolean; calendar: string | null; settings: CouncilSettings | null }>`
    select exists (select 1 from insight_fact_queue) or exists (select 1 from insight_month_stale)
        or exists (select 1 from insight_linked_queue) as queued,
      (select value from insight_state where key = 'calendar') as calendar,
      (select settings from council order by id limit 1) as settings`.execute(db);
  const status = rows[0]!;
  const calendar = workingDaysOf(status.settings);
  if (!status.queued && status.calendar === calendar.key) return { refreshed: 0, rebuilt: false };
  const result = await db.transaction().execute(async (trx) => {
    await lockForRefresh(trx);
    if ((await storedCalendarKey(trx)) !== calendar.key) return rebuildWith(trx, calendar);
    const claimed = await sql<{ ids: number[] }>`
      with claimed as (delete from insight_fact_queue returning contact_child_id)
      select coalesce(array_agg(distinct contact_child_id), '{}') as ids from claimed`.execute(trx);
    const ids = claimed.rows[0]!.ids;
    if (ids.length > REBUILD_ABOVE) return rebuildWith(trx, calendar);
    const { stale, differing } = await refreshSome(trx, ids);
    await summariseLinked(trx, differing);
    return { refreshed: stale, rebuilt: false };
  });
  if (result.rebuilt) await analyseFacts(db);
  return result;
}

/** Rebuilds the working calendar and every fact from the case tables (seed, tests, a changed calendar). */
export async function rebuildInsightFacts(db: Db): Promise<number> {
  const settings = await db.selectFrom('council').select('settings').orderBy('id').executeTakeFirst();
  const calendar = workingDaysOf(settings?.settings ?? null);
  const { refreshed } = await db.transaction().execute(async (trx) => {
    await lockForRefresh(trx);
    return rebuildWith(trx, calendar);
  });
  await analyseFacts(db);
  return refreshed;
}

/**
 * Waits for any refresh in progress (in any process) and holds the others off until this one commits.
 * The facts query is planned in the order it is written: it is long, and searching its join orders
 * cost more than running it for a handful of children.
 */
async function lockForRefresh(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
  await sql`set local join_collapse_limit = 1`.execute(trx);
}

async function storedCalendarKey(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('insight_state')
    .where('key', '=', 'calendar')
    .select('value')
    .executeTakeFirst();
  return row?.value ?? null;
}

async function rebuildWith(trx: Db, calendar: WorkingDays): Promise<RefreshResult> {
  await writeCalendar(trx, calendar);
  // Everything queued so far is covered by the rebuild; what is queued after it stays for next time.
  await sql`delete from insight_fact_queue`.execute(trx);
  await sql`delete from insight_linked_queue`.execute(trx);
  await sql`delete from insight_fact`.execute(trx);
  await sql`delete from insight_request`.execute(trx);
  await sql`delete from insight_handover`.execute(trx);
  const inserted = await sql`
    insert into insight_fact (${sql.raw(FACT_COLUMNS.join(', '))})
    ${factsOf(sql`select id from contact_child`)}`.execute(trx);
  // Every month is new: versions come from a sequence, so none matches a month counted before.
  await sql`delete from insight_month_version`.execute(trx);
  await sql`delete from insight_month_stale`.execute(trx);
  await newMonthVersions(
    sql`${monthsOf(sql`insight_fact`)} union all ${linkedMonthsOf(sql`select contact_child_id from insight_fact`)}`
  ).execute(trx);
  await summariseLinked(trx, null);
  return { refreshed: Number(inserted.numAffectedRows ?? 0), rebuilt: true };
}

/** The date that places a fact in a period, per basis (measure-queries.ts counts months by these). */
export const MONTH_BASES = {
  contact: 'received_date',
  referral: 'referral_date',
  decision: 'decision_date',
  assessment: 'assessment_authorised_on',
  conference: 'icpc_held_on',
} as const;

/** The months (per basis) the facts `rows` (with their date columns) are placed in, as (basis, month). */
function monthsOf(rows: RawBuilder<unknown>) {
  const days = Object.entries(MONTH_BASES).map(
    ([basis, column]) => sql`(${basis}, ${sql.ref(`f.${column}`)})`
  );
  return sql`select v.basis, date_trunc('month', v.day)::date as month
    from ${rows} as f cross join lateral (values ${sql.join(days)}) as v(basis, day)
    where v.day is not null`;
}

/**
 * The bases counted from information requests and handovers, by their stored UK dates: their months are
 * versioned like the facts', noted stale by triggers on those tables (migration 0026) and, as their filters
 * are the facts' own, whenever their contact-child's fact changes.
 */
export const LINKED_MONTH_BASES = {
  request_answered: { table: 'information_request', column: 'responded_on' },
  request_due: { table: 'information_request', column: 'due_on' },
  handover_accepted: { table: 'handover', column: 'responded_on' },
} as const;

/** The (basis, month) pairs of the requests and handovers of the contact-children `ids` selects. */
function linkedMonthsOf(ids: RawBuilder<unknown>) {
  return sql.join(
    Object.entries(LINKED_MONTH_BASES).map(
      ([
        basis,
        { table, column },
      ]) => sql`select ${basis} as basis, date_trunc('month', ${sql.ref(column)})::date as month
        from ${sql.table(table)} where contact_child_id in (${ids}) and ${sql.ref(column)} is not null`
    ),
    sql` union all `
  );
}

/** A new version for each (basis, month) `months` selects; in a fixed order, as row locks are taken. */
function newMonthVersions(months: RawBuilder<unknown>) {
  return sql`
    insert into insight_month_version (basis, month, version)
    select basis, month, nextval('insight_version')
    from (select distinct basis::text, month from (${months}) as changed) as distinct_months
    order by basis, month
    on conflict (basis, month) do update set version = excluded.version`;
}

/**
 * Recomputes the facts of these contact-children and of every other contact about the same children:
 * how many were recomputed, and those whose fact changed.
 */
async function refreshSome(trx: Db, ids: number[]): Promise<{ stale: number; differing: number[] }> {
  if (ids.length === 0) {
    // Only requests or handovers changed: their months get new versions, no fact does.
    await sql`with folded as (delete from insight_month_stale returning basis, month)
      ${newMonthVersions(sql`select basis, month from folded`)}`.execute(trx);
    return { stale: 0, differing: [] };
  }
  const { rows } = await sql<{ ids: number[] }>`
    select coalesce(array_agg(distinct id), '{}') as ids from (
      select unnest(${ids}::int[]) as id
      union all
      select id from insight_family_contact_children(array(
        select person_id from contact_child where id = any(${ids}::int[]) and person_id is not null))
    ) as stale`.execute(trx);
  const stale = rows[0]!.ids;
  const columns = sql.raw(FACT_COLUMNS.join(', '));
  const differs = sql.raw(
    `(${FACT_COLUMNS.map((column) => `f.${column}`).join(', ')}) is distinct from (${FACT_COLUMNS.map((column) => `fresh.${column}`).join(', ')})`
  );
  const dates = sql.raw(Object.values(MONTH_BASES).join(', '));
  // Most writes (a status, a version) change no fact: only facts that differ are written, and only their
  // months, as they were and as they are, get a new version. One statement: every part sees the facts
  // as they were before it.
  const written = await sql<{ differing: number[] }>`
    with fresh (${columns}) as materialized (${factsOf(sql`select unnest(${stale}::int[])`)}),
    differing as materialized (
      select fresh.* from fresh left join insight_fact f on f.contact_child_id = fresh.contact_child_id
      where f.contact_child_id is null or ${differs}
    ),
    removed as (
      delete from insight_fact f
      where f.contact_child_id = any(${stale}::int[])
        and not exists (select 1 from fresh where fresh.contact_child_id = f.contact_child_id)
      returning ${dates}
    ),
    folded as (delete from insight_month_stale returning basis, month),
    versions as (${newMonthVersions(sql`
      ${monthsOf(sql`(select ${dates} from differing
        union all select ${dates} from insight_fact where contact_child_id in (select contact_child_id from differing)
        union all select ${dates} from removed)`)}
      union all ${linkedMonthsOf(sql`select contact_child_id from differing`)}
      union all select basis, month from folded`)}),
    written as (
      insert into insight_fact (${columns}) select ${columns} from differing
      on conflict (contact_child_id) do update
      set ${sql.raw(
        FACT_COLUMNS.slice(1)
          .map((column) => `${column} = excluded.${column}`)
          .join(', ')
      )}
    )
    select coalesce(array_agg(contact_child_id), '{}') as differing from differing`.execute(trx);
  return { stale: stale.length, differing: written.rows[0]!.differing };
}

/**
 * The summaries of requests and handovers (migration 0034): per row, the columns the timeliness measures
 * count and its contact-child's filter dimensions, so that no page joins the facts to filter them.
 */
const LINKED_SUMMARIES = [
  {
    summary: 'insight_request',
    source: 'information_request',
    columns: [
      'id',
      'requested_on',
      'responded_on',
      'due_on',
      'contact_child_id',
      'agency_id',
      'requested_at',
      'responded_at',
      'due_at',
      'status',
    ],
  },
  {
    summary: 'insight_handover',
    source: 'handover',
    columns: [
      'id',
      'offered_on',
      'responded_on',
      'contact_child_id',
      'to_team_id',
      'offered_at',
      'responded_at',
      'status',
    ],
  },
] as const;

/** The facts' filter dimensions each summary row carries (whereFilters in measure-queries.ts reads them). */
const LINKED_DIMENSIONS = [
  'person_id',
  'locality_id',
  'team_id',
  'referrer_agency_id',
  'age_band',
  'sex',
  'ethnic_group',
  'disability',
] as const;

/**
 * Rewrites the summary rows of the requests and handovers of the contact-children queued by writes and of
 * those whose fact changed (`differing`); with null, of every one (a rebuild, which has emptied them). One
 * statement, from the facts as they now are. A contact-child without a fact (none in a refreshed table)
 * has no dimensions: counted unfiltered, never under a filter, as a join to the facts would.
 */
async function summariseLinked(trx: Db, differing: number[] | null): Promise<void> {
  const ours = (column: string) =>
    differing === null ? sql`true` : sql`${sql.ref(column)} in (select id from target)`;
  // Written from the targets (the refresh plans joins in the order written), so each is an index lookup.
  const sourceOf = (source: string) =>
    differing === null
      ? sql`${sql.table(source)} s`
      : sql`target t join ${sql.table(source)} s on s.contact_child_id = t.id`;
  const parts = LINKED_SUMMARIES.map(({ summary, source, columns }) => {
    const all = [...columns, ...LINKED_DIMENSIONS];
    const fresh = sql.table(`fresh_${summary}`);
    const values = [
      ...columns.map((column) => `s.${column}`),
      ...LINKED_DIMENSIONS.map((column) => `f.${column}`),
    ];
    // Rows no longer there go; the others are written in place (a row moved between two contact-children
    // is found by the one it is now about).
    return sql`${fresh} (${sql.raw(all.join(', '))}) as materialized (
        select ${sql.raw(values.join(', '))}
        from ${sourceOf(source)} left join insight_fact f on f.contact_child_id = s.contact_child_id
      ),
      ${sql.table(`gone_${summary}`)} as (
        delete from ${sql.table(summary)} x where ${ours('x.contact_child_id')}
          and not exists (select 1 from ${fresh} where ${fresh}.id = x.id)
      ),
      ${sql.table(`written_${summary}`)} as (
        insert into ${sql.table(summary)} (${sql.raw(all.join(', '))}) select * from ${fresh}
        on conflict (id) do update set ${sql.raw(
          all
            .slice(1)
            .map((column) => `${column} = excluded.${column}`)
            .join(', ')
        )}
      )`;
  });
  const target =
    differing === null
      ? sql``
      : sql`claimed as (delete from insight_linked_queue returning contact_child_id),
        target as materialized (select contact_child_id as id from claimed union select unnest(${differing}::int[])),`;
  await sql`with ${target} ${sql.join(parts)} select 1`.execute(trx);
}

/**
 * After a rebuild every old fact is a dead row: vacuumed at once, pages would otherwise scan twice the table
 * until autovacuum came, and PGlite never autovacuums (nor does a server with it switched off). Statistics for
 * the planner too. VACUUM cannot run inside a transaction, so a caller's transaction gets the statistics only.
 */
async function analyseFacts(db: Db): Promise<void> {
  if (db.isTransaction) await sql`analyze insight_fact, insight_request, insight_handover`.execute(db);
  else await sql`vacuum (analyze) insight_fact, insight_request, insight_handover`.execute(db);
}

interface WorkingDays {
  /** Identifies the calendar: a different key means the stored one is out of date. */
  key: string;
  days: string[];
  indexes: number[];
}

let cachedCalendar: { source: string; calendar: WorkingDays } | undefined;

/** The council's working days over the calendar's span as running counts, worked out once per calendar. */
function workingDaysOf(settings: CouncilSettings | null): WorkingDays {
  const calendar: WorkingCalendar = settings ? calendarOf(settings) : DEFAULT_CALENDAR;
  const source = JSON.stringify([calendar.serviceHours.weekdays, calendar.closures]);
  if (cachedCalendar?.source === source) return cachedCalendar.calendar;
  const days: string[] = [];
  const indexes: number[] = [];
  const flags: string[] = [];
  let index = 0;
  for (let ms = Date.parse(CALENDAR_FROM); ms <= Date.parse(CALENDAR_TO); ms += 86_400_000) {
    const day = new Date(ms).toISOString().slice(0, 10);
    const working = isWorkingDay(day, calendar);
    if (working) index += 1;
    days.push(day);
    indexes.push(index);
    flags.push(working ? '1' : '0');
  }
  const key = createHash('sha256')
    .update(`${CALENDAR_FROM}:${flags.join('')}`)
    .digest('hex');
  cachedCalendar = { source, calendar: { key, days, indexes } };
  return cachedCalendar.calendar;
}

async function writeCalendar(trx: Db, calendar: WorkingDays): Promise<void> {
  await sql`delete from insight_working_day`.execute(trx);
  await sql`
    insert into insight_working_day (day, working_index)
    select * from unnest(${calendar.days}::date[], ${calendar.indexes}::int[])`.execute(trx);
  await sql`
    insert into insight_state (key, value) values ('calendar', ${calendar.key})
    on conflict (key) do update set value = excluded.value`.execute(trx);
}

const FACT_COLUMNS = [
  'contact_child_id',
  'received_date',
  'decision_date',
  'referral_date',
  'assessment_authorised_on',
  'icpc_held_on',
  'locality_id',
  'team_id',
  'referrer_agency_id',
  'out_of_hours',
  'repeat_contact',
  'person_id',
  'decision_id',
  'referral_id',
  'is_rereferral',
  'indicated_level',
  'chosen_level',
  'decided_at',
  'proposed_at',
  'decision_due_at',
  'rag_due_at',
  'assessment_started_on',
  'assessment_working_days',
  'referral_day',
  's47_started_on',
  'icpc_working_days',
  'cp_plan_started_on',
  'received_at',
  'contact_id',
  'age_band',
  'sex',
  'ethnic_group',
  'disability',
  'channel',
  'referral_source',
  'outcome',
  'concerns',
] as const;

/** The DfE's groups of the census ethnicity codes, as ethnicGroupOf (insight-scope.ts) has them. */
export const ETHNIC_GROUP_SQL = (code: RawBuilder<unknown>) => sql<string>`case
    when ${code} is null then 'not_known'
    when ${code} = 'CHNE' then 'asian'
    when ${code} = 'OOTH' then 'other'
    else case left(${code}, 1) when 'W' then 'white' when 'M' then 'mixed' when 'A' then 'asian'
      when 'B' then 'black' else 'not_known' end
  end`;

/**
 * The facts of the contact-children `targets` selects (a one-column query of ids), in FACT_COLUMNS
 * order. A target's other contacts must be among the targets too: repeat contacts are found among them.
 */
function factsOf(targets: RawBuilder<unknown>) {
  return sql`
    with target as materialized (select distinct t.id from (${targets}) as t(id)),
    child as materialized (
      select cc.id, cc.contact_id, coalesce(p.merged_into_id, p.id) as person_id, cc.team_id,
        cc.decision_due_at, cc.rag_due_at, cc.described_child,
        c.received_at, (c.received_at at time zone 'Europe/London')::date as received_date, c.channel,
        c.out_of_hours, c.referral_source, c.referrer_agency_id, c.address_id as contact_address_id
      from target t
      join contact_child cc on cc.id = t.id
      join contact c on c.id = cc.contact_id
      left join person p on p.id = cc.person_id
    ),
    repeat as (
      select a.id from child a
      where exists (select 1 from child b
        where b.person_id = a.person_id and b.contact_id <> a.contact_id
          and b.received_at < a.received_at and b.received_at >= a.received_at - interval '12 months')
    ),
    authorised as (
      select distinct on (d.contact_child_id) d.contact_child_id, d.id, d.proposed_at,
        coalesce(d.second_authorised_at, d.authorised_at) as decided_at, d.outcome, d.indicated_level,
        d.chosen_level, d.rag_due_at
      from decision d join target t on t.id = d.contact_child_id
      where d.status = 'authorised'
      order by d.contact_child_id, coalesce(d.second_authorised_at, d.authorised_at) desc, d.id desc
    ),
    episode as materialized (
      select e.id, e.contact_child_id as child_id, e.referral_date
      from cin_episode e join target t on t.id = e.contact_child_id
      union all
      select e.id, r.contact_child_id, e.referral_date
      from cin_episode e join referral r on r.id = e.referral_id join target t on t.id = r.contact_child_id
      where e.contact_child_id is null
    ),
    first_episode as (select child_id, min(referral_date) as referral_date from episode group by child_id),
    first_assessment as (
      select distinct on (ep.child_id) ep.child_id, a.started_on, a.authorised_on
      from episode ep join cin_assessment a on a.episode_id = ep.id
      order by ep.child_id, a.started_on, a.id
    ),
    first_enquiry as (
      select ep.child_id, min(s.started_on) as started_on
      from episode ep join section_47_enquiry s on s.episode_id = ep.id group by ep.child_id
    ),
    first_conference as (
      select distinct on (ep.child_id) ep.child_id, k.held_on,
        coalesce((sd.convened_at at time zone 'Europe/London')::date, s.started_on) as counted_from
      from episode ep
      join child_protection_conference k on k.episode_id = ep.id and k.kind = 'initial'
      left join section_47_enquiry s on s.id = k.section_47_enquiry_id
      left join strategy_discussion sd on sd.id = s.strategy_discussion_id
      order by ep.child_id, k.held_on, k.id
    ),
    first_plan as (
      select ep.child_id, min(pl.started_on) as started_on
      from episode ep join child_protection_plan pl on pl.episode_id = ep.id group by ep.child_id
    )
    select ch.id, ch.received_date, (d.decided_at at time zone 'Europe/London')::date, r.referral_date,
      fa.authorised_on, fc.held_on,
      case when ch.contact_address_id is not null then ca.locality_id else pa.locality_id end,
      ch.team_id, ch.referrer_agency_id, ch.out_of_hours, ch.id in (select id from repeat), ch.person_id,
      d.id, r.id, r.is_rereferral, d.indicated_level, d.chosen_level, d.decided_at, d.proposed_at,
      ch.decision_due_at, coalesce(d.rag_due_at, ch.rag_due_at),
      fa.started_on,
      (select working_index from insight_working_day where day = fa.authorised_on) - measured_from.working_index,
      measured_from.working_index,
      fe.started_on,
      (select working_index from insight_working_day where day = fc.held_on)
        - (select working_index from insight_working_day where day = fc.counted_from),
      fp.started_on, ch.received_at, ch.contact_id,
      case
        when p.date_of_birth is null then case when p.expected_date_of_birth is not null then 'unborn' end
        when p.date_of_birth > ch.received_date then 'unborn'
        else case
          when age(ch.received_date, p.date_of_birth) < interval '1 year' then 'under_1'
          when age(ch.received_date, p.date_of_birth) < interval '5 years' then '1_to_4'
          when age(ch.received_date, p.date_of_birth) < interval '10 years' then '5_to_9'
          when age(ch.received_date, p.date_of_birth) < interval '16 years' then '10_to_15'
          else '16_plus' end
      end,
      coalesce(p.sex, case when ch.described_child ->> 'sex' in ('M', 'F', 'U') then ch.described_child ->> 'sex' end),
      ${ETHNIC_GROUP_SQL(sql.ref('p.ethnicity'))},
      case
        when p.disabilities is null or cardinality(p.disabilities) = 0 then 'not_recorded'
        when p.disabilities = array['NONE'] then 'no'
        else 'yes'
      end,
      ch.channel, ch.referral_source, d.outcome,
      array(select cn.factor_code from contact_concern cn where cn.contact_child_id = ch.id order by cn.factor_code)
    from child ch
    left join person p on p.id = ch.person_id
    left join address ca on ca.id = ch.contact_address_id
    left join address pa on pa.id = p.address_id
    left join authorised d on d.contact_child_id = ch.id
    left join referral r on r.contact_child_id = ch.id
    left join first_episode fep on fep.child_id = ch.id
    left join first_assessment fa on fa.child_id = ch.id
    left join first_enquiry fe on fe.child_id = ch.id
    left join first_conference fc on fc.child_id = ch.id
    left join first_plan fp on fp.child_id = ch.id
    left join insight_working_day measured_from on measured_from.day = coalesce(r.referral_date, fep.referral_date)`;
}
