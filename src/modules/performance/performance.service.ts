import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { comparatorFigures, latestByArea, type ComparatorFigure } from './comparators.ts';
import { controlChartOf } from './figures.ts';
import { refreshInsightFacts } from './insight-facts.ts';
import { trendMonths, type InsightScope } from './insight-scope.ts';
import { cellListing } from './breakdown-cells.ts';
import { figureTable } from './breakdown-tables.ts';
import { pageOfChildren, type ChildListing } from './children-behind.ts';
import {
  breakdown,
  childrenListing,
  monthlyValues,
  periodValues,
  type BreakdownId,
  type BreakdownRows,
  type MeasureValue,
  type MonthValue,
} from './measure-queries.ts';
import {
  COMPARABLE_MEASURES,
  measuresIn,
  type ComparableMeasure,
  type MeasureDefinition,
  type MeasureSection,
} from './measures.ts';
import type { XmrResult } from './spc.ts';
import {
  blockages,
  caseloadsByWorker,
  openContactsByWorker,
  workloadListing,
  type WorkloadCell,
} from './workload-queries.ts';

/*
 * The performance pages' figures. Every page is aggregates only, audited as a view with its scope; the
 * children behind a figure are a read of each child listed, through the access layer.
 */

/** Months in a trend: two years gives an XmR chart enough points to tell a change from noise. */
export const TREND_MONTHS = 24;

/** The breakdowns each section shows below its measures. */
export const SECTION_BREAKDOWNS: Record<MeasureSection, readonly BreakdownId[]> = {
  demand: ['contacts_by_source', 'contacts_by_need', 'out_of_hours_by_outcome'],
  decisions: ['decisions_by_outcome', 'outcome_by_route', 'nfa_by_agency', 'level_matrix'],
  timeliness: ['information_requests_by_agency', 'handovers_by_team', 'assessment_days_distribution'],
};

/** A measure's months, as counted and as a control chart. */
export interface MeasureTrend {
  measure: MeasureDefinition;
  /** Each month of the trend, as counted. */
  monthly: MonthValue[];
  chart: XmrResult;
}

export interface MeasureFigure extends MeasureTrend {
  value: MeasureValue;
  comparators: ComparatorFigure[];
}

export interface SectionFigures {
  section: MeasureSection;
  months: string[];
  figures: MeasureFigure[];
  breakdowns: Partial<BreakdownRows>;
}

/**
 * The last month a trend can show: the month `to` ends, or the one before when `to` is mid-month (a
 * part month would look like a fall in demand).
 */
export function lastWholeMonth(to: string): string {
  const [year, month, day] = to.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === lastDay) return to.slice(0, 7);
  return trendMonths(to, 2)[0]!;
}

function isComparable(id: string): id is ComparableMeasure {
  return (COMPARABLE_MEASURES as readonly string[]).includes(id);
}

/** A section's figures straight from the database, for the service below and the benchmark. */
export async function figuresOf(
  db: Db,
  section: MeasureSection,
  scope: InsightScope,
  now: Date
): Promise<SectionFigures> {
  await refreshInsightFacts(db);
  const measures = measuresIn(section);
  const ids = measures.map((measure) => measure.id);
  const months = trendMonthsOf(scope);
  // The trends first: the period's figures are then mostly sums of the months they have just counted.
  const [[monthly, values], comparators, ...rows] = await Promise.all([
    monthlyValues(db, scope, months, ids, { now }).then(
      async (monthly) => [monthly, await periodValues(db, scope, ids, { now })] as const
    ),
    comparatorFigures(db),
    ...SECTION_BREAKDOWNS[section].map((by) => breakdown(db, scope, by, { now })),
  ]);
  const figures = measures.map((measure) => ({
    measure,
    value: values[measure.id],
    monthly: monthly[measure.id],
    chart: controlChartOf(measure, monthly[measure.id]),
    comparators: isComparable(measure.id) ? latestByArea(comparators, measure.id) : [],
  }));
  const breakdowns = Object.fromEntries(
    SECTION_BREAKDOWNS[section].map((by, index) => [by, rows[index]])
  ) as Partial<BreakdownRows>;
  return { section, months, figures, breakdowns };
}

function trendMonthsOf(scope: InsightScope): string[] {
  return trendMonths(`${lastWholeMonth(scope.period.to)}-01`, TREND_MONTHS);
}

/** A section's measures for the period, their monthly control charts and its breakdowns. */
export function sectionFigures(
  access: RecordAccess,
  section: MeasureSection,
  scope: InsightScope,
  now: Date
): Promise<SectionFigures> {
  return access.withPermission(
    'performance:view',
    { action: 'performance.view', recordType: 'performance', details: { section, scope } },
    (db) => figuresOf(db, section, scope, now)
  );
}

