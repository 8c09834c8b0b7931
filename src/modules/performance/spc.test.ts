import { describe, expect, it } from 'vitest';
import {
  describeAssurance,
  describeVariation,
  MIN_POINTS_FOR_FIRM_LIMITS,
  MIN_POINTS_FOR_SIGNALS,
  SPC_RULE_TEXT,
  xmr,
  type SpcInputPoint,
  type XmrResult,
} from './spc.ts';

/** Consecutive months from January 2024. */
function months(values: (number | null)[]): SpcInputPoint[] {
  return values.map((value, i) => ({
    period: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    value,
  }));
}

/** Each point as '.' (common cause or gap) or its kind's initial and rules, e.g. 'c:outside-limits'. */
function signals(result: XmrResult): string[] {
  return result.points.map((p) =>
    p.specialCause ? `${p.specialCause.kind[0]}:${p.specialCause.rules.join('+')}` : '.'
  );
}

function flagged(result: XmrResult): number[] {
  return result.points.flatMap((p, i) => (p.specialCause ? [i] : []));
}

/** Two years of a stable process around 50: no run, trend or point near a limit. */
const STABLE = [
  50, 53, 48, 51, 49, 52, 47, 51, 50, 54, 48, 50, 52, 49, 51, 47, 53, 50, 48, 52, 49, 51, 50, 48,
];

/** Alternating 52/48, ending below the mean: mean 50, mR-bar 4, limits 50 ± 10.64, "close to a limit" beyond 50 ± 7.09. */
const ALTERNATING = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 52 : 48));

describe('xmr statistics', () => {
  it('computes the mean, average moving range and natural process limits', () => {
    const result = xmr(months([10, 12, 11, 13, 12]));
    expect(result.mean).toBe(11.6);
    expect(result.averageMovingRange).toBe(1.5);
    expect(result.upperLimit).toBe(15.59); // 11.6 + 2.66 × 1.5
    expect(result.lowerLimit).toBe(7.61);
    expect(result.points.map((p) => p.movingRange)).toEqual([null, 2, 1, 2, 1]);
  });

  it('floors and caps the limits where the measure cannot go', () => {
    const percentages = xmr(months([96, 100, 94, 100, 97, 99]), { limitFloor: 0, limitCeiling: 100 });
    expect(percentages.upperLimit).toBe(100);
    expect(percentages.lowerLimit).toBeGreaterThan(0);
    const counts = xmr(months([0, 3, 0, 4, 1, 0]), { limitFloor: 0 });
    expect(counts.lowerLimit).toBe(0);
    expect(counts.upperLimit).toBeGreaterThan(counts.mean!);
  });

  it('computes the limits from a baseline and extends them over later periods', () => {
    const result = xmr(months([...ALTERNATING, 70, 71, 72]), { baselinePeriods: 12 });
    expect(result.mean).toBe(50);
    expect(result.averageMovingRange).toBe(4);
    expect(result.upperLimit).toBe(60.64);
    expect(result.baselineCount).toBe(12);
    expect(result.points.map((p) => p.inBaseline)).toEqual([
      ...ALTERNATING.map(() => true),
      false,
      false,
      false,
    ]);
    expect(flagged(result)).toEqual([12, 13, 14]);
  });

  it('keeps float noise out of the statistics and out of the rules', () => {
    const tenths = xmr(months(Array.from({ length: 15 }, (_, i) => [0.1, 0.2, 0.3][i % 3]!)));
    expect(tenths.mean).toBe(0.2);
    expect(tenths.averageMovingRange).toBe(0.128571428571); // (0.1, 0.1, 0.2) repeated, less the first
    // 0.1 + 0.2 is 0.30000000000000004 in floating point: on the mean of 0.3, so not a run above it.
    const alternating = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 0.2 : 0.4));
    const onTheMean = xmr(months([...alternating, ...Array.from({ length: 8 }, () => 0.1 + 0.2)]), {
      baselinePeriods: 12,
    });
    expect(onTheMean.mean).toBe(0.3);
    expect(flagged(onTheMean)).toEqual([]);
  });

  it('gives the same answer for the same series every time', () => {
    const series = months([...STABLE.slice(0, 12), ...STABLE.slice(12).map((v) => v + 8)]);
    expect(xmr(series, { betterWhen: 'higher' })).toEqual(
      xmr(structuredClone(series), { betterWhen: 'higher' })
    );
  });
});

