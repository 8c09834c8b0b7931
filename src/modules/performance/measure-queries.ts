import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import { addDays, addMonths } from '../returns/cin-census/census-dates.ts';
import { LINKED_MONTH_BASES, MONTH_BASES } from './insight-facts.ts';
import type { ChildListing } from './children-behind.ts';
import type { InsightFilters, InsightScope } from './insight-scope.ts';
import { MEASURES, type MeasureId } from './measures.ts';

/*
 * The SQL of every measure in measures.ts, read from insight_fact (insight-facts.ts): each measure's
 * numerator, denominator and period rule written once below, and used for the period's figure, the
 * monthly trend and the children behind it. Set-based: one grouped statement per date that places cases
 * in a period (run side by side), with FILTER aggregates per measure; a trend keeps the months it has
 * counted while nothing in them changes. Call refreshInsightFacts first.
 */

type Sql = RawBuilder<unknown>;

export interface MeasureValue {
  /** count: the count; percent: the cases counted; per_10k: the count; hours/working days: the cases the median is over. */
  numerator: number;
  /** percent: the denominator; per_10k: the child population (null when not shown); count and medians: null. */
  denominator: number | null;
  /**
   * count: the numerator; percent: 0–100, null when the denominator is 0; per_10k: per 10,000 children, null
   * when a filter other than locality applies or a population is not set; medians: null when there are no cases.
   */
  value: number | null;
}

export interface MonthValue extends MeasureValue {
  /** 'YYYY-MM' */
  month: string;
}

export interface QueryOptions {
  /** Today, for as-at counts and requests still open; defaults to the clock. */
  now?: Date;
  /**
   * Count a period of whole months in one statement rather than from its months (to check the one against
   * the other).
   */
  direct?: boolean;
}

/** Which date places a case in a period: one per period rule in measures.ts. */
type Basis =
  | 'contact'
  | 'referral'
  | 'decision'
  | 'assessment'
  | 'conference'
  | 'request_answered'
  | 'request_due'
  | 'handover_accepted'
  | 'open_assessment';

type Shape =
  | { shape: 'count' | 'per_10k'; counted?: Sql }
  | { shape: 'percent'; numerator: Sql; denominator?: Sql }
  | { shape: 'median'; value: Sql };

type MeasureSql = Shape & {
  basis: Basis;
  /** The short fact shown beside each child behind the numerator. */
  fact?: Sql;
};

const ALWAYS = sql`true`;
export const HOURS = (from: Sql, to: Sql) => sql`date_part('epoch', ${to} - ${from}) / 3600`;
const LONG_DATE = (date: Sql) => sql`to_char(${date}, 'FMDD FMMonth YYYY')`;
export const WORKING_DAYS = (days: Sql) =>
  sql`${days} || case when ${days} = 1 then ' working day' else ' working days' end`;
export const OUTCOME = sql`coalesce((select o.label from outcome_option o where o.code = f.outcome), f.outcome,
  'Not decided yet')`;
export const AUTHORISED = sql`'Authorised ' || to_char(f.decided_at at time zone 'Europe/London',
  'FMHH12:MIam "on" FMDD FMMonth YYYY')`;

export const REFERRAL = sql`case when f.is_rereferral then 'Re-referral' else 'Referral' end`;

const RATE_OF_REFERRALS = (started: Sql) => ({
  basis: 'referral' as const,
  shape: 'percent' as const,
  numerator: sql`${started} is not null`,
});

/**
 * Every measure of measures.ts, as SQL over insight_fact `f`, or over the summaries of requests `ir` and
 * handovers `h` (insight_request, insight_handover, which carry their contact-child's filters).
 */
const MEASURE_SQL: Record<MeasureId, MeasureSql> = {
  contacts: { basis: 'contact', shape: 'count', fact: OUTCOME },
  contacts_per_10k: { basis: 'contact', shape: 'per_10k' },
  referrals: {
    basis: 'referral',
    shape: 'count',
    fact: REFERRAL,
  },
  referrals_per_10k: { basis: 'referral', shape: 'per_10k' },
  contact_to_referral: {
    basis: 'contact',
    shape: 'percent',
    numerator: sql`f.decision_id is not null and f.referral_id is not null`,
    denominator: sql`f.decision_id is not null`,
    fact: OUTCOME,
  },
  out_of_hours_contacts: { basis: 'contact', shape: 'count', counted: sql`f.out_of_hours`, fact: OUTCOME },
  repeat_contacts_12m: {
    basis: 'contact',
    shape: 'percent',
    numerator: sql`f.person_id is not null and f.repeat_contact`,
    denominator: sql`f.person_id is not null`,
    fact: sql`'Another contact in the 12 months before'`,
  },
  rereferrals_12m: {
    basis: 'referral',
    shape: 'percent',
    numerator: sql`f.is_rereferral`,
    fact: sql`'Re-referral within 12 months'`,
  },
  nfa_rate: {
    basis: 'decision',
    shape: 'percent',
    numerator: sql`f.outcome = 'no_further_action'`,
    fact: OUTCOME,
  },
  below_indicated_level: {
    basis: 'decision',
    shape: 'percent',
    numerator: sql`f.chosen_level < f.indicated_level`,
    denominator: sql`f.chosen_level is not null and f.indicated_level is not null`,
    fact: sql`'Level ' || f.indicated_level || ' indicated, level ' || f.chosen_level || ' chosen'`,
  },
  referral_to_assessment: {
    ...RATE_OF_REFERRALS(sql`f.assessment_started_on`),
    fact: sql`'Assessment started ' || ${LONG_DATE(sql`f.assessment_started_on`)}`,
  },
  referral_to_section_47: {
    ...RATE_OF_REFERRALS(sql`f.s47_started_on`),
    fact: sql`'Section 47 enquiry started ' || ${LONG_DATE(sql`f.s47_started_on`)}`,
  },
  referral_to_conference: {
    ...RATE_OF_REFERRALS(sql`f.icpc_held_on`),
    fact: sql`'Initial conference held ' || ${LONG_DATE(sql`f.icpc_held_on`)}`,
  },
  referral_to_plan: {
    ...RATE_OF_REFERRALS(sql`f.cp_plan_started_on`),
    fact: sql`'Child protection plan started ' || ${LONG_DATE(sql`f.cp_plan_started_on`)}`,
  },
  decided_within_one_working_day: {
    basis: 'decision',
    shape: 'percent',
    numerator: sql`f.decided_at <= f.decision_due_at`,
    fact: AUTHORISED,
  },
  decided_within_rag_time: {
    basis: 'decision',
    shape: 'percent',
    numerator: sql`f.decided_at <= f.rag_due_at`,
    denominator: sql`f.rag_due_at is not null`,
    fact: AUTHORISED,
  },
  authorisation_hours: {
    basis: 'decision',
    shape: 'median',
    value: HOURS(sql`f.proposed_at`, sql`f.decided_at`),
  },
  information_response_hours: {
    basis: 'request_answered',
    shape: 'median',
    value: HOURS(sql`ir.requested_at`, sql`ir.responded_at`),
  },
  information_answered_on_time: {
    basis: 'request_due',
    shape: 'percent',
    numerator: sql`ir.status = 'answered' and ir.responded_at <= ir.due_at`,
    denominator: sql`ir.status = 'answered' or (ir.status = 'open' and ir.due_at < ${sql.ref('now.at')})`,
    fact: sql`a.name || ': answered by the due time'`,
  },
  handover_acceptance_hours: {
    basis: 'handover_accepted',
    shape: 'median',
    value: HOURS(sql`h.offered_at`, sql`h.responded_at`),
  },
  assessment_working_days: { basis: 'assessment', shape: 'median', value: sql`f.assessment_working_days` },
  assessments_within_45_days: {
    basis: 'assessment',
    shape: 'percent',
    numerator: sql`f.assessment_working_days <= 45`,
    fact: WORKING_DAYS(sql`f.assessment_working_days`),
  },
  open_assessments_past_45_days: {
    basis: 'open_assessment',
    shape: 'count',
    fact: sql`${WORKING_DAYS(sql`w.working_index - f.referral_day`)} || ' since the referral'`,
  },
  icpc_within_15_days: {
    basis: 'conference',
    shape: 'percent',
    numerator: sql`f.icpc_working_days <= 15`,
    fact: WORKING_DAYS(sql`f.icpc_working_days`),
  },
};

