/**
 * XmR (individuals and moving range) statistics for a measure over time, read the way NHS England's
 * "Making Data Count" (MDC) reads them, so a leader can tell a real change from noise.
 *
 * The rules and their numbers follow NHS-R's NHSRplotthedots, which reproduces the MDC Excel tools:
 * - process limits are mean ± 2.66 × the average moving range (mR-bar), from every baseline point
 *   (MDC's tools do not screen outlying moving ranges, so neither do we);
 * - a point is special cause if it is outside the limits; or in a run of 7 or more points all above or all
 *   below the mean (a point exactly on the mean ends a run); or in a trend of 7 or more points each higher
 *   (or each lower) than the one before (an equal neighbour ends a trend); or one of two, in three points
 *   in a row all on one side of the mean, that lie between 2 sigma (2/3 of the way to a limit) and the
 *   limit (a point already outside the limits does not count as one of the two: it is flagged anyway);
 * - every point of a run, trend or two-in-three is flagged, not only the last;
 * - a flagged point is high or low as its rule says: a rising trend is high even where it is still below
 *   the mean (NHSRplotthedots goes by the side of the mean alone); the side decides only when rules differ;
 * - the overall variation is that of the latest point, as MDC's variation icon is;
 * - assurance compares the target with the limits: both limits on the good side of the target, it is
 *   consistently met; both on the bad side, consistently missed; the target between them, hit and miss.
 *
 * How many points: 15 to 20 are usually advised for limits one can rely on; NHSRplotthedots calls limits
 * from fewer than 12 points "trial limits". So the limits are always given (from 2 points), marked provisional below
 * {@link MIN_POINTS_FOR_FIRM_LIMITS} baseline points, and no point is flagged (and neither variation nor
 * assurance is given) below {@link MIN_POINTS_FOR_SIGNALS}, where a run of 7 is most of the chart.
 *
 * Gaps (a null value) are periods with no figure: no moving range is taken across one (its neighbours
 * are not consecutive), but the rules read the points either side of it as neighbours, as a gap says
 * nothing about a run or a trend.
 */

export interface SpcInputPoint {
  /** The period, sortable as text: '2026-03' (a month), '2026-W09', '2026-Q1'. */
  period: string;
  value: number | null;
}

export type BetterWhen = 'higher' | 'lower' | 'neither';

export interface XmrOptions {
  /** Which way is improvement; 'neither' (the default) flags unusual highs and lows without a judgement. */
  betterWhen?: BetterWhen;
  /** The target to assure against, in the same unit as the values. */
  target?: number;
  /** The lowest a limit can sensibly be, e.g. 0 for counts and percentages. */
  limitFloor?: number;
  /** The highest a limit can sensibly be, e.g. 100 for percentages. */
  limitCeiling?: number;
  /** Compute the mean and limits from the first N periods only, and extend them over the rest. */
  baselinePeriods?: number;
}

export type SpcRule = 'outside-limits' | 'shift' | 'trend' | 'two-of-three';
export type SignalDirection = 'high' | 'low';
export type SignalKind = 'improvement' | 'concern' | 'neither';

export interface SpecialCause {
  kind: SignalKind;
  direction: SignalDirection;
  rules: SpcRule[];
}

export interface XmrPoint {
  period: string;
  value: number | null;
  /** |value − previous value| when both periods have a value; null otherwise. */
  movingRange: number | null;
  /** Whether the mean and limits were computed with this period. */
  inBaseline: boolean;
  /** Null for common cause, for a gap, and when there are too few points to check. */
  specialCause: SpecialCause | null;
}

export type Variation =
  { kind: 'too-few-points' } | { kind: 'common-cause' } | { kind: SignalKind; direction: SignalDirection };

export type Assurance = 'consistently-passing' | 'consistently-failing' | 'hit-and-miss';