describe('xmr special causes (Making Data Count rules)', () => {
  it('flags nothing in a stable process', () => {
    const result = xmr(months(STABLE), { betterWhen: 'higher' });
    expect(result.signalsChecked).toBe(true);
    expect(flagged(result)).toEqual([]);
    expect(result.variation).toEqual({ kind: 'common-cause' });
  });

  it('flags a single outlier as outside the limits, and nothing else', () => {
    const values = [...STABLE];
    values[10] = 70;
    const result = xmr(months(values), { betterWhen: 'lower' });
    expect(flagged(result)).toEqual([10]);
    expect(result.points[10]!.specialCause).toEqual({
      kind: 'concern',
      direction: 'high',
      rules: ['outside-limits'],
    });
    expect(
      xmr(months(values.map((v, i) => (i === 10 ? 30 : v))), { betterWhen: 'lower' }).points[10]!.specialCause
    ).toMatchObject({ kind: 'improvement', direction: 'low' });
  });

  it('flags every point of a step change as a run on its side of the mean', () => {
    const stepped = [...STABLE.slice(0, 12), ...STABLE.slice(12).map((v) => v + 8)];
    const result = xmr(months(stepped), { betterWhen: 'higher' });
    expect(signals(result)).toEqual([...Array(12).fill('c:shift'), ...Array(12).fill('i:shift')]);
    expect(result.variation).toEqual({ kind: 'improvement', direction: 'high' });
  });

  it('needs 7 in a row on one side: 6 are noise, and a point on the mean ends the run', () => {
    const six = xmr(months([...ALTERNATING, 51, 52, 51, 53, 52, 51, 48, 52]), { baselinePeriods: 12 });
    expect(flagged(six)).toEqual([]);
    const seven = xmr(months([...ALTERNATING, 51, 52, 51, 53, 52, 51, 52, 48]), { baselinePeriods: 12 });
    expect(flagged(seven)).toEqual([12, 13, 14, 15, 16, 17, 18]);
    const broken = xmr(months([...ALTERNATING, 51, 52, 51, 50, 53, 52, 51, 52]), { baselinePeriods: 12 });
    expect(flagged(broken)).toEqual([]);
  });

  it('flags every point of a trend of 7 rising or falling, and not a trend of 6', () => {
    const rising = [...STABLE.slice(0, 8), 44, 45, 46, 47, 48, 49, 50, ...STABLE.slice(15)];
    const result = xmr(months(rising), { betterWhen: 'higher' });
    expect(flagged(result)).toEqual([8, 9, 10, 11, 12, 13, 14]);
    // A rising trend is an improvement even where it is still below the mean.
    expect(signals(result).slice(8, 15)).toEqual(Array(7).fill('i:trend'));

    const falling = [...STABLE.slice(0, 9), 54, 53, 52, 51, 50, 49, 48, ...STABLE.slice(16)];
    const fallingResult = xmr(months(falling), { betterWhen: 'higher' });
    expect(flagged(fallingResult)).toEqual([9, 10, 11, 12, 13, 14, 15]);
    expect(signals(fallingResult).slice(9, 16)).toEqual(Array(7).fill('c:trend'));

    const six = [...STABLE.slice(0, 9), 45, 46, 47, 48, 49, 50, ...STABLE.slice(15)];
    expect(flagged(xmr(months(six)))).toEqual([]);
    const level = [...STABLE.slice(0, 8), 44, 45, 46, 46, 48, 49, 50, ...STABLE.slice(15)];
    expect(flagged(xmr(months(level)))).toEqual([]);
  });

  it('flags two of three points in a row close to a limit on the same side', () => {
    const result = xmr(months([...ALTERNATING, 58, 51, 59, 48, 52]), { baselinePeriods: 12 });
    expect(signals(result).slice(12)).toEqual(['n:two-of-three', '.', 'n:two-of-three', '.', '.']);
    expect(result.points[12]!.specialCause!.direction).toBe('high');

    const low = xmr(months([...ALTERNATING, 41, 42, 48]), { baselinePeriods: 12, betterWhen: 'lower' });
    expect(signals(low).slice(12)).toEqual(['i:two-of-three', 'i:two-of-three', '.']);
  });

  it('does not flag two close points when the third is across the mean, or one is only near', () => {
    const acrossTheMean = xmr(months([...ALTERNATING, 58, 45, 59, 48, 52]), { baselinePeriods: 12 });
    expect(flagged(acrossTheMean)).toEqual([]);
    const oneClose = xmr(months([...ALTERNATING, 58, 51, 56, 48, 52]), { baselinePeriods: 12 });
    expect(flagged(oneClose)).toEqual([]);
  });

  it('gives several rules for a point that breaks several', () => {
    const result = xmr(months([...ALTERNATING, 58, 59, 61, 55, 54, 56, 57]), { baselinePeriods: 12 });
    expect(signals(result).slice(12)).toEqual([
      'n:shift+two-of-three',
      'n:shift+two-of-three',
      'n:outside-limits+shift',
      'n:shift',
      'n:shift',
      'n:shift',
      'n:shift',
    ]);
  });

  it('raises no false signals when every value is the same', () => {
    const result = xmr(months(Array(20).fill(5)), { betterWhen: 'higher', target: 5 });
    expect(result.averageMovingRange).toBe(0);
    expect([result.lowerLimit, result.mean, result.upperLimit]).toEqual([5, 5, 5]);
    expect(flagged(result)).toEqual([]);
    expect(result.variation).toEqual({ kind: 'common-cause' });
  });
});