/** One measure's trend alone (for its CSV download): its months and control chart. */
export function measureTrend(
  access: RecordAccess,
  measure: MeasureDefinition,
  scope: InsightScope,
  now: Date
): Promise<MeasureTrend> {
  return access.withPermission(
    'performance:view',
    {
      action: 'performance.view',
      recordType: 'performance',
      details: { section: measure.section, measure: measure.id, scope },
    },
    async (db) => {
      await refreshInsightFacts(db);
      const monthly = (await monthlyValues(db, scope, trendMonthsOf(scope), [measure.id], { now }))[
        measure.id
      ];
      return { measure, monthly, chart: controlChartOf(measure, monthly) };
    }
  );
}

/** One breakdown of a section alone (for its CSV download), as its table. */
export function breakdownTable(
  access: RecordAccess,
  section: MeasureSection,
  by: BreakdownId,
  scope: InsightScope,
  now: Date
) {
  return access.withPermission(
    'performance:view',
    { action: 'performance.view', recordType: 'performance', details: { section, breakdown: by, scope } },
    async (db) => {
      await refreshInsightFacts(db);
      return figureTable(by, await breakdown(db, scope, by, { now }));
    }
  );
}

/** Workload now: open contacts and caseloads by worker, and what is waiting on whom. */
export function workloadFigures(access: RecordAccess, now: Date, teamId?: number) {
  return access.withPermission(
    'performance:drill',
    { action: 'performance.view', recordType: 'performance', details: { section: 'workload', teamId } },
    (db) => workloadOf(db, now, teamId)
  );
}

export type WorkloadFigures = Awaited<ReturnType<typeof workloadOf>>;

async function workloadOf(db: Db, now: Date, teamId?: number) {
  const [openContacts, caseloads, waiting] = await Promise.all([
    openContactsByWorker(db, now, teamId),
    caseloadsByWorker(db, teamId),
    blockages(db, now, teamId),
  ]);
  return { openContacts, caseloads, waiting };
}

/** Rows per page of the children behind a figure: each page is one audited read of the children shown. */
export const CHILDREN_PAGE_SIZE = 50;

export interface ChildrenBehind {
  /** Every case behind the number: the number itself. */
  total: number;
  /** Cases whose child is not yet linked to a record: counted, not listed. */
  unlinked: number;
  /** Cases listed, page by page. */
  linked: number;
  shown: { personId: number; givenName: string; familyName: string; date: string; fact: string }[];
  /** Restricted records on this page the actor may not open: counted, not named. */
  withheld: number;
}

/** A page of the children behind a number, read through the access layer (audited with `criteria`). */
async function listChildren(
  access: RecordAccess,
  db: Db,
  criteria: Record<string, unknown>,
  listing: ChildListing,
  page: number
): Promise<ChildrenBehind> {
  const { total, linked, rows } = await pageOfChildren(db, listing, page, CHILDREN_PAGE_SIZE);
  const { shown, withheld } = await access.listPeople('performance:drill', criteria, rows);
  return { total, unlinked: total - linked, linked, shown, withheld };
}

/**
 * The children behind a measure's numerator, a page at a time. Children not yet linked to a record are
 * counted, not named; restricted records the actor cannot open are counted as withheld.
 */
export async function childrenBehindFigure(
  access: RecordAccess,
  db: Db,
  query: { measure: MeasureDefinition; scope: InsightScope; month?: string; page: number },
  now: Date
): Promise<ChildrenBehind> {
  await refreshInsightFacts(db);
  const listing = childrenListing(query.scope, query.measure.id, query.month, { now });
  const { measure, scope, month, page } = query;
  return listChildren(access, db, { measure: measure.id, scope, month, page }, listing, page);
}

/**
 * The children behind one count in a breakdown's table, with the table (to say which cell it is), or
 * null when the table has no such cell or it counts no cases.
 */
export async function childrenBehindCell(
  access: RecordAccess,
  db: Db,
  query: { breakdown: BreakdownId; column: string; group: string; scope: InsightScope; page: number },
  now: Date
) {
  await refreshInsightFacts(db);
  const table = figureTable(query.breakdown, await breakdown(db, query.scope, query.breakdown, { now }));
  const listing = cellListing(query.breakdown, query.column, query.group, query.scope, now);
  if (!listing || !table.drill.groups.includes(query.group)) return null;
  return { table, children: await listChildren(access, db, query, listing, query.page) };
}

/**
 * The children behind one count of the workload now: `cellOf` finds the cell in the workload (null
 * when it has no such cell, answered as null).
 */
export async function childrenBehindWorkload<Found extends { cell: WorkloadCell }>(
  access: RecordAccess,
  db: Db,
  query: { cellOf: (figures: WorkloadFigures) => Found | null; teamId?: number; page: number },
  now: Date
) {
  const { teamId, page } = query;
  const cell = query.cellOf(await workloadOf(db, now, teamId));
  if (!cell) return null;
  const listing = workloadListing(cell.cell, now, teamId);
  return { cell, children: await listChildren(access, db, { ...cell.cell, teamId, page }, listing, page) };
}
