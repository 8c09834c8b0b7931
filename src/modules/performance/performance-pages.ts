import { barChartSvg, controlChartSvg, histogramSvg, periodLabel } from './charts.ts';
import { figureTable, type FigureTable } from './breakdown-tables.ts';
import { csvNumber, formatValue, variationText } from './figures.ts';
import { queryStringOf } from './insight-query.ts';
import type { InsightScope } from './insight-scope.ts';
import type { BreakdownId } from './measure-queries.ts';
import type { MeasureDefinition, MeasureId, MeasureUnit } from './measures.ts';
import { describeAssurance, SPC_RULE_TEXT } from './spc.ts';
import type { MeasureFigure, SectionFigures } from './performance.service.ts';

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
function trendTable(figure: MeasureFigure): { headers: string[]; rows: string[][]; months: string[] } {
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
export function measureCsvRows(figures: SectionFigures, id: MeasureId) {
  const figure = figures.figures.find((candidate) => candidate.measure.id === id);
  if (!figure) throw new RangeError(`No measure ${id} in ${figures.section}`);
  return trendTable(figure);
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

async function tableView(table: FigureTable, section: string, scope: InsightScope) {
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
  return { ...table, svg, csvHref: `/performance/${section}/${table.id}.csv?${queryStringOf(scope)}` };
}

/** A section page: each measure's figure and control chart, then the breakdowns. */
export async function sectionPage(figures: SectionFigures, scope: InsightScope, canDrill: boolean) {
  const measures = await Promise.all(figures.figures.map((figure) => figureView(figure, scope, canDrill)));
  const tables = await Promise.all(
    (Object.entries(figures.breakdowns) as [BreakdownId, never][]).map(([id, rows]) =>
      tableView(figureTable(id, rows), figures.section, scope)
    )
  );
  return { period: scope.period, measures, tables };
}

/** The children behind a figure, a page at a time, with what the list leaves out said plainly. */
export function childrenPage(
  measure: MeasureDefinition,
  scope: InsightScope,
  month: string | undefined,
  page: number,
  children: {
    total: number;
    unlinked: number;
    linked: number;
    shown: { personId: number; givenName: string; familyName: string; date: string; fact: string }[];
    withheld: number;
  },
  pageSize: number
) {
  const query = queryStringOf(scope);
  const base = `/performance/measures/${measure.id}/children?${query}${month ? `&month=${month}` : ''}`;
  const pages = Math.max(1, Math.ceil(children.linked / pageSize));
  return {
    measure,
    period: scope.period,
    monthLabel: month ? periodLabel(month) : null,
    ...children,
    page,
    pages,
    firstShown: children.linked === 0 ? 0 : (page - 1) * pageSize + 1,
    lastShown: Math.min(page * pageSize, children.linked),
    previousHref: page > 1 ? `${base}&page=${page - 1}` : null,
    nextHref: page < pages ? `${base}&page=${page + 1}` : null,
    backHref: `/performance/${measure.section}?${query}`,
  };
}