export interface XmrResult {
  points: XmrPoint[];
  mean: number | null;
  averageMovingRange: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  /** How many values the mean and limits come from. */
  baselineCount: number;
  /** Fewer than {@link MIN_POINTS_FOR_FIRM_LIMITS} baseline values: the limits will move as data comes in. */
  provisional: boolean;
  /** Whether the special-cause rules were applied (enough baseline values and limits to apply them to). */
  signalsChecked: boolean;
  betterWhen: BetterWhen;
  target: number | null;
  variation: Variation;
  /** Null without a target, when betterWhen is 'neither', or when signals were not checked. */
  assurance: Assurance | null;
}

/** Wheeler's constant for individuals charts: 3 sigma = 2.66 × mR-bar (3 / 1.128). */
const LIMIT_FACTOR = 2.66;
/** MDC's "close to the limit" band starts at 2 sigma: two thirds of the way from the mean to a limit. */
const NEAR_LIMIT_FACTOR = (2 / 3) * LIMIT_FACTOR;
const RUN_LENGTH = 7;
const TREND_LENGTH = 7;
export const MIN_POINTS_FOR_SIGNALS = 12;
export const MIN_POINTS_FOR_FIRM_LIMITS = 15;

/** Each rule in words, for a legend or a data table. */
export const SPC_RULE_TEXT: Record<SpcRule, string> = {
  'outside-limits': 'outside the process limits',
  shift: `${RUN_LENGTH} or more in a row on one side of the mean`,
  trend: `${TREND_LENGTH} or more in a row each rising or each falling`,
  'two-of-three': '2 of 3 in a row close to a process limit',
};

type Sign = -1 | 0 | 1;

/**
 * Statistics are rounded to 12 significant digits so that float noise (0.1 + 0.2) never shows, and values
 * are compared with a tolerance so that a value equal to the mean on paper is on the mean.
 */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

function compare(a: number, b: number): Sign {
  const tolerance = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (a - b > tolerance) return 1;
  if (b - a > tolerance) return -1;
  return 0;
}

function average(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((sum, x) => sum + x, 0) / xs.length;
}

function validate(series: readonly SpcInputPoint[], options: XmrOptions): void {
  series.forEach((point, i) => {
    if (point.value !== null && !Number.isFinite(point.value)) {
      throw new RangeError(`SPC value for ${point.period} is not a finite number`);
    }
    const previous = series[i - 1];
    if (previous && !(previous.period < point.period)) {
      throw new RangeError(
        `SPC periods must be in order without repeats: ${previous.period}, ${point.period}`
      );
    }
  });
  const { baselinePeriods, limitFloor, limitCeiling, target } = options;
  if (baselinePeriods !== undefined && !(Number.isInteger(baselinePeriods) && baselinePeriods > 0)) {
    throw new RangeError('SPC baselinePeriods must be a whole number above 0');
  }
  if (limitFloor !== undefined && limitCeiling !== undefined && !(limitFloor <= limitCeiling)) {
    throw new RangeError('SPC limitFloor must not be above limitCeiling');
  }
  if (target !== undefined && !Number.isFinite(target)) throw new RangeError('SPC target is not a number');
}

function clamp(x: number, floor: number | undefined, ceiling: number | undefined): number {
  return Math.min(ceiling ?? Infinity, Math.max(floor ?? -Infinity, x));
}

function movingRanges(series: readonly SpcInputPoint[]): (number | null)[] {
  return series.map((point, i) => {
    const previous = series[i - 1]?.value ?? null;
    return point.value === null || previous === null ? null : tidy(Math.abs(point.value - previous));
  });
}

interface Limits {
  mean: number;
  upper: number;
  lower: number;
  nearUpper: number;
  nearLower: number;
}

interface Observed {
  index: number;
  value: number;
}

/** The maximal stretches [start, end] of one non-zero sign. */
function runsOf(signs: Sign[]): { start: number; end: number; sign: Sign }[] {
  const runs: { start: number; end: number; sign: Sign }[] = [];
  signs.forEach((sign, i) => {
    const last = runs.at(-1);
    if (sign === 0) return;
    if (last && last.sign === sign && last.end === i - 1) last.end = i;
    else runs.push({ start: i, end: i, sign });
  });
  return runs;
}