/** The date column of each basis read straight from the facts. */
const FACT_DAY: Partial<Record<Basis, Sql>> = Object.fromEntries(
  Object.entries(MONTH_BASES).map(([basis, column]) => [basis, sql.ref(`f.${column}`)])
);

/** A window of whole UK days and how its cases are bucketed: one bucket, or one per month. */
interface Window {
  from: string;
  to: string;
  /** Only these stretches of the window (whole months a cache does not hold), when set. */
  ranges?: { from: string; to: string }[];
  monthly: boolean;
  /** The as-at day per bucket, for the as-at count. */
  asAt: { bucket: string; day: string }[];
  now: Date;
}

const PERIOD_BUCKET = 'period';

/**
 * Each measure over the scope's period. A period of whole months is the sum of its months (for a median,
 * the middle of their cases together), counted as the trends count them: a month already counted and
 * unchanged since costs nothing, so a page's period figures come from the months its trends just counted.
 */
export async function periodValues<Id extends MeasureId>(
  db: Db,
  scope: InsightScope,
  ids: readonly Id[],
  options: QueryOptions = {}
): Promise<Record<Id, MeasureValue>> {
  const now = options.now ?? new Date();
  const months = options.direct ? null : wholeMonthsOf(scope.period);
  const fromMonths = months ? ids.filter((id) => isVersioned(MEASURE_SQL[id].basis)) : [];
  const counted = ids.filter((id) => !fromMonths.includes(id));
  const asAt = minDate(scope.period.to, londonDateOf(now));
  const window: Window = {
    ...scope.period,
    monthly: false,
    asAt: asAt >= scope.period.from ? [{ bucket: PERIOD_BUCKET, day: asAt }] : [],
    now,
  };
  const [buckets, monthly, population] = await Promise.all([
    counted.length > 0 ? aggregates(db, scope, window, counted) : new Map<Basis, Map<string, AggregateRow>>(),
    months && fromMonths.length > 0
      ? monthlyAggregates(db, scope, monthlyWindow(months, now), months, fromMonths)
      : new Map<Basis, Map<string, AggregateRow>>(),
    populationOf(db, scope, ids),
  ]);
  return Object.fromEntries(
    ids.map((id) => {
      const basis = MEASURE_SQL[id].basis;
      const row = fromMonths.includes(id)
        ? sumOfMonths(
            id,
            months!.map((month) => monthly.get(basis)?.get(month))
          )
        : buckets.get(basis)?.get(PERIOD_BUCKET);
      return [id, valueOf(id, row, population)];
    })
  ) as Record<Id, MeasureValue>;
}

/** The months ('YYYY-MM') a period spans when it starts on a month's first day and ends on one's last. */
function wholeMonthsOf(period: { from: string; to: string }): string[] | null {
  const last = period.to.slice(0, 7);
  if (!period.from.endsWith('-01') || period.to !== lastDayOf(last) || period.from > period.to) return null;
  const months: string[] = [];
  for (let day = period.from; day.slice(0, 7) <= last; day = addMonths(day, 1)) months.push(day.slice(0, 7));
  return months;
}

/** A measure's row for several months together: their counts added, a median over all their cases. */
function sumOfMonths(id: MeasureId, rows: (AggregateRow | undefined)[]): AggregateRow {
  const total = (suffix: string) => rows.reduce((sum, row) => sum + Number(row?.[`${id}.${suffix}`] ?? 0), 0);
  if (MEASURE_SQL[id].shape !== 'median') return { [`${id}.n`]: total('n'), [`${id}.d`]: total('d') };
  const cases = Float64Array.from(rows.flatMap((row) => [...valuesOf(id, row)])).sort();
  return { [`${id}.n`]: cases.length, [`${id}.v`]: middleOf(cases) };
}

/** PostgreSQL's percentile_cont(0.5) over sorted values, to the same bit: null when there are none. */
export function middleOf(sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  const position = 0.5 * (sorted.length - 1);
  const [below, above] = [sorted[Math.floor(position)]!, sorted[Math.ceil(position)]!];
  return below === above ? below : below + (position - Math.floor(position)) * (above - below);
}

/** Each month's cases of a median measure, sorted, as counted (kept with the month for sums of months). */
function valuesOf(id: MeasureId, row: AggregateRow | undefined): Float64Array {
  const values = row?.[`${id}.a`];
  return values instanceof Float64Array ? values : new Float64Array();
}

