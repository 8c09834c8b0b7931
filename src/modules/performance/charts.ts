/**
 * Charts for the performance pages, drawn on the server as inline SVG with Vega-Lite, so they work
 * without JavaScript. Each chart is an image with a name and a one-sentence summary (<title> and <desc>);
 * the page puts the real data table and a CSV download beside it.
 *
 * The SVG holds no script, no style attribute (the pages' CSP allows none), no link and no id but its own
 * two; it has a viewBox and no width or height, so it takes the width of its container. Labels (team and
 * agency names) are escaped by Vega's SVG renderer; the title and summary are escaped here.
 */
import { createHash } from 'node:crypto';
import type * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { SignalKind, XmrResult } from './spc.ts';

export const CHART_COLOURS = {
  blue: '#1d70b8',
  orange: '#f47738',
  grey: '#505a5f',
  purple: '#4c2c92',
  text: '#0b0c0c',
  lightGrey: '#f3f2f1',
} as const;
/** Arial, as the pages: the GOV.UK typeface is for services on GOV.UK only. */
const FONT = 'arial, sans-serif';

export interface ChartText {
  /** The chart's name, read out first. */
  title: string;
  /** One sentence on what the chart shows, e.g. "Contacts rose from 410 in April to 530 in March." */
  summary: string;
  /** Unique on the page; by default made from the title and summary. */
  id?: string;
}

/** How a point is drawn: never by colour alone, each kind has its own shape too. */
const POINT_STYLES: Record<SignalKind | 'common-cause', { name: string; colour: string; shape: string }> = {
  'common-cause': { name: 'Common cause', colour: CHART_COLOURS.grey, shape: 'circle' },
  concern: { name: 'Special cause: concern', colour: CHART_COLOURS.orange, shape: 'triangle-up' },
  improvement: { name: 'Special cause: improvement', colour: CHART_COLOURS.blue, shape: 'square' },
  neither: { name: 'Special cause: neither', colour: CHART_COLOURS.purple, shape: 'diamond' },
};

const LINE_STYLES = {
  Mean: { colour: CHART_COLOURS.text, dash: [1, 0] },
  'Process limits': { colour: CHART_COLOURS.grey, dash: [6, 4] },
  Target: { colour: CHART_COLOURS.text, dash: [2, 3] },
} as const;

/** The look every chart shares: its font, colours, axes and legends (other pages' charts start from it). */
export const CHART_CONFIG: TopLevelSpec['config'] = {
  font: FONT,
  background: 'white',
  aria: false,
  view: { stroke: null },
  axis: {
    labelColor: CHART_COLOURS.text,
    titleColor: CHART_COLOURS.text,
    domainColor: CHART_COLOURS.grey,
    tickColor: CHART_COLOURS.grey,
    gridColor: CHART_COLOURS.lightGrey,
    labelFontSize: 14,
    titleFontSize: 14,
    titleFontWeight: 'normal',
  },
  legend: {
    orient: 'bottom',
    direction: 'horizontal',
    labelColor: CHART_COLOURS.text,
    labelFontSize: 14,
    labelLimit: 320,
    title: null,
  },
  text: { color: CHART_COLOURS.text, fontSize: 14 },
};

const LEGEND_LAYOUT = { bottom: { anchor: 'start', direction: 'vertical', margin: 4 } } as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-03' → 'Mar 2026'; any other period is shown as it is. */
export function periodLabel(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  const name = month ? MONTHS[Number(month[2]) - 1] : undefined;
  return month && name ? `${name} ${month[1]}` : period;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Vega draws from the data we give it; it never loads anything. */
function refuse(): Promise<never> {
  return Promise.reject(new Error('Charts load nothing'));
}
const NOTHING_TO_LOAD: vega.Loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

/**
 * A Vega view per spec, kept and fed new data: building a view's dataflow costs more than running it, and
 * compiling and parsing the spec more again. Vega runs one pulse at a time per view, so the draws of one
 * spec wait their turn (they are CPU work either way).
 */
interface ChartView {
  view: vega.View;
  turn: Promise<unknown>;
}
const views = new Map<string, ChartView>();
const MAX_VIEWS = 64;

/**
 * Vega and Vega-Lite, loaded on the first chart: they are the largest code the service has, and a process
 * that never draws a chart (most requests are not for the performance pages) starts faster and smaller.
 */
let chartLibraries: Promise<{ vega: typeof vega; compile: typeof import('vega-lite').compile }> | undefined;
function loadChartLibraries() {
  chartLibraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, { compile }]) => ({
    vega,
    compile,
  }));
  return chartLibraries;
}