function shiftMarks(sides: Sign[]): Sign[] {
  const marks: Sign[] = new Array(sides.length).fill(0);
  for (const { start, end, sign } of runsOf(sides)) {
    if (end - start + 1 >= RUN_LENGTH) marks.fill(sign, start, end + 1);
  }
  return marks;
}

function trendMarks(values: number[]): Sign[] {
  // steps[i] compares point i with point i − 1, so a run of steps [start, end] spans points start − 1 to end.
  const steps = values.map((v, i): Sign => (i === 0 ? 0 : compare(v, values[i - 1]!)));
  const marks: Sign[] = new Array(values.length).fill(0);
  for (const { start, end, sign } of runsOf(steps)) {
    if (end - start + 2 >= TREND_LENGTH) marks.fill(sign, start - 1, end + 1);
  }
  return marks;
}

function twoOfThreeMarks(sides: Sign[], close: boolean[]): Sign[] {
  const marks: Sign[] = new Array(sides.length).fill(0);
  for (let start = 0; start + 3 <= sides.length; start++) {
    const window = [start, start + 1, start + 2];
    const side = sides[start]!;
    const sameSide = side !== 0 && window.every((i) => sides[i] === side);
    if (sameSide && window.filter((i) => close[i]).length >= 2) {
      for (const i of window) if (close[i]) marks[i] = side;
    }
  }
  return marks;
}

function kindOf(direction: SignalDirection, betterWhen: BetterWhen): SignalKind {
  if (betterWhen === 'neither') return 'neither';
  return (direction === 'high') === (betterWhen === 'higher') ? 'improvement' : 'concern';
}

function specialCauses(
  observed: Observed[],
  limits: Limits,
  betterWhen: BetterWhen
): Map<number, SpecialCause> {
  const values = observed.map((o) => o.value);
  const sides = values.map((v) => compare(v, limits.mean));
  const outside = values.map((v) => compare(v, limits.upper) > 0 || compare(v, limits.lower) < 0);
  const close = values.map(
    (v, i) => !outside[i] && (compare(v, limits.nearUpper) > 0 || compare(v, limits.nearLower) < 0)
  );
  const byRule: [SpcRule, Sign[]][] = [
    ['outside-limits', outside.map((o, i) => (o ? sides[i]! : 0))],
    ['shift', shiftMarks(sides)],
    ['trend', trendMarks(values)],
    ['two-of-three', twoOfThreeMarks(sides, close)],
  ];
  const causes = new Map<number, SpecialCause>();
  observed.forEach((o, i) => {
    const hits = byRule.filter(([, marks]) => marks[i] !== 0);
    if (hits.length === 0) return;
    const directions = new Set(hits.map(([, marks]) => marks[i]));
    // Rules can disagree (a rising trend inside a run below the mean): the side of the mean then decides.
    const sign = directions.size === 1 || sides[i] === 0 ? hits[0]![1][i]! : sides[i]!;
    const direction: SignalDirection = sign > 0 ? 'high' : 'low';
    causes.set(o.index, {
      kind: kindOf(direction, betterWhen),
      direction,
      rules: hits.map(([rule]) => rule),
    });
  });
  return causes;
}

function assuranceOf(target: number, limits: Limits, betterWhen: BetterWhen): Assurance | null {
  if (betterWhen === 'neither') return null;
  const aboveAll = compare(target, limits.upper) > 0;
  const belowAll = compare(target, limits.lower) < 0;
  if (!aboveAll && !belowAll) return 'hit-and-miss';
  // A target above every likely value is always missed when higher is better, always met when lower is.
  return aboveAll === (betterWhen === 'higher') ? 'consistently-failing' : 'consistently-passing';
}

