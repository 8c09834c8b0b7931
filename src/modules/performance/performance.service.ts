import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { comparatorFigures, latestByArea, type ComparatorFigure } from './comparators.ts';
import { controlChartOf } from './figures.ts';
import { refreshInsightFacts } from './insight-facts.ts';
import { trendMonths, type InsightScope } from './insight-scope.ts';
import {
  breakdown,
  childrenBehind,
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
import { blockages, caseloadsByWorker, openContactsByWorker } from './workload-queries.ts';

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

export interface MeasureFigure {
  measure: MeasureDefinition;
  value: MeasureValue;
  /** Each month of the trend, as counted. */
  monthly: MonthValue[];
  chart: XmrResult;
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
  const months = trendMonths(`${lastWholeMonth(scope.period.to)}-01`, TREND_MONTHS);
  const [values, monthly, comparators, ...rows] = await Promise.all([
    periodValues(db, scope, ids, { now }),
    monthlyValues(db, scope, months, ids, { now }),
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

/** Workload now: open contacts and caseloads by worker, and what is waiting on whom. */
export function workloadFigures(access: RecordAccess, now: Date, teamId?: number) {
  return access.withPermission(
    'performance:drill',
    { action: 'performance.view', recordType: 'performance', details: { section: 'workload', teamId } },
    async (db) => {
      const [openContacts, caseloads, waiting] = await Promise.all([
        openContactsByWorker(db, now, teamId),
        caseloadsByWorker(db, teamId),
        blockages(db, now, teamId),
      ]);
      return { openContacts, caseloads, waiting };
    }
  );
}

/** Rows per page of the children behind a figure: each page is one audited read of the children shown. */
export const CHILDREN_PAGE_SIZE = 50;

/**
 * The children behind a measure's numerator, a page at a time. Children not yet linked to a record are
 * counted, not named; restricted records the actor cannot open are counted as withheld.
 */
export async function childrenBehindFigure(
  access: RecordAccess,
  db: Db,
  query: { measure: MeasureDefinition; scope: InsightScope; month?: string; page: number },
  now: Date
) {
  await refreshInsightFacts(db);
  const all = await childrenBehind(db, query.scope, query.measure.id, query.month, { now });
  const linked = all.flatMap((row) => (row.personId === null ? [] : [{ ...row, personId: row.personId }]));
  const pageRows = linked.slice((query.page - 1) * CHILDREN_PAGE_SIZE, query.page * CHILDREN_PAGE_SIZE);
  const { shown, withheld } = await access.listPeople(
    'performance:drill',
    { measure: query.measure.id, scope: query.scope, month: query.month, page: query.page },
    pageRows
  );
  return { total: all.length, unlinked: all.length - linked.length, linked: linked.length, shown, withheld };
}
