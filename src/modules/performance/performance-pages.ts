import { barChartSvg, controlChartSvg, histogramSvg, periodLabel } from './charts.ts';
import { figureTable, groupKey, type FigureTable } from './breakdown-tables.ts';
import { csvNumber, formatValue, variationText } from './figures.ts';
import { queryStringOf } from './insight-query.ts';
import type { InsightScope } from './insight-scope.ts';
import type { BreakdownId } from './measure-queries.ts';
import type { MeasureDefinition, MeasureUnit } from './measures.ts';
import { describeAssurance, SPC_RULE_TEXT } from './spc.ts';
import type {
  ChildrenBehind,
  MeasureFigure,
  MeasureTrend,
  SectionFigures,
  WorkloadFigures,
} from './performance.service.ts';
import type { WorkloadCell } from './workload-queries.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';

/*
 * The performance pages' view models: each figure's words, chart, data table and links. A trend's table
 * and its CSV download are built from the same cells.
 */

const UNIT_HEADERS: Record<MeasureUnit, string> = {
  count: 'Value',
  per_10k: 'Per 10,000 children',
  percent: 'Value (%)',
  hours: 'Median (hours)',
  working_days: 'Median (working days)',
};

/** The trend's table: the same headers and cells as its CSV download. */
function trendTable(figure: MeasureTrend): { headers: string[]; rows: string[][]; months: string[] } {
  const { measure, chart, monthly } = figure;
  const byMonth = new Map(monthly.map((month) => [month.month, month]));
  const withDenominator = measure.unit === 'percent';
  const headers = [
    'Month',
    measure.unit === 'hours' || measure.unit === 'working_days' ? 'Cases' : 'Counted',
    ...(withDenominator ? ['Out of'] : []),
    UNIT_HEADERS[measure.unit],
    'Mean',
    'Lower process limit',
    'Upper process limit',
    'Special cause',
  ];
  const rows = chart.points.map((point) => {
    const month = byMonth.get(point.period);
    return [
      periodLabel(point.period),
      String(month?.numerator ?? 0),
      ...(withDenominator ? [String(month?.denominator ?? 0)] : []),
      csvNumber(point.value, measure.unit),
      statistic(chart.mean),
      statistic(chart.lowerLimit),
      statistic(chart.upperLimit),
      point.specialCause
        ? `${point.specialCause.kind === 'neither' ? 'Unusual' : capitalise(point.specialCause.kind)}: ${point.specialCause.rules
            .map((rule) => SPC_RULE_TEXT[rule])
            .join('; ')}`
        : '',
    ];
  });
  return { headers, rows, months: chart.points.map((point) => point.period) };
}