/** Each measure per calendar month, in the order of `months` ('YYYY-MM'). The filters apply; no period does. */
export async function monthlyValues<Id extends MeasureId>(
  db: Db,
  scope: InsightFilters,
  months: readonly string[],
  ids: readonly Id[],
  options: QueryOptions = {}
): Promise<Record<Id, MonthValue[]>> {
  const empty = Object.fromEntries(ids.map((id) => [id, []])) as unknown as Record<Id, MonthValue[]>;
  if (months.length === 0) return empty;
  const window = monthlyWindow(months, options.now ?? new Date());
  const [buckets, population] = await Promise.all([
    monthlyAggregates(db, scope, window, months, ids),
    populationOf(db, scope, ids),
  ]);
  for (const id of ids) {
    const basis = MEASURE_SQL[id].basis;
    empty[id] = months.map((month) => {
      const future = basis === 'open_assessment' && !window.asAt.some((asAt) => asAt.bucket === month);
      const value = valueOf(id, buckets.get(basis)?.get(month), population);
      return { month, ...(future ? { ...value, value: null } : value) };
    });
  }
  return empty;
}

/** The window of whole months: a month still going on is counted as at today; one still to come has no as-at count. */
function monthlyWindow(months: readonly string[], now: Date): Window {
  const today = londonDateOf(now);
  const sorted = [...months].sort();
  return {
    from: `${sorted[0]}-01`,
    to: lastDayOf(sorted[sorted.length - 1]!),
    monthly: true,
    asAt: months
      .filter((month) => `${month}-01` <= today)
      .map((month) => ({ bucket: month, day: minDate(lastDayOf(month), today) })),
    now,
  };
}

/** A bucket's aggregate columns; a month's median measure also keeps its cases, sorted ('<id>.a'). */
type AggregateRow = Record<string, number | string | null | Float64Array>;

/**
 * A month's figures change only when a fact placed in it changes, and every refresh bumps the version
 * of the months (per basis) of the facts it changes (insight_month_version). So each process keeps the
 * months it has counted, per filters and measure, with the version they were counted at, and counts
 * again only the months whose version has moved: a trend's settled months cost nothing.
 */
interface CountedMonth {
  version: string | null;
  row: AggregateRow;
}
interface CountedMonths {
  months: Map<string, CountedMonth>;
  /** Each month's groups of a breakdown's tally (see tallied). */
  tallies: Map<string, { version: string | null; groups: TallyRow[] }>;
  /** Cases kept for medians, across the months. */
  cases: number;
}
const countedMonths = new WeakMap<Db, CountedMonths>();
/** Enough for every measure's two-year trend under a few hundred filter choices; then it starts again. */
const COUNTED_MONTHS_HELD = 50_000;
/** Median cases kept (8 bytes each): a large council's two years of every median under a dozen filters. */
const MEDIAN_CASES_HELD = 4_000_000;

function monthsCounted(db: Db): CountedMonths {
  let counted = countedMonths.get(db);
  const held = counted ? counted.months.size + counted.tallies.size : 0;
  if (!counted || held > COUNTED_MONTHS_HELD || counted.cases > MEDIAN_CASES_HELD) {
    counted = { months: new Map(), tallies: new Map(), cases: 0 };
    countedMonths.set(db, counted);
  }
  return counted;
}

/** Monthly aggregates: from the months already counted where their version still holds, else counted now. */
async function monthlyAggregates(
  db: Db,
  filters: InsightFilters,
  window: Window,
  months: readonly string[],
  ids: readonly MeasureId[]
): Promise<Map<Basis, Map<string, AggregateRow>>> {
  const bases = [...new Set(ids.map((id) => MEASURE_SQL[id].basis))];
  const settled = bases.filter(isVersioned);
  const versions = await monthVersions(db, settled, window);
  const today = londonDateOf(window.now);
  const cache = monthsCounted(db);
  const counted = cache.months;
  const filtersKey = JSON.stringify(filterValues(filters));
  const keyOf = (id: MeasureId, month: string) => `${filtersKey}|${id}|${month}`;
  const results = await Promise.all(
    bases.map(async (basis) => {
      const measures = ids.filter((id) => MEASURE_SQL[id].basis === basis);
      if (!settled.includes(basis))
        return [basis, await basisRows(db, basis, measures, filters, window)] as const;
      const version = (month: string) => versions.get(`${basis}|${month}`) ?? null;
      const stale = months.filter(
        (month) =>
          (basis in COUNTED_AS_AT_NOW && lastDayOf(month) >= today) ||
          measures.some((id) => counted.get(keyOf(id, month))?.version !== version(month))
      );
      if (stale.length > 0) {
        const rows = await basisRows(db, basis, measures, filters, { ...window, ranges: monthRanges(stale) });
        for (const month of stale)
          for (const id of measures) {
            const row = columnsOf(id, rows.get(month));
            counted.set(keyOf(id, month), { version: version(month), row });
            cache.cases += valuesOf(id, row).length;
          }
      }
      const rows = new Map<string, AggregateRow>();
      for (const month of months)
        rows.set(month, Object.assign({}, ...measures.map((id) => counted.get(keyOf(id, month))!.row)));
      return [basis, rows] as const;
    })
  );
  return new Map(results);
}

/** Bases whose months have versions: the facts' dates and the requests' and handovers'. */
function isVersioned(basis: Basis): boolean {
  return FACT_DAY[basis] !== undefined || basis in LINKED_MONTH_BASES;
}

/**
 * Bases whose count also depends on the time: a request still open counts as late once its due time has
 * passed, with no write. A month not yet over is counted every time; once it is over, every due time in it
 * has passed and only a write changes it.
 */
const COUNTED_AS_AT_NOW: Partial<Record<Basis, true>> = { request_due: true };

/** The version of each basis's months in the window, keyed 'basis|YYYY-MM'. */
async function monthVersions(db: Db, bases: Basis[], window: Window): Promise<Map<string, string>> {
  if (bases.length === 0) return new Map();
  const { rows } = await sql<{ key: string; version: string }>`
    select basis || '|' || to_char(month, 'YYYY-MM') as key, version::text as version
    from insight_month_version
    where basis = any(${bases}::text[]) and month between ${window.from}::date and ${window.to}::date`.execute(
    db
  );
  return new Map(rows.map((row) => [row.key, row.version]));
}

/** One measure's aggregate columns from a bucket's row (zero when the month had no cases). */
function columnsOf(id: MeasureId, row: AggregateRow | undefined): AggregateRow {
  const columns: AggregateRow = Object.fromEntries(
    ['n', 'd', 'v'].map((suffix) => [`${id}.${suffix}`, row?.[`${id}.${suffix}`] ?? null])
  );
  if (MEASURE_SQL[id].shape !== 'median') return columns;
  // A month's median is worked out here from its cases, which are kept for sums of months.
  const cases = Float64Array.from((row?.[`${id}.a`] as number[] | null | undefined) ?? []).sort();
  return { ...columns, [`${id}.a`]: cases, [`${id}.v`]: middleOf(cases) };
}