function viewFor(
  { vega, compile }: Awaited<ReturnType<typeof loadChartLibraries>>,
  spec: TopLevelSpec
): ChartView {
  const key = JSON.stringify(spec);
  let held = views.get(key);
  if (!held) {
    // Vega-Lite's advice about encodings goes to the console; the charts are checked by their tests.
    const compiled = compile(spec, { logger: vega.logger(vega.None) }).spec;
    // Vega-Lite has no say in how legends sharing a side are laid out: two legends (lines, then points)
    // go one above the other, not side by side, so the chart keeps its width.
    const legend = { ...compiled.config?.legend, layout: LEGEND_LAYOUT };
    const runtime = vega.parse({ ...compiled, config: { ...compiled.config, legend } });
    const view = new vega.View(runtime, { renderer: 'none', loader: NOTHING_TO_LOAD, logLevel: vega.Error });
    held = { view, turn: Promise.resolve() };
    if (views.size >= MAX_VIEWS) {
      const oldest = views.keys().next().value!;
      const evicted = views.get(oldest)!;
      views.delete(oldest);
      void evicted.turn.finally(() => evicted.view.finalize());
    }
    views.set(key, held);
  }
  return held;
}

function chartId(text: ChartText): string {
  if (text.id === undefined) {
    return `chart-${createHash('sha256').update(`${text.title}\n${text.summary}`).digest('hex').slice(0, 12)}`;
  }
  if (!/^[A-Za-z][\w-]*$/.test(text.id)) throw new RangeError(`Chart id "${text.id}" is not a plain id`);
  return text.id;
}

/**
 * Drawn charts by everything that went into them. A trend shows whole months only, so the same chart is
 * asked for again and again until a month ends or a past month's records change: drawing it once is enough.
 */
const drawn = new Map<string, string>();
const MAX_DRAWN = 1000;

/** What a chart draws: its named data sources, and the values of the spec's params (see controlChartSvg). */
export interface ChartData {
  data: Record<string, object[]>;
  signals?: Record<string, unknown>;
}

/**
 * Draws a Vega-Lite spec whose data are named sources as an accessible inline SVG, reusing a chart already
 * drawn from the same spec and data. For other pages' charts too: they share the look and the safeguards.
 */
export async function vegaSvg(spec: TopLevelSpec, input: ChartData, text: ChartText): Promise<string> {
  const key = JSON.stringify([spec, input, text.title, text.summary, text.id]);
  const held = drawn.get(key);
  if (held !== undefined) return held;
  const svg = await draw(spec, input, text);
  if (drawn.size >= MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, svg);
  return svg;
}

async function draw(spec: TopLevelSpec, input: ChartData, text: ChartText): Promise<string> {
  const held = viewFor(await loadChartLibraries(), spec);
  const drawing = held.turn.then(() => drawOn(held.view, input, text));
  held.turn = drawing.catch(() => undefined);
  return drawing;
}

async function drawOn(view: vega.View, { data, signals = {} }: ChartData, text: ChartText): Promise<string> {
  for (const [name, value] of Object.entries(signals)) view.signal(name, value);
  // Vega tags each row it is given: it gets copies, so the caller's objects are left as they were.
  for (const [name, rows] of Object.entries(data))
    view.data(
      name,
      rows.map((row) => ({ ...row }))
    );
  const svg = await view.toSVG();
  const viewBox = /viewBox="([^"]+)"/.exec(svg)?.[1];
  if (!viewBox) throw new Error('Vega drew an SVG without a viewBox');
  const id = chartId(text);
  const open =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" class="app-chart">` +
    `<title id="${id}-title">${escapeXml(text.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(text.summary)}</desc>`;
  // Inside role="img" everything is presentational: Vega's own roles would be read as unlabelled images.
  const body = svg
    .replace(/^<svg[^>]*>/, '')
    .replace(/\s(?:role|aria-roledescription|aria-label)="[^"]*"/g, '');
  return open + body;
}