/** A mean or limit: one decimal place whatever the unit, as a mean of counts is rarely whole. */
function statistic(value: number | null): string {
  return value === null ? '' : value.toFixed(1);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The CSV of one measure's trend, exactly as its table shows it. */
export function measureCsvRows(trend: MeasureTrend) {
  return trendTable(trend);
}

/** "142 of 630", "over 95 cases": what the headline figure is made of. */
function detailOf(figure: MeasureFigure): string {
  const { numerator, denominator } = figure.value;
  switch (figure.measure.unit) {
    case 'percent':
      return `${numerator.toLocaleString('en-GB')} of ${(denominator ?? 0).toLocaleString('en-GB')}`;
    case 'per_10k':
      return denominator === null
        ? 'A rate needs the number of children, which the council records only by locality'
        : `${numerator.toLocaleString('en-GB')} in a population of ${denominator.toLocaleString('en-GB')} children`;
    case 'hours':
    case 'working_days':
      return `The median of ${numerator.toLocaleString('en-GB')} ${numerator === 1 ? 'case' : 'cases'}`;
    case 'count':
      return '';
  }
}

function chartSummary(figure: MeasureFigure): string {
  const { chart, measure } = figure;
  const first = chart.points[0];
  const last = chart.points.at(-1);
  if (!first || !last) return 'No months with cases yet.';
  const mean = chart.mean === null ? '' : ` The mean is ${formatValue(chart.mean, measure.unit)}.`;
  return `Each month from ${periodLabel(first.period)} to ${periodLabel(last.period)}.${mean} ${variationText(chart)}.`;
}

async function figureView(figure: MeasureFigure, scope: InsightScope, canDrill: boolean) {
  const { measure, chart } = figure;
  const query = queryStringOf(scope);
  const table = trendTable(figure);
  const drillable = canDrill && measure.drill;
  const byMonth = new Map(figure.monthly.map((month) => [month.month, month.numerator]));
  return {
    measure,
    value: figure.value.value === null ? null : formatValue(figure.value.value, measure.unit),
    detail: detailOf(figure),
    comparators: figure.comparators.map((comparator) => ({
      ...comparator,
      text: formatValue(comparator.value, 'percent'),
    })),
    variation: variationText(chart),
    assurance: chart.assurance ? describeAssurance(chart.assurance) : null,
    provisional: chart.provisional && chart.points.length > 0,
    svg:
      chart.points.length > 0
        ? await controlChartSvg({
            id: `chart-${measure.id}`,
            title: measure.title,
            summary: chartSummary(figure),
            series: chart,
            unitLabel: measure.unit === 'count' ? measure.title : UNIT_HEADERS[measure.unit],
            percent: measure.unit === 'percent',
          })
        : null,
    table,
    monthLinks: table.months.map((month) =>
      drillable && (byMonth.get(month) ?? 0) > 0
        ? `/performance/measures/${measure.id}/children?${query}&month=${month}`
        : null
    ),
    csvHref: `/performance/measures/${measure.id}.csv?${query}`,
    drillHref:
      drillable && figure.value.numerator > 0
        ? `/performance/measures/${measure.id}/children?${query}`
        : null,
  };
}

/** A table some of whose cells count cases: which, and the row each is in (see FigureTable). */
type DrillableTable = Pick<FigureTable, 'headers' | 'rows' | 'drill'>;

/** A link per cell that counts one or more cases, to the children behind it; null elsewhere. */
function cellLinks(table: DrillableTable, hrefOf: (column: string, group: string) => string) {
  return table.rows.map((row, rowIndex) =>
    row.map((cell, index) => {
      const column = table.drill.columns[index];
      return column && /^[1-9][0-9]*$/.test(cell) ? hrefOf(column, table.drill.groups[rowIndex]!) : null;
    })
  );
}

/** The cell a list of children is behind, in words: what names its row, and the count and its column. */
export function cellOf(table: DrillableTable, column: string, group: string) {
  const rowIndex = table.drill.groups.indexOf(group);
  const columnIndex = table.drill.columns.indexOf(column);
  const row = table.rows[rowIndex];
  if (!row || columnIndex < 0) return null;
  return [
    ...row.slice(0, table.drill.labels).map((text, index) => ({ key: table.headers[index]!, value: text })),
    { key: table.headers[columnIndex]!, value: row[columnIndex]! },
  ];
}

async function tableView(table: FigureTable, section: string, scope: InsightScope, canDrill: boolean) {
  const chart = table.chart;
  const text = { id: `chart-${table.id}`, title: table.title, summary: table.definition };
  const svg =
    chart === null || chart.bars.length === 0
      ? null
      : chart.kind === 'histogram'
        ? await histogramSvg({
            ...text,
            bins: chart.bars.map((bar) => ({ label: bar.label, count: bar.value })),
            binTitle: table.headers[0]!,
            countTitle: chart.unitLabel,
          })
        : await barChartSvg({
            ...text,
            rows: chart.bars,
            unitLabel: chart.unitLabel,
            percent: chart.percent,
          });
  const query = queryStringOf(scope);
  const links = canDrill
    ? cellLinks(
        table,
        (column, group) =>
          `/performance/${section}/${table.id}/children?${query}&${new URLSearchParams({ column, group })}`
      )
    : null;
  return { ...table, svg, links, csvHref: `/performance/${section}/${table.id}.csv?${query}` };
}

/** A section page: each measure's figure and control chart, then the breakdowns. */
export async function sectionPage(figures: SectionFigures, scope: InsightScope, canDrill: boolean) {
  const measures = await Promise.all(figures.figures.map((figure) => figureView(figure, scope, canDrill)));
  const tables = await Promise.all(
    (Object.entries(figures.breakdowns) as [BreakdownId, never][]).map(([id, rows]) =>
      tableView(figureTable(id, rows), figures.section, scope, canDrill)
    )
  );
  return { period: scope.period, measures, tables };
}

/** What a list of children is behind, for its page. */
interface ChildrenOf {
  /** The figure or table it is from. */
  caption: string;
  /** The row and column of a table's cell, in words. */
  cell?: { key: string; value: string }[];
  /** How the figure is counted. */
  counted?: string;
  period?: { from: string; to: string };
  month?: string;
  /** The list's own address, without a page. */
  base: string;
  backHref: string;
}

/** The children behind a number, a page at a time, with what the list leaves out said plainly. */
export function childrenPage(of: ChildrenOf, page: number, children: ChildrenBehind, pageSize: number) {
  const pages = Math.max(1, Math.ceil(children.linked / pageSize));
  return {
    ...of,
    monthLabel: of.month ? periodLabel(of.month) : null,
    ...children,
    page,
    pages,
    firstShown: children.linked === 0 ? 0 : (page - 1) * pageSize + 1,
    lastShown: Math.min(page * pageSize, children.linked),
    previousHref: page > 1 ? `${of.base}&page=${page - 1}` : null,
    nextHref: page < pages ? `${of.base}&page=${page + 1}` : null,
  };
}

/** The children behind a measure's figure, or one month of its trend. */
export function measureChildrenOf(
  measure: MeasureDefinition,
  scope: InsightScope,
  month?: string
): ChildrenOf {
  const query = queryStringOf(scope);
  return {
    caption: measure.title,
    counted: measure.numerator,
    period: scope.period,
    month,
    base: `/performance/measures/${measure.id}/children?${query}${month ? `&month=${month}` : ''}`,
    backHref: `/performance/${measure.section}?${query}`,
  };
}

/** The children behind one cell of a breakdown's table. */
export function breakdownChildrenOf(
  table: FigureTable,
  section: string,
  scope: InsightScope,
  cell: { column: string; group: string }
): ChildrenOf {
  const query = queryStringOf(scope);
  return {
    caption: table.title,
    cell: cellOf(table, cell.column, cell.group) ?? [],
    counted: table.definition,
    period: scope.period,
    base: `/performance/${section}/${table.id}/children?${query}&${new URLSearchParams(cell)}`,
    backHref: `/performance/${section}?${query}#table-${table.id}`,
  };
}

export const WORKLOAD_TABLE_IDS = ['waiting', 'open', 'caseloads'] as const;
export type WorkloadTableId = (typeof WORKLOAD_TABLE_IDS)[number];

const dateTime = (value: Date) => formatUk(value, UK_FORMATS.dateAtTime);
const teamAndWorker = (row: { teamId: number | null; workerId: number | null }) =>
  groupKey(row.teamId, row.workerId);

/** The workload's tables as shown, each count a cell that can be listed (see workload-queries.ts). */
export function workloadTables(figures: WorkloadFigures) {
  const tables: Record<WorkloadTableId, DrillableTable & { caption: string }> = {
    waiting: {
      caption: 'What is waiting on whom',
      headers: ['Waiting', 'On', 'How many', 'Past their due time', 'Waiting since'],
      rows: figures.waiting.map((row) => [
        row.what,
        row.waitingOn,
        String(row.count),
        row.overdue === null ? 'Not timed' : String(row.overdue),
        dateTime(row.oldestSince),
      ]),
      drill: {
        columns: [null, null, 'count', 'overdue', null],
        groups: figures.waiting.map((row) => groupKey(row.kind, row.groupId)),
        labels: 2,
      },
    },
    open: {
      caption: 'Open contacts by team and worker',
      headers: ['Team', 'Worker', 'Open', 'Past their decision time', 'Oldest received'],
      rows: figures.openContacts.map((row) => [
        row.teamName,
        row.workerName ?? 'Not allocated',
        String(row.open),
        String(row.pastDecisionDue),
        dateTime(row.oldestReceivedAt),
      ]),
      drill: {
        columns: [null, null, 'open', 'pastDecisionDue', null],
        groups: figures.openContacts.map(teamAndWorker),
        labels: 2,
      },
    },
    caseloads: {
      caption: 'Caseloads by team and worker',
      headers: [
        'Team',
        'Worker',
        'Assessments',
        'Section 47 enquiries',
        'Child in need',
        'Child protection',
        'Early help',
        'Total',
      ],
      rows: figures.caseloads.map((row) => [
        row.teamName,
        row.workerName ?? 'Not allocated',
        ...[
          row.assessments,
          row.section47s,
          row.childInNeed,
          row.childProtection,
          row.earlyHelp,
          row.total,
        ].map(String),
      ]),
      drill: {
        columns: [
          null,
          null,
          'assessments',
          'section47s',
          'childInNeed',
          'childProtection',
          'earlyHelp',
          'total',
        ],
        groups: figures.caseloads.map(teamAndWorker),
        labels: 2,
      },
    },
  };
  return tables;
}

function workloadHref(table: WorkloadTableId, column: string, group: string, teamId?: number) {
  const query = new URLSearchParams({ table, column, group, ...(teamId ? { team: String(teamId) } : {}) });
  return `/performance/workload/children?${query}`;
}

/** The workload page: each table with a link from every count to the children behind it. */
export function workloadPage(figures: WorkloadFigures, teamId?: number) {
  const tables = workloadTables(figures);
  return WORKLOAD_TABLE_IDS.map((id) => ({
    ...tables[id],
    links: cellLinks(tables[id], (column, group) => workloadHref(id, column, group, teamId)),
  }));
}

/**
 * The workload cell a drill-down asks for, when the workload has it now: its row and column in words,
 * and the cell for the query. Null when there is no such cell.
 */
export function workloadCellOf(
  figures: WorkloadFigures,
  address: { table: WorkloadTableId; column: string; group: string }
): { words: { key: string; value: string }[]; cell: WorkloadCell; caption: string } | null {
  const table = workloadTables(figures)[address.table];
  const words = cellOf(table, address.column, address.group);
  if (!words) return null;
  const [first = '', second = ''] = address.group.split('|');
  const id = (value: string) => (value === '' ? null : Number(value));
  const cell = (
    address.table === 'waiting'
      ? { table: 'waiting', column: address.column, kind: first, groupId: id(second) }
      : { table: address.table, column: address.column, teamId: id(first), workerId: id(second) }
  ) as WorkloadCell;
  return { words, cell, caption: table.caption };
}

/** The children behind one count of the workload. */
export function workloadChildrenOf(
  address: { table: WorkloadTableId; column: string; group: string },
  found: { words: { key: string; value: string }[]; caption: string },
  teamId?: number
): ChildrenOf {
  return {
    caption: found.caption,
    cell: found.words,
    base: workloadHref(address.table, address.column, address.group, teamId),
    backHref: `/performance/workload${teamId ? `?team=${teamId}` : ''}`,
  };
}