/** Months ('YYYY-MM') as stretches of whole days, neighbouring months joined. */
function monthRanges(months: readonly string[]): { from: string; to: string }[] {
  const ranges: { from: string; to: string }[] = [];
  for (const month of [...months].sort()) {
    const last = ranges[ranges.length - 1];
    if (last && addDays(last.to, 1) === `${month}-01`) last.to = lastDayOf(month);
    else ranges.push({ from: `${month}-01`, to: lastDayOf(month) });
  }
  return ranges;
}

/** The filters that are set, in a fixed order. */
function filterValues(filters: InsightFilters) {
  const { localityId, teamId, agencyId, ageBand, sex, ethnicGroup, disability } = filters;
  return [localityId, teamId, agencyId, ageBand, sex, ethnicGroup, disability];
}

/**
 * A statement per basis the measures need (run side by side), each grouped by bucket with its measures'
 * FILTER aggregates: one pass over the facts per date that places cases in a period.
 */
async function aggregates(
  db: Db,
  filters: InsightFilters,
  window: Window,
  ids: readonly MeasureId[]
): Promise<Map<Basis, Map<string, AggregateRow>>> {
  const bases = [...new Set(ids.map((id) => MEASURE_SQL[id].basis))];
  const results = await Promise.all(
    bases.map(async (basis) => {
      const measures = ids.filter((id) => MEASURE_SQL[id].basis === basis);
      return [basis, await basisRows(db, basis, measures, filters, window)] as const;
    })
  );
  return new Map(results);
}

async function basisRows(
  db: Db,
  basis: Basis,
  measures: readonly MeasureId[],
  filters: InsightFilters,
  window: Window
): Promise<Map<string, AggregateRow>> {
  const query = sql<AggregateRow & { bucket: string }>`${branchOf(
    basis,
    filters,
    window,
    measures.flatMap((id) => aggregateColumns(id, window.monthly))
  )}`;
  const medians = !window.monthly && measures.some((id) => MEASURE_SQL[id].shape === 'median');
  const { rows } = medians ? await withRoomToSort(db, (trx) => query.execute(trx)) : await query.execute(db);
  return new Map(rows.map((row) => [row.bucket, row]));
}