/** Vega's expression for a value as shown: "1,234", "56.3", "56.3%". */
function formatted(field: string, percent: boolean | undefined): string {
  return `format(${field}, ',.1~f')${percent ? " + '%'" : ''}`;
}

/** At most about eight labels on a time axis, always with the latest. */
function thinnedLabels(labels: string[]): string[] {
  const every = Math.ceil(labels.length / 8);
  return labels.filter((_, i) => (labels.length - 1 - i) % every === 0);
}

/** The y range: every value, the mean, the limits and the target, never below zero for counts. */
function yDomain(series: XmrResult, percent: boolean | undefined): [number, number] {
  const plotted = [
    ...series.points.flatMap((p) => (p.value === null ? [] : [p.value])),
    ...[series.mean, series.upperLimit, series.lowerLimit, series.target].filter(
      (v): v is number => v !== null
    ),
  ];
  if (plotted.length === 0) return [0, percent ? 100 : 1];
  const low = Math.min(...plotted);
  const high = Math.max(...plotted);
  const pad = high > low ? (high - low) * 0.1 : Math.max(1, Math.abs(high) * 0.1);
  const floor = low >= 0 ? 0 : -Infinity;
  return [Math.max(floor, low - pad), Math.min(percent ? 100 : Infinity, high + pad)];
}

export interface ControlChartInput extends ChartText {
  series: XmrResult;
  /** The y axis title, e.g. "Contacts" or "Decisions within 1 working day (%)". */
  unitLabel: string;
  percent?: boolean;
}

/**
 * An XmR control chart: the values joined by a line, the mean, the process limits dashed, the target
 * dotted, and each point drawn by its special cause (Making Data Count's orange for concern, blue for
 * improvement, grey for common cause; purple where neither) with a shape of its own, and a legend.
 */
export async function controlChartSvg(input: ControlChartInput): Promise<string> {
  const { series, unitLabel, percent } = input;
  const points = series.points.map((p) => ({
    label: periodLabel(p.period),
    value: p.value,
    style: POINT_STYLES[p.specialCause?.kind ?? 'common-cause'].name,
  }));
  const lines = [
    { line: 'Mean', y: series.mean },
    { line: 'Process limits', y: series.upperLimit },
    { line: 'Process limits', y: series.lowerLimit },
    { line: 'Target', y: series.target },
  ].filter((l) => l.y !== null);
  const styles = Object.values(POINT_STYLES).filter((s) =>
    points.some((p) => p.value !== null && p.style === s.name)
  );
  const lineNames = [...new Set(lines.map((l) => l.line))] as (keyof typeof LINE_STYLES)[];
  const x = {
    field: 'label',
    type: 'ordinal',
    sort: null,
    title: null,
    axis: {
      values: { expr: 'xLabels' },
      labelAngle: 0,
      labelOverlap: false,
    },
  } as const;
  const y = {
    field: 'value',
    type: 'quantitative',
    title: unitLabel,
    scale: { domain: { expr: 'yDomain' }, nice: true, zero: false },
    axis: { labelExpr: formatted('datum.value', percent), grid: true, tickCount: 6 },
  } as const;
  // The axis labels and the y range change with the data, so they are params: one spec, and so one
  // Vega view kept ready, serves every trend with the same unit and the same kinds of point and line.
  const spec: TopLevelSpec = {
    width: 640,
    height: 280,
    config: CHART_CONFIG,
    params: [
      { name: 'xLabels', value: [] },
      { name: 'yDomain', value: [0, 1] },
    ],
    layer: [
      {
        data: { name: 'lines' },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          y: { ...y, field: 'y' },
          stroke: {
            field: 'line',
            type: 'nominal',
            sort: null,
            scale: { domain: lineNames, range: lineNames.map((n) => LINE_STYLES[n].colour) },
          },
          strokeDash: {
            field: 'line',
            type: 'nominal',
            sort: null,
            legend: { symbolType: 'stroke', symbolSize: 500, symbolStrokeWidth: 1.5 },
            scale: { domain: lineNames, range: lineNames.map((n) => [...LINE_STYLES[n].dash]) },
          },
        },
      },
      {
        data: { name: 'points' },
        mark: {
          type: 'line',
          color: CHART_COLOURS.grey,
          strokeWidth: 2,
          invalid: 'break-paths-show-domains',
        },
        encoding: { x, y },
      },
      {
        data: { name: 'points' },
        transform: [{ filter: 'isValid(datum.value)' }],
        mark: { type: 'point', filled: true, opacity: 1, stroke: 'white', strokeWidth: 1 },
        encoding: {
          x,
          y,
          fill: {
            field: 'style',
            type: 'nominal',
            sort: null,
            scale: { domain: styles.map((s) => s.name), range: styles.map((s) => s.colour) },
          },
          // A condition, not a scale: Vega-Lite's size scale over a nominal field draws NaN paths.
          size: { condition: { test: "datum.style !== 'Common cause'", value: 150 }, value: 90 },
          shape: {
            field: 'style',
            type: 'nominal',
            sort: null,
            scale: { domain: styles.map((s) => s.name), range: styles.map((s) => s.shape) },
          },
        },
      },
    ],
  };
  const signals = { xLabels: thinnedLabels(points.map((p) => p.label)), yDomain: yDomain(series, percent) };
  return vegaSvg(spec, { data: { points, lines }, signals }, input);
}

