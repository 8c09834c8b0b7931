/**
 * The assurance pages' charts, drawn on the server as inline SVG with Vega-Lite as the performance
 * pages draw theirs (charts.ts: the same colours, fonts, accessible wrapper and no script), so they
 * work without JavaScript. Each has a data table beside it on the page.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_COLOURS, CHART_CONFIG, vegaSvg, type ChartText } from '../../performance/charts.ts';

/** The shared look, with legends listed one under another (these charts' legends are long). */
const CONFIG: TopLevelSpec['config'] = {
  ...CHART_CONFIG,
  legend: { ...CHART_CONFIG?.legend, direction: 'vertical' },
};

export interface IntervalRow {
  label: string;
  value: number;
  lower: number;
  upper: number;
  /** How the point is drawn and named in the legend, e.g. "Flagged: fewer escalations". */
  style: string;
}

export interface IntervalChartInput extends ChartText {
  rows: IntervalRow[];
  /** The axis title, e.g. "Adjusted odds ratio of escalation (95% interval)". */
  unitLabel: string;
  /** Where "no difference" is: 1 for an odds ratio (drawn on a log scale), else the service's figure. */
  reference: number;
  referenceLabel: string;
  logScale?: boolean;
  percent?: boolean;
}

/** The point styles, each with a colour and a shape of its own, so nothing is told by colour alone. */
export const POINT_STYLES = {
  'Not flagged': { colour: CHART_COLOURS.grey, shape: 'circle' },
  'Flagged: fewer than expected': { colour: CHART_COLOURS.orange, shape: 'triangle-down' },
  'Flagged: more than expected': { colour: CHART_COLOURS.purple, shape: 'triangle-up' },
  'Too few to test': { colour: CHART_COLOURS.grey, shape: 'diamond' },
  Estimate: { colour: CHART_COLOURS.blue, shape: 'circle' },
} as const;
export type PointStyle = keyof typeof POINT_STYLES;

/** Each group's estimate with its interval as a horizontal line, and a dashed line at no difference. */
export async function intervalChartSvg(input: IntervalChartInput): Promise<string> {
  const styles = (Object.keys(POINT_STYLES) as PointStyle[]).filter((style) =>
    input.rows.some((row) => row.style === style)
  );
  const y = { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 360 } } as const;
  const scale = input.logScale ? { type: 'log' as const, zero: false } : { zero: true };
  const format = input.percent ? ',.0~f' : ',.2~f';
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: input.unitLabel,
    scale: input.percent ? { domain: [0, 100] } : scale,
    axis: { format, grid: true },
  };
  const spec: TopLevelSpec = {
    width: 480,
    height: { step: 28 },
    config: CONFIG,
    layer: [
      {
        data: { name: 'rows' },
        mark: { type: 'rule', color: CHART_COLOURS.text, strokeWidth: 1.5 },
        encoding: { y, x: { ...x, field: 'lower' }, x2: { field: 'upper' } },
      },
      {
        data: { name: 'rows' },
        mark: { type: 'point', filled: true, opacity: 1, size: 110, stroke: 'white', strokeWidth: 1 },
        encoding: {
          y,
          x,
          fill: {
            field: 'style',
            type: 'nominal',
            sort: null,
            scale: { domain: styles, range: styles.map((style) => POINT_STYLES[style].colour) },
          },
          shape: {
            field: 'style',
            type: 'nominal',
            sort: null,
            scale: { domain: styles, range: styles.map((style) => POINT_STYLES[style].shape) },
          },
        },
      },
      {
        data: { values: [{ reference: input.reference, line: input.referenceLabel }] },
        mark: { type: 'rule', strokeDash: [6, 4], color: CHART_COLOURS.grey, strokeWidth: 1.5 },
        encoding: { x: { field: 'reference', type: 'quantitative' } },
      },
    ],
  };
  return vegaSvg(spec, { data: { rows: input.rows } }, input);
}

export interface QuadrantPoint {
  label: string;
  /** Audits graded good or outstanding (%). */
  quality: number;
  /** Decisions within the RAG time (%). */
  timeliness: number;
}

export interface QuadrantChartInput extends ChartText {
  points: QuadrantPoint[];
  /** The service as a whole, drawn as the dividing lines. */
  overall: { quality: number; timeliness: number };
}

/** Each team or worker placed by audit grade (across) against timeliness (up), labelled by its number in the table. */
export async function quadrantChartSvg(input: QuadrantChartInput): Promise<string> {
  const x = {
    field: 'quality',
    type: 'quantitative' as const,
    title: 'Audits graded good or outstanding (%)',
    scale: { domain: [0, 100] },
    axis: { grid: true },
  };
  const y = {
    field: 'timeliness',
    type: 'quantitative' as const,
    title: 'Decisions within the RAG time (%)',
    scale: { domain: [0, 100] },
    axis: { grid: true },
  };
  const dividers = { colour: CHART_COLOURS.grey, dash: [6, 4] };
  const spec: TopLevelSpec = {
    width: 480,
    height: 400,
    config: CONFIG,
    layer: [
      {
        data: { values: [input.overall] },
        mark: { type: 'rule', strokeDash: dividers.dash, color: dividers.colour },
        encoding: { x: { ...x, field: 'quality' } },
      },
      {
        data: { values: [input.overall] },
        mark: { type: 'rule', strokeDash: dividers.dash, color: dividers.colour },
        encoding: { y: { ...y, field: 'timeliness' } },
      },
      {
        data: { name: 'points' },
        mark: { type: 'point', filled: true, opacity: 1, size: 110, color: CHART_COLOURS.blue },
        encoding: { x, y },
      },
      {
        data: { name: 'points' },
        mark: { type: 'text', align: 'left', dx: 8, dy: -8 },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
  return vegaSvg(spec, { data: { points: input.points } }, input);
}