describe('xmr with few points or gaps', () => {
  it('gives provisional limits but no signals below the minimum number of points', () => {
    const values = [...STABLE.slice(0, MIN_POINTS_FOR_SIGNALS - 2), 90];
    const result = xmr(months(values), { betterWhen: 'higher', target: 40 });
    expect(result.upperLimit).not.toBeNull();
    expect(result.provisional).toBe(true);
    expect(result.signalsChecked).toBe(false);
    expect(flagged(result)).toEqual([]);
    expect(result.variation).toEqual({ kind: 'too-few-points' });
    expect(result.assurance).toBeNull();
  });

  it('checks signals from 12 points, with limits provisional until 15', () => {
    const twelve = xmr(months([...STABLE.slice(0, 11), 70]));
    expect([twelve.signalsChecked, twelve.provisional]).toEqual([true, true]);
    expect(flagged(twelve)).toEqual([11]);
    const fifteen = xmr(months(STABLE.slice(0, MIN_POINTS_FOR_FIRM_LIMITS)));
    expect(fifteen.provisional).toBe(false);
  });

  it('gives no limits for a single point and nothing for an empty series', () => {
    const one = xmr(months([7]));
    expect([one.mean, one.averageMovingRange, one.upperLimit, one.lowerLimit]).toEqual([7, null, null, null]);
    const none = xmr([]);
    expect(none.mean).toBeNull();
    expect(none.variation).toEqual({ kind: 'too-few-points' });
  });

  it('takes no moving range across a gap, counts only real values, and reads a run across the gap', () => {
    const values: (number | null)[] = [...ALTERNATING, null, 10, 12, 11, 13, 12];
    const result = xmr(months(values));
    expect(result.points[12]).toMatchObject({ value: null, movingRange: null, specialCause: null });
    expect(result.points[13]!.movingRange).toBeNull();
    expect(result.points[14]!.movingRange).toBe(2);
    expect(result.baselineCount).toBe(17);

    const runOverGap = xmr(months([...ALTERNATING, 51, 52, 51, null, 53, 52, 51, 52]), {
      baselinePeriods: 12,
    });
    expect(flagged(runOverGap)).toEqual([12, 13, 14, 16, 17, 18, 19]);
  });

  it('does not count gaps in the baseline towards the minimum', () => {
    const gappy = xmr(months([...STABLE.slice(0, 11), null, null, null]));
    expect(gappy.baselineCount).toBe(11);
    expect(gappy.signalsChecked).toBe(false);
  });
});