export interface BarChartInput extends ChartText {
  /** In the order to show them, top to bottom. */
  rows: { label: string; value: number }[];
  /** The value axis title, e.g. "Contacts". */
  unitLabel: string;
  percent?: boolean;
}

/** Horizontal bars for a breakdown (by source, outcome, agency…), each labelled with its value. */
export async function barChartSvg(input: BarChartInput): Promise<string> {
  const y = { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } } as const;
  const x = {
    field: 'value',
    type: 'quantitative',
    title: input.unitLabel,
    scale: input.percent ? { domain: [0, 100] } : { zero: true },
    axis: { labelExpr: formatted('datum.value', input.percent), grid: true },
  } as const;
  const spec: TopLevelSpec = {
    width: 480,
    height: { step: 32 },
    config: CHART_CONFIG,
    data: { name: 'rows' },
    transform: [{ calculate: formatted('datum.value', input.percent), as: 'text' }],
    layer: [
      { mark: { type: 'bar', color: CHART_COLOURS.blue }, encoding: { x, y } },
      {
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: { x, y, text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
  return vegaSvg(spec, { data: { rows: input.rows } }, input);
}

export interface HistogramInput extends ChartText {
  /** In the order of the axis, e.g. "0–5", "6–10", "11–15" working days. */
  bins: { label: string; count: number }[];
  /** The axis titles, e.g. "Working days to complete" and "Assessments". */
  binTitle: string;
  countTitle: string;
}

/** Vertical bars, side by side, for a distribution; each bar labelled with its count. */
export async function histogramSvg(input: HistogramInput): Promise<string> {
  const x = {
    field: 'label',
    type: 'ordinal',
    sort: null,
    title: input.binTitle,
    scale: { paddingInner: 0.04 },
    axis: { labelAngle: 0 },
  } as const;
  const y = {
    field: 'count',
    type: 'quantitative',
    title: input.countTitle,
    scale: { zero: true },
    axis: { format: ',d', tickMinStep: 1, grid: true },
  } as const;
  const spec: TopLevelSpec = {
    width: 640,
    height: 280,
    config: CHART_CONFIG,
    data: { name: 'bins' },
    transform: [{ calculate: formatted('datum.count', false), as: 'text' }],
    layer: [
      { mark: { type: 'bar', color: CHART_COLOURS.blue }, encoding: { x, y } },
      {
        mark: { type: 'text', baseline: 'bottom', dy: -4 },
        encoding: { x, y, text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
  return vegaSvg(spec, { data: { bins: input.bins } }, input);
}
