import { describe, expect, it } from 'vitest';
import {
  benjaminiHochbergAdjust,
  cholesky,
  choleskyInverse,
  choleskySolve,
  holmAdjust,
  normalCdf,
  normalQuantile,
  observedExpectedInterval,
  twoSidedPValue,
  twoSidedZ,
  wilsonInterval,
} from './statistics.ts';

describe('the normal distribution', () => {
  it('gives the familiar values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959964, 6);
    expect(twoSidedZ(0.99)).toBeCloseTo(2.575829, 6);
    expect(twoSidedPValue(1.959964)).toBeCloseTo(0.05, 6);
  });

  it('keeps the precision of very small p-values', () => {
    // P(|Z| > 6) = 1.973e-9.
    expect(twoSidedPValue(6) / 1.973175e-9).toBeCloseTo(1, 5);
    expect(twoSidedPValue(-6)).toBe(twoSidedPValue(6));
  });

  it('has a quantile that inverts the distribution function across its range', () => {
    for (const probability of [1e-10, 1e-4, 0.01, 0.02425, 0.1, 0.5, 0.9, 0.97575, 0.999]) {
      expect(normalCdf(normalQuantile(probability)) / probability).toBeCloseTo(1, 5);
    }
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe("Wilson's interval for a proportion", () => {
  it("matches Newcombe's (1998) worked example, 81 of 263", () => {
    const interval = wilsonInterval(81, 263);
    expect(interval.lower).toBeCloseTo(0.2553, 4);
    expect(interval.upper).toBeCloseTo(0.3662, 4);
  });

  it('stays inside 0 to 1 at the edges', () => {
    expect(wilsonInterval(0, 10).lower).toBe(0);
    expect(wilsonInterval(0, 10).upper).toBeCloseTo(1.959964 ** 2 / (10 + 1.959964 ** 2), 6);
    expect(wilsonInterval(10, 10).upper).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
  });
});

describe("Byar's interval for observed against expected", () => {
  it('is close to the exact Poisson interval (10 observed: 4.795 to 18.390)', () => {
    const interval = observedExpectedInterval(10, 1);
    expect(Math.abs(interval.lower - 4.795)).toBeLessThan(0.01);
    expect(Math.abs(interval.upper - 18.39)).toBeLessThan(0.01);
  });

  it('divides by the expected count and starts at 0 when nothing was observed', () => {
    const interval = observedExpectedInterval(0, 4);
    expect(interval.lower).toBe(0);
    // Byar gives 3.668 for the exact 3.689 when nothing was observed.
    expect(interval.upper * 4).toBeCloseTo(3.668, 3);
  });
});

describe('multiple-comparison corrections', () => {
  const pValues = [0.01, 0.04, 0.03, 0.005];

  it("Holm's step-down adjustment (as R's p.adjust)", () => {
    const adjusted = holmAdjust(pValues);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, index) => expect(adjusted[index]).toBeCloseTo(expected, 12));
  });

  it('Benjamini–Hochberg (as R\'s p.adjust "BH")', () => {
    const adjusted = benjaminiHochbergAdjust(pValues);
    [0.02, 0.04, 0.04, 0.02].forEach((expected, index) => expect(adjusted[index]).toBeCloseTo(expected, 12));
  });

  it('caps at 1 and leaves a single test alone', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(benjaminiHochbergAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('Cholesky', () => {
  const matrix = [
    [4, 12, -16],
    [12, 37, -43],
    [-16, -43, 98],
  ];

  it('factors, solves and inverts a symmetric positive-definite matrix', () => {
    expect(cholesky(matrix)).toEqual([
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
    const solution = choleskySolve(cholesky(matrix), [1, 2, 3]);
    matrix.forEach((row, i) => {
      expect(row.reduce((sum, value, j) => sum + value * solution[j]!, 0)).toBeCloseTo([1, 2, 3][i]!, 10);
    });
    const inverse = choleskyInverse(cholesky(matrix));
    matrix.forEach((row, i) =>
      matrix.forEach((_, j) => {
        const product = row.reduce((sum, value, k) => sum + value * inverse[k]![j]!, 0);
        expect(product).toBeCloseTo(i === j ? 1 : 0, 10);
      })
    );
  });

  it('refuses collinear covariates with a reason', () => {
    expect(() =>
      cholesky([
        [1, 2],
        [2, 4],
      ])
    ).toThrow(/collinear/);
  });
});