function limitsFrom(
  baseline: readonly SpcInputPoint[],
  ranges: (number | null)[],
  options: XmrOptions
): { mean: number | null; mrBar: number | null; limits: Limits | null } {
  const values = baseline.flatMap((p) => (p.value === null ? [] : [p.value]));
  const rawMean = average(values);
  const rawMrBar = average(ranges.slice(1, baseline.length).filter((r): r is number => r !== null));
  const mean = rawMean === null ? null : tidy(rawMean);
  const mrBar = rawMrBar === null ? null : tidy(rawMrBar);
  if (mean === null || mrBar === null) return { mean, mrBar, limits: null };
  const { limitFloor: floor, limitCeiling: ceiling } = options;
  return {
    mean,
    mrBar,
    limits: {
      mean,
      upper: tidy(clamp(mean + LIMIT_FACTOR * mrBar, floor, ceiling)),
      lower: tidy(clamp(mean - LIMIT_FACTOR * mrBar, floor, ceiling)),
      nearUpper: mean + NEAR_LIMIT_FACTOR * mrBar,
      nearLower: mean - NEAR_LIMIT_FACTOR * mrBar,
    },
  };
}

/** The XmR chart of an ordered series: mean, limits, each point's special cause, variation and assurance. */
export function xmr(series: readonly SpcInputPoint[], options: XmrOptions = {}): XmrResult {
  validate(series, options);
  const betterWhen = options.betterWhen ?? 'neither';
  const baseline = series.slice(0, options.baselinePeriods ?? series.length);
  const ranges = movingRanges(series);
  const { mean, mrBar, limits } = limitsFrom(baseline, ranges, options);
  const baselineCount = baseline.filter((p) => p.value !== null).length;
  const signalsChecked = limits !== null && baselineCount >= MIN_POINTS_FOR_SIGNALS;

  const observed = series.flatMap((p, index) => (p.value === null ? [] : [{ index, value: p.value }]));
  const causes = signalsChecked
    ? specialCauses(observed, limits, betterWhen)
    : new Map<number, SpecialCause>();
  const points = series.map((p, i) => ({
    period: p.period,
    value: p.value,
    movingRange: ranges[i] ?? null,
    inBaseline: i < baseline.length,
    specialCause: causes.get(i) ?? null,
  }));

  const latest = observed.at(-1);
  const latestCause = latest ? causes.get(latest.index) : undefined;
  const variation: Variation = !signalsChecked
    ? { kind: 'too-few-points' }
    : latestCause
      ? { kind: latestCause.kind, direction: latestCause.direction }
      : { kind: 'common-cause' };
  const target = options.target ?? null;
  return {
    points,
    mean,
    averageMovingRange: mrBar,
    upperLimit: limits?.upper ?? null,
    lowerLimit: limits?.lower ?? null,
    baselineCount,
    provisional: baselineCount < MIN_POINTS_FOR_FIRM_LIMITS,
    signalsChecked,
    betterWhen,
    target,
    variation,
    assurance: signalsChecked && target !== null ? assuranceOf(target, limits, betterWhen) : null,
  };
}

/** The variation in words, as MDC's variation icons say it. */
export function describeVariation(variation: Variation): string {
  switch (variation.kind) {
    case 'too-few-points':
      return `Too few points to tell a real change from noise (at least ${MIN_POINTS_FOR_SIGNALS} are needed)`;
    case 'common-cause':
      return 'Common cause variation: no sign of a real change';
    case 'improvement':
      return `Special cause variation: improvement (${variation.direction === 'high' ? 'higher' : 'lower'} values)`;
    case 'concern':
      return `Special cause variation: concern (${variation.direction === 'high' ? 'higher' : 'lower'} values)`;
    case 'neither':
      return `Special cause variation: unusually ${variation.direction} values, neither improvement nor concern`;
  }
}

/** The assurance in words, as MDC's assurance icons say it. */
export function describeAssurance(assurance: Assurance): string {
  switch (assurance) {
    case 'consistently-passing':
      return 'The target will consistently be met';
    case 'consistently-failing':
      return 'The target will consistently be missed unless the process changes';
    case 'hit-and-miss':
      return 'The target will sometimes be met and sometimes missed';
  }
}