describe('xmr variation and assurance', () => {
  const stableAt50 = months(STABLE);

  it('takes the variation from the latest point', () => {
    const outlierLast = xmr(months([...STABLE, 70]), { betterWhen: 'lower' });
    expect(outlierLast.variation).toEqual({ kind: 'concern', direction: 'high' });
    const outlierEarlier = xmr(months([70, ...STABLE]), { betterWhen: 'lower' });
    expect(outlierEarlier.variation).toEqual({ kind: 'common-cause' });
    const neutral = xmr(months([...STABLE, 30]));
    expect(neutral.variation).toEqual({ kind: 'neither', direction: 'low' });
  });

  it('assures a target beyond the limits as consistently met or missed, and between them as hit and miss', () => {
    expect(xmr(stableAt50, { betterWhen: 'higher', target: 40 }).assurance).toBe('consistently-passing');
    expect(xmr(stableAt50, { betterWhen: 'higher', target: 60 }).assurance).toBe('consistently-failing');
    expect(xmr(stableAt50, { betterWhen: 'higher', target: 50 }).assurance).toBe('hit-and-miss');
    expect(xmr(stableAt50, { betterWhen: 'lower', target: 60 }).assurance).toBe('consistently-passing');
    expect(xmr(stableAt50, { betterWhen: 'lower', target: 40 }).assurance).toBe('consistently-failing');
  });

  it('gives no assurance without a target or a better direction', () => {
    expect(xmr(stableAt50, { betterWhen: 'higher' }).assurance).toBeNull();
    expect(xmr(stableAt50, { target: 40 }).assurance).toBeNull();
  });

  it('says the variation and assurance in words', () => {
    expect(describeVariation({ kind: 'common-cause' })).toBe(
      'Common cause variation: no sign of a real change'
    );
    expect(describeVariation({ kind: 'concern', direction: 'high' })).toBe(
      'Special cause variation: concern (higher values)'
    );
    expect(describeVariation({ kind: 'too-few-points' })).toMatch(/at least 12/);
    expect(describeAssurance('hit-and-miss')).toBe('The target will sometimes be met and sometimes missed');
    expect(SPC_RULE_TEXT.shift).toBe('7 or more in a row on one side of the mean');
  });
});

describe('xmr input checks', () => {
  it('refuses periods out of order or repeated', () => {
    expect(() =>
      xmr([
        { period: '2026-02', value: 1 },
        { period: '2026-01', value: 2 },
      ])
    ).toThrow(/in order without repeats: 2026-02, 2026-01/);
    expect(() =>
      xmr([
        { period: '2026-01', value: 1 },
        { period: '2026-01', value: 2 },
      ])
    ).toThrow(RangeError);
  });

  it('refuses values and options that are not numbers it can use', () => {
    expect(() => xmr(months([1, Number.NaN]))).toThrow(/2024-02 is not a finite number/);
    expect(() => xmr(months([1, 2]), { baselinePeriods: 0 })).toThrow(/baselinePeriods/);
    expect(() => xmr(months([1, 2]), { baselinePeriods: 2.5 })).toThrow(/baselinePeriods/);
    expect(() => xmr(months([1, 2]), { limitFloor: 100, limitCeiling: 0 })).toThrow(/limitFloor/);
    expect(() => xmr(months([1, 2]), { target: Number.POSITIVE_INFINITY })).toThrow(/target/);
  });
});