/** A median sorts two years of a large council's cases: the default 4 MB of sort memory would spill to disk. */
function withRoomToSort<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '32MB'`.execute(trx);
    return work(trx);
  });
}

/**
 * A measure's aggregate columns, named '<id>.n', '<id>.d' and '<id>.v'; by month, a median's cases
 * instead ('<id>.a'), from which its months and any run of them are worked out (columnsOf).
 */
function aggregateColumns(id: MeasureId, monthly: boolean): Sql[] {
  const spec = MEASURE_SQL[id];
  const column = (suffix: string) => sql.id(`${id}.${suffix}`);
  const count = (condition: Sql) => sql`count(*) filter (where ${condition})::int`;
  switch (spec.shape) {
    case 'count':
    case 'per_10k':
      return [sql`${count(spec.counted ?? ALWAYS)} as ${column('n')}`];
    case 'percent': {
      const denominator = spec.denominator ?? ALWAYS;
      return [
        sql`${count(sql`(${denominator}) and (${spec.numerator})`)} as ${column('n')}`,
        sql`${count(denominator)} as ${column('d')}`,
      ];
    }
    case 'median':
      return [
        sql`count(${spec.value})::int as ${column('n')}`,
        monthly
          ? sql`array_agg((${spec.value})::float8) filter (where ${spec.value} is not null) as ${column('a')}`
          : sql`percentile_cont(0.5) within group (order by ${spec.value}) as ${column('v')}`,
      ];
  }
}

/** The cases of one basis in the window, grouped by bucket. */
function branchOf(basis: Basis, filters: InsightFilters, window: Window, columns: Sql[]): Sql {
  const source = sourceOf(basis, filters, window);
  // Grouped by the month's first day (cheap to compare), named 'YYYY-MM' once per group.
  const month = sql`date_trunc('month', ${source.day}::timestamp)`;
  const [bucket, key] =
    basis === 'open_assessment'
      ? [sql`b.bucket`, sql`b.bucket`]
      : window.monthly
        ? [sql`to_char(${month}, 'YYYY-MM')`, month]
        : [sql`${PERIOD_BUCKET}::text`, sql`1`];
  return sql`select ${bucket} as bucket, ${sql.join(columns)} ${source.from} group by ${key}`;
}

/**
 * Where a basis's cases come from: the FROM … WHERE of the branch (and of the drill-down), their date,
 * each case's child and what orders cases of one day.
 */
function sourceOf(
  basis: Basis,
  filters: InsightFilters,
  window: Pick<Window, 'from' | 'to' | 'ranges' | 'asAt' | 'now'>
): { from: Sql; day: Sql; person: Sql; key: Sql } {
  const inWindow = (day: Sql) =>
    sql`(${sql.join(
      (window.ranges ?? [window]).map(
        (range) => sql`${day} between ${range.from}::date and ${range.to}::date`
      ),
      sql` or `
    )})`;
  const ofFacts = { person: sql`f.person_id`, key: sql`f.contact_child_id` };
  const factDay = FACT_DAY[basis];
  if (factDay) {
    return {
      ...ofFacts,
      day: factDay,
      from: sql`from insight_fact f where ${inWindow(factDay)} and ${whereFilters(filters)}`,
    };
  }
  switch (basis) {
    case 'request_answered':
    case 'request_due': {
      const day = basis === 'request_answered' ? sql`ir.responded_on` : sql`ir.due_on`;
      const answered = basis === 'request_answered' ? sql`ir.status = 'answered' and` : sql``;
      return {
        day,
        person: sql`ir.person_id`,
        key: sql`ir.contact_child_id, ir.id`,
        from: sql`${REQUESTS_FROM}
          cross join (select ${window.now}::timestamptz as at) as now
          where ${answered} ${inWindow(day)} and ${whereFilters(filters, 'ir')}`,
      };
    }
    case 'handover_accepted': {
      const day = sql`h.responded_on`;
      return {
        day,
        person: sql`h.person_id`,
        key: sql`h.contact_child_id, h.id`,
        from: sql`${HANDOVERS_FROM}
          where h.status = 'accepted' and ${inWindow(day)} and ${whereFilters(filters, 'h')}`,
      };
    }
    case 'open_assessment': {
      // Not authorised by the as-at day, more than 45 working days after the referral by then. Only
      // assessments open (or authorised) past 45 working days can qualify: the partial index has them.
      const asAt = window.asAt.length
        ? sql`(values ${sql.join(window.asAt.map(({ bucket, day }) => sql`(${bucket}::text, ${day}::date)`))})`
        : sql`(select null::text, null::date where false)`;
      return {
        ...ofFacts,
        day: sql`b.day`,
        from: sql`from ${asAt} as b(bucket, day)
          join insight_working_day w on w.day = b.day
          join insight_fact f on f.assessment_started_on <= b.day
            and (f.assessment_working_days is null or f.assessment_working_days > 45)
            and (f.assessment_authorised_on is null or f.assessment_authorised_on > b.day)
            and w.working_index - f.referral_day > 45
          where ${whereFilters(filters)}`,
      };
    }
    default:
      throw new RangeError(`No source for ${basis}`);
  }
}

/**
 * The scope's filters on the facts `f`, or on the summaries of requests `ir` and handovers `h`, which carry
 * the facts' dimensions. A partner's agency is the request's own agency for information requests; for
 * everything else, the contact's referrer.
 */
export function whereFilters(filters: InsightFilters, on: 'f' | 'ir' | 'h' = 'f'): Sql {
  const conditions: Sql[] = [];
  const equal = (column: string, value: string | number | undefined) => {
    if (value !== undefined) conditions.push(sql`${sql.ref(`${on}.${column}`)} = ${value}`);
  };
  equal('locality_id', filters.localityId);
  equal('team_id', filters.teamId);
  equal(on === 'ir' ? 'agency_id' : 'referrer_agency_id', filters.agencyId);
  equal('age_band', filters.ageBand);
  equal('sex', filters.sex);
  equal('ethnic_group', filters.ethnicGroup);
  equal('disability', filters.disability);
  return conditions.length ? sql.join(conditions, sql` and `) : ALWAYS;
}

/** Filters the council has no child population for. */
const NOT_LOCALITIES = ['teamId', 'agencyId', 'ageBand', 'sex', 'ethnicGroup', 'disability'] as const;

/** The child population the scope covers, or null when it cannot be said (another filter, an unset population). */
async function populationOf(
  db: Db,
  filters: InsightFilters,
  ids: readonly MeasureId[]
): Promise<number | null> {
  if (!ids.some((id) => MEASURE_SQL[id].shape === 'per_10k')) return null;
  const { localityId } = filters;
  if (NOT_LOCALITIES.some((filter) => filters[filter] !== undefined)) return null;
  const row = await db
    .selectFrom('locality')
    .$if(localityId !== undefined, (query) => query.where('id', '=', localityId!))
    .select([
      sql<number>`count(*)::int`.as('localities'),
      sql<number>`count(child_population)::int`.as('known'),
      sql<number | null>`sum(child_population)::int`.as('children'),
    ])
    .executeTakeFirstOrThrow();
  return row.localities > 0 && row.known === row.localities && (row.children ?? 0) > 0 ? row.children : null;
}

function valueOf(id: MeasureId, row: AggregateRow | undefined, population: number | null): MeasureValue {
  const spec = MEASURE_SQL[id];
  const read = (suffix: string) => Number(row?.[`${id}.${suffix}`] ?? 0);
  const numerator = read('n');
  switch (spec.shape) {
    case 'count':
      return { numerator, denominator: null, value: numerator };
    case 'per_10k':
      return {
        numerator,
        denominator: population,
        value: population === null ? null : (numerator * 10_000) / population,
      };
    case 'percent': {
      const denominator = read('d');
      return { numerator, denominator, value: denominator === 0 ? null : (numerator * 100) / denominator };
    }
    case 'median': {
      const median = row?.[`${id}.v`];
      return {
        numerator,
        denominator: null,
        value: median === null || median === undefined ? null : Number(median),
      };
    }
  }
}

/**
 * The contact-children behind a measure's numerator in the scope's period (or in `month`, 'YYYY-MM',
 * instead). Only for measures whose definition says they can be drilled into.
 */
export function childrenListing(
  scope: InsightScope,
  id: MeasureId,
  month: string | undefined,
  options: QueryOptions = {}
): ChildListing {
  const spec = MEASURE_SQL[id];
  if (!MEASURES[id].drill || spec.fact === undefined)
    throw new RangeError(`The children behind '${id}' cannot be listed`);
  const now = options.now ?? new Date();
  const period = month ? { from: `${month}-01`, to: lastDayOf(month) } : scope.period;
  const asAt = minDate(period.to, londonDateOf(now));
  const source = sourceOf(spec.basis, scope, {
    ...period,
    asAt: asAt >= period.from ? [{ bucket: PERIOD_BUCKET, day: asAt }] : [],
    now,
  });
  const counted =
    spec.shape === 'percent'
      ? sql`(${spec.denominator ?? ALWAYS}) and (${spec.numerator})`
      : spec.shape === 'median'
        ? ALWAYS
        : (spec.counted ?? ALWAYS);
  return {
    from: sql`${source.from} and ${counted}`,
    person: source.person,
    day: source.day,
    fact: spec.fact,
    key: source.key,
  };
}

export const BREAKDOWN_IDS = [
  'contacts_by_source',
  'contacts_by_need',
  'decisions_by_outcome',
  'outcome_by_route',
  'out_of_hours_by_outcome',
  'nfa_by_agency',
  'level_matrix',
  'information_requests_by_agency',
  'handovers_by_team',
  'assessment_days_distribution',
] as const;
export type BreakdownId = (typeof BREAKDOWN_IDS)[number];

export const ASSESSMENT_DAY_BINS = ['0–10', '11–20', '21–30', '31–45', '46–60', '61+'] as const;
export type AssessmentDayBin = (typeof ASSESSMENT_DAY_BINS)[number];
/** The bin of an assessment's working days from the referral, as ASSESSMENT_DAY_BINS names it. */
export const ASSESSMENT_DAY_BIN = sql`case
  when f.assessment_working_days <= 10 then '0–10'
  when f.assessment_working_days <= 20 then '11–20'
  when f.assessment_working_days <= 30 then '21–30'
  when f.assessment_working_days <= 45 then '31–45'
  when f.assessment_working_days <= 60 then '46–60'
  else '61+' end`;

export interface BreakdownRows {
  /** Contacts by contact date, referrals by referral date, by CIN census referral source code. */
  contacts_by_source: { source: string; contacts: number; referrals: number }[];
  /** Contacts by presenting need (contact_concern factor code): a child with several counts under each. */
  contacts_by_need: { factorCode: string; contacts: number }[];
  /** Authorised decisions by outcome (the first chosen, as the returns count it). */
  decisions_by_outcome: { outcome: string; label: string; decisions: number }[];
  /** Authorised decisions by the contact's channel and outcome; only cells with decisions. */
  outcome_by_route: { channel: string; outcome: string; label: string; decisions: number }[];
  /** Out-of-hours contacts by the outcome of their authorised decision (null: not decided yet). */
  out_of_hours_by_outcome: { outcome: string | null; label: string | null; contacts: number }[];
  /** Authorised decisions by referring agency (null: none, e.g. a member of the public). */
  nfa_by_agency: {
    agencyId: number | null;
    agencyName: string | null;
    decisions: number;
    nfa: number;
    percent: number | null;
  }[];
  /** Authorised decisions with both levels by indicated and chosen level; only cells with decisions. */
  level_matrix: { indicatedLevel: number; chosenLevel: number; decisions: number }[];
  /**
   * sent: requested in the period; answered, medianHours: answered in the period; onTime of onTimeOf: due
   * in the period, answered by the due time of those answered or still open past it; openOverdue: open now
   * and past the due time, whenever sent.
   */
  information_requests_by_agency: {
    agencyId: number;
    agencyName: string;
    sent: number;
    answered: number;
    medianHours: number | null;
    onTime: number;
    onTimeOf: number;
    onTimePercent: number | null;
    openOverdue: number;
  }[];
  /** offered: offered in the period; accepted, returned, medianHours (to accept): responded to in the period. */
  handovers_by_team: {
    teamId: number;
    teamName: string;
    offered: number;
    accepted: number;
    returned: number;
    medianHours: number | null;
  }[];
  /** Assessments authorised in the period by working days from the referral: every bin, in order. */
  assessment_days_distribution: { bin: AssessmentDayBin; assessments: number }[];
}

type BreakdownQuery<B extends BreakdownId> = (
  db: Db,
  scope: InsightScope,
  now: Date,
  direct: boolean
) => Promise<BreakdownRows[B]>;

/** A breakdown of the scope's period, each column by its measure's period rule. */
export async function breakdown<B extends BreakdownId>(
  db: Db,
  scope: InsightScope,
  by: B,
  options: QueryOptions = {}
): Promise<BreakdownRows[B]> {
  return (BREAKDOWNS[by] as BreakdownQuery<B>)(db, scope, options.now ?? new Date(), options.direct ?? false);
}

export const inPeriod = (day: Sql, period: { from: string; to: string }) =>
  sql`${day} between ${period.from}::date and ${period.to}::date`;
const OUTCOME_LABEL = sql`coalesce((select o.label from outcome_option o where o.code = f.outcome), f.outcome)`;
const percentOf = (part: number, whole: number) => (whole === 0 ? null : (part * 100) / whole);

async function rowsOf<Row>(db: Db, query: Sql): Promise<Row[]> {
  return (await sql<Row>`${query}`.execute(db)).rows;
}

/** A breakdown's counted column: which cases it counts, and the date that places each in the period. */
export interface CountedColumn {
  where: Sql;
  day: Sql;
}

/**
 * Information requests as counted (insight_request: each with its contact-child's filters and child, kept
 * by the refresh), with the agency asked.
 */
export const REQUESTS_FROM = sql`from insight_request ir join agency a on a.id = ir.agency_id`;

/**
 * The counted columns of information requests by agency. sent: requested in the period; answered:
 * answered in the period; onTime of onTimeOf: due in the period, answered by the due time of those
 * answered or still open past it; openOverdue: open now and past the due time, whenever sent.
 */
export function REQUEST_COLUMNS(period: { from: string; to: string }, now: Date) {
  const [requested, responded, due] = [sql`ir.requested_on`, sql`ir.responded_on`, sql`ir.due_on`];
  const overdueNow = sql`ir.status = 'open' and ir.due_at < ${now}::timestamptz`;
  return {
    sent: { where: inPeriod(requested, period), day: requested },
    answered: { where: sql`ir.status = 'answered' and ${inPeriod(responded, period)}`, day: responded },
    onTime: {
      where: sql`${inPeriod(due, period)} and ir.status = 'answered' and ir.responded_at <= ir.due_at`,
      day: due,
    },
    onTimeOf: {
      where: sql`${inPeriod(due, period)} and (ir.status = 'answered' or (${overdueNow}))`,
      day: due,
    },
    openOverdue: { where: overdueNow, day: due },
  } satisfies Record<string, CountedColumn>;
}

/** Handovers as counted (insight_handover, as REQUESTS_FROM), with the receiving team. */
export const HANDOVERS_FROM = sql`from insight_handover h join team t on t.id = h.to_team_id`;

/** The counted columns of handovers by team: offered in the period; accepted or returned in it. */
export function HANDOVER_COLUMNS(period: { from: string; to: string }) {
  const [offered, responded] = [sql`h.offered_on`, sql`h.responded_on`];
  const respondedAs = (status: string) => ({
    where: sql`h.status = ${status} and ${inPeriod(responded, period)}`,
    day: responded,
  });
  return {
    offered: { where: inPeriod(offered, period), day: offered },
    accepted: respondedAs('accepted'),
    returned: respondedAs('returned'),
  } satisfies Record<string, CountedColumn>;
}

/** Authorised decisions in the period, counted by everything the decision breakdowns group them by. */
interface DecisionCell {
  outcome: string;
  label: string;
  channel: string;
  agencyId: number | null;
  agencyName: string | null;
  indicatedLevel: number | null;
  chosenLevel: number | null;
  decisions: number;
}

/** Authorised decisions in the period by everything the decision breakdowns group them by: one tally for all. */
const DECISION_CUBE: FactTally = {
  id: 'decision_cube',
  basis: 'decision',
  keys: {
    outcome: sql`f.outcome`,
    channel: sql`f.channel`,
    agencyId: sql`f.referrer_agency_id`,
    indicatedLevel: sql`f.indicated_level`,
    chosenLevel: sql`f.chosen_level`,
  },
  labels: {
    label: OUTCOME_LABEL,
    agencyName: sql`(select a.name from agency a where a.id = f.referrer_agency_id)`,
  },
  counted: 'decisions',
};

function decisionCube(db: Db, scope: InsightScope, now: Date, direct: boolean): Promise<DecisionCell[]> {
  return tallied(db, scope, DECISION_CUBE, now, direct) as Promise<unknown[]> as Promise<DecisionCell[]>;
}

/**
 * A breakdown's count of one date's cases (a basis of the facts), in groups: the `keys`, with `labels` that
 * follow from them (a code's name) and a count named `counted`.
 */
interface FactTally {
  /** Names the tally among the months kept. */
  id: string;
  basis: keyof typeof MONTH_BASES;
  /** Which of the basis's cases are counted (beyond the filters); all when unset. */
  where?: Sql;
  keys: Record<string, Sql>;
  labels?: Record<string, Sql>;
  counted: string;
}
type TallyRow = Record<string, string | number | null>;

/** Tallies being counted now, so the breakdowns a page asks for at once share one pass. */
const talliesUnderway = new WeakMap<Db, Map<string, Promise<TallyRow[]>>>();

/**
 * A tally over the scope's period. A period of whole months is the sum of its months' groups, each kept
 * with its month's version like a trend's months, and counted again only when a fact placed in it changes;
 * any other period is counted in one statement.
 */
function tallied(
  db: Db,
  scope: InsightScope,
  tally: FactTally,
  now: Date,
  direct: boolean
): Promise<TallyRow[]> {
  const underway = talliesUnderway.get(db) ?? new Map<string, Promise<TallyRow[]>>();
  talliesUnderway.set(db, underway);
  const key = JSON.stringify([tally.id, scope.period, filterValues(scope), direct]);
  let rows = underway.get(key);
  if (!rows) {
    rows = tallyOfPeriod(db, scope, tally, now, direct).finally(() => underway.delete(key));
    underway.set(key, rows);
  }
  return rows;
}

async function tallyOfPeriod(
  db: Db,
  scope: InsightScope,
  tally: FactTally,
  now: Date,
  direct: boolean
): Promise<TallyRow[]> {
  const months = direct ? null : wholeMonthsOf(scope.period);
  if (!months) {
    const window = { ...scope.period, monthly: false, asAt: [], now };
    return (await tallyRows(db, scope, tally, window)).get(PERIOD_BUCKET) ?? [];
  }
  const window = monthlyWindow(months, now);
  const versions = await monthVersions(db, [tally.basis], window);
  const version = (month: string) => versions.get(`${tally.basis}|${month}`) ?? null;
  const { tallies } = monthsCounted(db);
  const filtersKey = JSON.stringify(filterValues(scope));
  const keyOf = (month: string) => `${filtersKey}|${tally.id}|${month}`;
  const stale = months.filter((month) => tallies.get(keyOf(month))?.version !== version(month));
  if (stale.length > 0) {
    const byMonth = await tallyRows(db, scope, tally, { ...window, ranges: monthRanges(stale) });
    for (const month of stale)
      tallies.set(keyOf(month), { version: version(month), groups: byMonth.get(month) ?? [] });
  }
  return sumOfGroups(
    tally,
    months.flatMap((month) => tallies.get(keyOf(month))!.groups)
  );
}

/** A tally's groups in each bucket of the window ('YYYY-MM' by month, else the period). */
async function tallyRows(
  db: Db,
  filters: InsightFilters,
  tally: FactTally,
  window: Window
): Promise<Map<string, TallyRow[]>> {
  const source = sourceOf(tally.basis, filters, window);
  const bucket = window.monthly
    ? sql`to_char(date_trunc('month', ${source.day}::timestamp), 'YYYY-MM')`
    : sql`${PERIOD_BUCKET}::text`;
  const named = (columns: Record<string, Sql> = {}) =>
    Object.entries(columns).map(([name, column]) => sql`${column} as ${sql.id(name)}`);
  const keys = Object.keys(tally.keys);
  const { rows } = await sql<TallyRow & { bucket: string }>`
    select ${bucket} as bucket, ${sql.join([...named(tally.keys), ...named(tally.labels)])},
      count(*)::int as ${sql.id(tally.counted)}
    ${source.from} and ${tally.where ?? ALWAYS}
    group by ${sql.join([1, ...keys.map((_, index) => index + 2)].map((position) => sql.raw(String(position))))}`.execute(
    db
  );
  const byBucket = new Map<string, TallyRow[]>();
  for (const { bucket: name, ...row } of rows) byBucket.set(name, [...(byBucket.get(name) ?? []), row]);
  return byBucket;
}

/** Groups of several months added together, group by group. */
function sumOfGroups(tally: FactTally, groups: TallyRow[]): TallyRow[] {
  const summed = new Map<string, TallyRow>();
  for (const group of groups) {
    const key = JSON.stringify(Object.keys(tally.keys).map((name) => group[name]));
    const sum = summed.get(key);
    if (sum) sum[tally.counted] = Number(sum[tally.counted]) + Number(group[tally.counted]);
    else summed.set(key, { ...group });
  }
  return [...summed.values()];
}

/** Cells grouped by a key, with the group's total decisions and its first cell (for the shared fields). */
function tally(cells: DecisionCell[], keyOf: (cell: DecisionCell) => string) {
  const groups = new Map<string, { first: DecisionCell; cells: DecisionCell[]; decisions: number }>();
  for (const cell of cells) {
    const group = groups.get(keyOf(cell));
    if (group) {
      group.cells.push(cell);
      group.decisions += cell.decisions;
    } else groups.set(keyOf(cell), { first: cell, cells: [cell], decisions: cell.decisions });
  }
  return groups;
}

/** Text in code-point order, a missing value last. */
function byText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** A contact's referral source (CIN census code). */
const SOURCE = sql`f.referral_source`;

const CONTACTS_BY_NEED: FactTally = {
  id: 'contacts_by_need',
  basis: 'contact',
  keys: { factorCode: sql`unnest(f.concerns)` },
  counted: 'contacts',
};

const OUT_OF_HOURS_BY_OUTCOME: FactTally = {
  id: 'out_of_hours_by_outcome',
  basis: 'contact',
  where: sql`f.out_of_hours`,
  keys: { outcome: sql`f.outcome` },
  labels: { label: OUTCOME_LABEL },
  counted: 'contacts',
};

const ASSESSMENTS_BY_DAYS: FactTally = {
  id: 'assessments_by_days',
  basis: 'assessment',
  where: sql`f.assessment_working_days is not null`,
  keys: { bin: ASSESSMENT_DAY_BIN },
  counted: 'assessments',
};

const BREAKDOWNS: { [B in BreakdownId]: BreakdownQuery<B> } = {
  contacts_by_source: async (db, scope, now, direct) => {
    const bySource = (basis: 'contact' | 'referral', counted: string) =>
      tallied(
        db,
        scope,
        { id: `${counted}_by_source`, basis, keys: { source: SOURCE }, counted },
        now,
        direct
      );
    const [contacts, referrals] = await Promise.all([
      bySource('contact', 'contacts'),
      bySource('referral', 'referrals'),
    ]);
    const sources = new Map<string | null, { source: string; contacts: number; referrals: number }>();
    const row = (source: string | null) =>
      sources.get(source) ?? sources.set(source, { source: source!, contacts: 0, referrals: 0 }).get(source)!;
    for (const group of contacts) row(group.source as string | null).contacts += Number(group.contacts);
    for (const group of referrals) row(group.source as string | null).referrals += Number(group.referrals);
    return [...sources.values()].sort((a, b) => b.contacts - a.contacts || byText(a.source, b.source));
  },
  contacts_by_need: async (db, scope, now, direct) => {
    const needs = await tallied(db, scope, CONTACTS_BY_NEED, now, direct);
    return (needs as { factorCode: string; contacts: number }[]).sort(
      (a, b) => b.contacts - a.contacts || byText(a.factorCode, b.factorCode)
    );
  },
  decisions_by_outcome: async (db, scope, now, direct) => {
    const byOutcome = tally(await decisionCube(db, scope, now, direct), (cell) => cell.outcome);
    return [...byOutcome.values()]
      .map(({ first, decisions }) => ({ outcome: first.outcome, label: first.label, decisions }))
      .sort((a, b) => b.decisions - a.decisions || byText(a.outcome, b.outcome));
  },
  outcome_by_route: async (db, scope, now, direct) => {
    const byRoute = tally(
      await decisionCube(db, scope, now, direct),
      (cell) => `${cell.channel}|${cell.outcome}`
    );
    return [...byRoute.values()]
      .map(({ first, decisions }) => ({
        channel: first.channel,
        outcome: first.outcome,
        label: first.label,
        decisions,
      }))
      .sort(
        (a, b) => byText(a.channel, b.channel) || b.decisions - a.decisions || byText(a.outcome, b.outcome)
      );
  },
  out_of_hours_by_outcome: async (db, scope, now, direct) => {
    const outcomes = await tallied(db, scope, OUT_OF_HOURS_BY_OUTCOME, now, direct);
    return (outcomes as BreakdownRows['out_of_hours_by_outcome']).sort(
      (a, b) => b.contacts - a.contacts || byText(a.outcome, b.outcome)
    );
  },
  nfa_by_agency: async (db, scope, now, direct) => {
    const byAgency = tally(await decisionCube(db, scope, now, direct), (cell) => String(cell.agencyId));
    return [...byAgency.values()]
      .map(({ first, decisions, cells }) => {
        const nfa = cells
          .filter((cell) => cell.outcome === 'no_further_action')
          .reduce((sum, cell) => sum + cell.decisions, 0);
        return {
          agencyId: first.agencyId,
          agencyName: first.agencyName,
          decisions,
          nfa,
          percent: percentOf(nfa, decisions),
        };
      })
      .sort((a, b) => b.decisions - a.decisions || byText(a.agencyName, b.agencyName));
  },
  level_matrix: async (db, scope, now, direct) => {
    const levelled = (await decisionCube(db, scope, now, direct)).filter(
      (cell) => cell.indicatedLevel !== null && cell.chosenLevel !== null
    );
    const byLevels = tally(levelled, (cell) => `${cell.indicatedLevel}|${cell.chosenLevel}`);
    return [...byLevels.values()]
      .map(({ first, decisions }) => ({
        indicatedLevel: first.indicatedLevel!,
        chosenLevel: first.chosenLevel!,
        decisions,
      }))
      .sort((a, b) => a.indicatedLevel - b.indicatedLevel || a.chosenLevel - b.chosenLevel);
  },
  information_requests_by_agency: async (db, scope, now) => {
    const counted = REQUEST_COLUMNS(scope.period, now);
    const rows = await rowsOf<Omit<BreakdownRows['information_requests_by_agency'][number], 'onTimePercent'>>(
      db,
      sql`select ir.agency_id as "agencyId", a.name as "agencyName",
          count(*) filter (where ${counted.sent.where})::int as sent,
          count(*) filter (where ${counted.answered.where})::int as answered,
          percentile_cont(0.5) within group (order by ${HOURS(sql`ir.requested_at`, sql`ir.responded_at`)})
            filter (where ${counted.answered.where}) as "medianHours",
          count(*) filter (where ${counted.onTime.where})::int as "onTime",
          count(*) filter (where ${counted.onTimeOf.where})::int as "onTimeOf",
          count(*) filter (where ${counted.openOverdue.where})::int as "openOverdue"
        ${REQUESTS_FROM}
        where (${sql.join(
          Object.values(counted).map((column) => column.where),
          sql` or `
        )}) and ${whereFilters(scope, 'ir')}
        group by 1, 2 order by 2`
    );
    return rows.map((row) => ({ ...row, onTimePercent: percentOf(row.onTime, row.onTimeOf) }));
  },
  handovers_by_team: (db, scope) => {
    const counted = HANDOVER_COLUMNS(scope.period);
    return rowsOf(
      db,
      sql`select h.to_team_id as "teamId", t.name as "teamName",
          count(*) filter (where ${counted.offered.where})::int as offered,
          count(*) filter (where ${counted.accepted.where})::int as accepted,
          count(*) filter (where ${counted.returned.where})::int as returned,
          percentile_cont(0.5) within group (order by ${HOURS(sql`h.offered_at`, sql`h.responded_at`)})
            filter (where ${counted.accepted.where}) as "medianHours"
        ${HANDOVERS_FROM}
        where (${counted.offered.where} or ${counted.accepted.where} or ${counted.returned.where})
          and ${whereFilters(scope, 'h')}
        group by 1, 2 order by 2`
    );
  },
  assessment_days_distribution: async (db, scope, now, direct) => {
    const rows = (await tallied(db, scope, ASSESSMENTS_BY_DAYS, now, direct)) as {
      bin: AssessmentDayBin;
      assessments: number;
    }[];
    return ASSESSMENT_DAY_BINS.map((bin) => ({
      bin,
      assessments: rows.find((row) => row.bin === bin)?.assessments ?? 0,
    }));
  },
};

/** The last day of a month 'YYYY-MM'. */
function lastDayOf(month: string): string {
  return addDays(addMonths(`${month}-01`, 1), -1);
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
