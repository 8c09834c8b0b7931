import { periodLabel } from './charts.ts';
import { describeVariation, SPC_RULE_TEXT, xmr, type XmrResult } from './spc.ts';
import type { MeasureDefinition, MeasureUnit } from './measures.ts';
import type { MonthValue } from './measure-queries.ts';

/*
 * Pure: a measure's numbers as a page shows them. Figures are rounded only here, for display; the CSV
 * downloads carry the same rounding so a download matches the table it came from.
 */

/** A value in its unit, e.g. '1,234', '22.6%', '531.2', '4.5 hours', '33 working days'; '' for none. */
export function formatValue(value: number | null, unit: MeasureUnit): string {
  if (value === null) return '';
  switch (unit) {
    case 'count':
      return Math.round(value).toLocaleString('en-GB');
    case 'percent':
      return `${value.toFixed(1)}%`;
    case 'per_10k':
      return value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case 'hours':
      return `${value.toFixed(1)} hours`;
    case 'working_days':
      return `${value.toFixed(1)} working days`;
  }
}

/** The number as the CSV writes it: the displayed rounding, no thousands separators or units. */
export function csvNumber(value: number | null, unit: MeasureUnit): string {
  if (value === null) return '';
  return unit === 'count' ? String(Math.round(value)) : value.toFixed(1);
}

/**
 * The monthly series as a control chart: months before the first with any case are left out (the
 * council's records begin there, and zeros would drag the mean), and the limits follow the unit.
 */
export function controlChartOf(measure: MeasureDefinition, months: readonly MonthValue[]): XmrResult {
  const first = months.findIndex((month) => month.numerator > 0 || (month.denominator ?? 0) > 0);
  const series = (first < 0 ? [] : months.slice(first)).map((month) => ({
    period: month.month,
    value: month.value,
  }));
  return xmr(series, {
    betterWhen: measure.better,
    limitFloor: 0,
    limitCeiling: measure.unit === 'percent' ? 100 : undefined,
  });
}

export interface TrendRow {
  month: string;
  label: string;
  value: string;
  signal: string;
}

/** Each month of a control chart for its data table: the value and any special cause in words. */
export function trendRows(chart: XmrResult, unit: MeasureUnit): TrendRow[] {
  return chart.points.map((point) => ({
    month: point.period,
    label: periodLabel(point.period),
    value: point.value === null ? 'No cases' : formatValue(point.value, unit),
    signal: point.specialCause
      ? `Special cause (${point.specialCause.kind === 'neither' ? 'unusual' : point.specialCause.kind}): ${point.specialCause.rules
          .map((rule) => SPC_RULE_TEXT[rule])
          .join('; ')}`
      : '',
  }));
}

export function variationText(chart: XmrResult): string {
  return describeVariation(chart.variation);
}
