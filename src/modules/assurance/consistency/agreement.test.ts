import { describe, expect, it } from 'vitest';
import { cohensKappa, kappaFromTable, levelDifferenceByGroup, type LevelChoice } from './agreement.ts';

/** Two dermatologists rating 88 patients (SAS/STAT PROC FREQ "Getting Started: agreement study"). */
const SKIN_CONDITION = [
  [10, 4, 1, 0],
  [5, 10, 12, 2],
  [2, 4, 12, 5],
  [0, 2, 6, 13],
];

describe("Cohen's kappa", () => {
  it('matches the SAS agreement example: 0.3449, ASE 0.0724, 95% CI 0.2030 to 0.4868', () => {
    const result = kappaFromTable(SKIN_CONDITION)!;
    expect(result.kappa).toBeCloseTo(0.3449, 4);
    expect(result.standardError).toBeCloseTo(0.0724, 4);
    expect(result.interval.lower).toBeCloseTo(0.203, 4);
    expect(result.interval.upper).toBeCloseTo(0.4868, 4);
    expect(result.pairs).toBe(88);
  });

  it('matches the textbook 2×2 example: 70% observed, 50% by chance, kappa 0.4', () => {
    const result = kappaFromTable([
      [20, 5],
      [10, 15],
    ])!;
    expect(result.observedAgreement).toBeCloseTo(0.7, 12);
    expect(result.chanceAgreement).toBeCloseTo(0.5, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement and undefined when both always chose one category', () => {
    expect(
      kappaFromTable([
        [7, 0],
        [0, 3],
      ])!.kappa
    ).toBe(1);
    expect(
      kappaFromTable([
        [9, 0],
        [0, 0],
      ])
    ).toBeNull();
    expect(kappaFromTable([[0]])).toBeNull();
  });

  it('counts pairs of ratings into the table in the order of the categories', () => {
    const pairs = [
      { original: 'refer', auditor: 'refer' },
      { original: 'refer', auditor: 'early help' },
      { original: 'early help', auditor: 'early help' },
      { original: 'no further action', auditor: 'no further action' },
    ];
    const categories = ['refer', 'early help', 'no further action'];
    expect(cohensKappa(pairs, categories)).toEqual(
      kappaFromTable([
        [1, 1, 0],
        [0, 1, 0],
        [0, 0, 1],
      ])
    );
    expect(() => cohensKappa([{ original: 'refer', auditor: 'unknown' }], categories)).toThrow(/not one of/);
  });

  it('refuses a table that is not square', () => {
    expect(() => kappaFromTable([[1, 2]])).toThrow(/square/);
  });
});

describe('weighted kappa for ordered levels', () => {
  /** The weighted kappa by its other textbook form: 1 − observed disagreement / chance disagreement. */
  function disagreementForm(counts: number[][], weight: (distance: number) => number): number {
    const total = counts.flat().reduce((sum, count) => sum + count, 0);
    const rows = counts.map((row) => row.reduce((sum, count) => sum + count, 0) / total);
    const columns = counts[0]!.map((_, j) => counts.reduce((sum, row) => sum + row[j]!, 0) / total);
    let observed = 0;
    let chance = 0;
    counts.forEach((row, i) =>
      row.forEach((count, j) => {
        const disagreement = 1 - weight(Math.abs(i - j) / (counts.length - 1));
        observed += (disagreement * count) / total;
        chance += disagreement * rows[i]! * columns[j]!;
      })
    );
    return 1 - observed / chance;
  }

  it('gives partial credit for near misses, linearly or quadratically', () => {
    const linear = kappaFromTable(SKIN_CONDITION, 'linear')!;
    const quadratic = kappaFromTable(SKIN_CONDITION, 'quadratic')!;
    expect(linear.kappa).toBeCloseTo(
      disagreementForm(SKIN_CONDITION, (d) => 1 - d),
      12
    );
    expect(quadratic.kappa).toBeCloseTo(
      disagreementForm(SKIN_CONDITION, (d) => 1 - d * d),
      12
    );
    expect(linear.kappa).toBeCloseTo(0.5082, 4);
    // Most disagreements here are one step apart, so credit for near misses raises the agreement.
    expect(linear.kappa).toBeGreaterThan(kappaFromTable(SKIN_CONDITION)!.kappa);
    expect(quadratic.kappa).toBeGreaterThan(linear.kappa);
  });

  it('equals the unweighted kappa, standard error included, for two categories', () => {
    const table = [
      [20, 5],
      [10, 15],
    ];
    expect(kappaFromTable(table, 'linear')).toEqual(kappaFromTable(table));
  });

  it('has an interval that narrows as the sample grows', () => {
    const doubled = SKIN_CONDITION.map((row) => row.map((count) => count * 4));
    const small = kappaFromTable(SKIN_CONDITION, 'linear')!;
    const large = kappaFromTable(doubled, 'linear')!;
    expect(large.kappa).toBeCloseTo(small.kappa, 12);
    expect(large.standardError).toBeCloseTo(small.standardError / 2, 12);
  });
});

describe('how often the chosen level differs from the indicated one', () => {
  const decision = (team: string, indicatedLevel: 1 | 2 | 3 | 4 | null, chosenLevel: 1 | 2 | 3 | 4 | null) =>
    ({ team, indicatedLevel, chosenLevel }) satisfies LevelChoice & { team: string };

  it('counts steps down and up apart, by group and for everyone, with Wilson intervals', () => {
    const decisions = [
      decision('Team B', 3, 2),
      decision('Team B', 3, 3),
      decision('Team B', 2, 3),
      decision('Team B', null, 2),
      decision('Team A', 4, 4),
      decision('Team A', 1, 1),
    ];
    const [teamA, teamB, all] = levelDifferenceByGroup(decisions, (d) => d.team);
    expect(teamA).toMatchObject({ group: 'Team A', compared: 2, differing: 0, share: 0, notComparable: 0 });
    expect(teamB).toMatchObject({
      group: 'Team B',
      compared: 3,
      notComparable: 1,
      differing: 2,
      steppedDown: 1,
      steppedUp: 1,
    });
    expect(teamB!.share).toBeCloseTo(2 / 3, 12);
    expect(teamB!.interval.lower).toBeLessThan(2 / 3);
    expect(teamB!.interval.upper).toBeGreaterThan(2 / 3);
    expect(all).toMatchObject({ group: 'All', compared: 5, differing: 2, notComparable: 1 });
    expect(teamA!.interval).toEqual({ lower: 0, upper: expect.closeTo(0.6576, 4) });
  });

  it('shows a group with nothing comparable as 0 of 0 with the whole range as its interval', () => {
    const [group] = levelDifferenceByGroup([decision('Team C', null, null)], (d) => d.team);
    expect(group).toMatchObject({ compared: 0, share: 0, interval: { lower: 0, upper: 1 } });
  });
});
