import { describe, expect, it } from 'vitest';
import { analyseConsistency, type GroupingAttribute } from './consistency-model.ts';
import { generateDecisions } from './synthetic.ts';

/**
 * Calibration over many seeds, the numbers in README.md. Without an effect, the share of seeds where
 * anything at all is flagged (the family-wise false-positive rate) must stay at Holm's promise of 5%,
 * allowing for the noise of measuring it over a finite number of seeds. With the planted effect, the
 * share of seeds that find it is the power. CONSISTENCY_SEEDS=1000 measures more precisely.
 */
const SEEDS = Number(process.env.CONSISTENCY_SEEDS ?? 200);
const NULL_DECISIONS = 10_000;
const PLANTED_DECISIONS = 20_000;
const POWER_SEEDS = Math.max(20, Math.round(SEEDS / 4));
const ALPHA = 0.05;
/** Generous, for a busy 2-core machine: about 8 s is typical for 200 seeds. */
const TIMEOUT = { timeout: SEEDS * 600 };
/** Three standard errors of a rate of 5% measured over the seeds (0.046 for 200). */
const TOLERANCE = 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / SEEDS);

const GROUPINGS: readonly (readonly GroupingAttribute[])[] = [
  ['team'],
  ['team', 'weekday'],
  ['worker'],
  ['agency'],
];

describe(`calibration over ${SEEDS} seeds`, () => {
  it(`flags nothing beyond chance on ${NULL_DECISIONS} decisions without an effect`, TIMEOUT, () => {
    const seedsWithAFlag = GROUPINGS.map(() => 0);
    let tests = 0;
    let unadjustedFlags = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const decisions = generateDecisions({ seed, decisions: NULL_DECISIONS });
      GROUPINGS.forEach((groupBy, index) => {
        const analysis = analyseConsistency(decisions, { groupBy });
        if (analysis.flaggedGroups > 0) seedsWithAFlag[index]! += 1;
        for (const group of analysis.groups) {
          if (!group.test) continue;
          tests += 1;
          if (group.test.pValue < ALPHA) unadjustedFlags += 1;
        }
      });
    }
    const rates = GROUPINGS.map((groupBy, index) => ({
      groupBy: groupBy.join(' × '),
      seedsWithAFlag: seedsWithAFlag[index]!,
      familyWiseRate: seedsWithAFlag[index]! / SEEDS,
    }));
    console.log(JSON.stringify({ seeds: SEEDS, rates, unadjustedRate: unadjustedFlags / tests }, null, 1));
    for (const rate of rates) expect(rate.familyWiseRate).toBeLessThanOrEqual(ALPHA + TOLERANCE);
    // Each test on its own holds its 5% too: the score test is calibrated, not just the correction.
    expect(Math.abs(unadjustedFlags / tests - ALPHA)).toBeLessThan(0.01);
  });

  it(
    `finds team C escalating less on Fridays (odds ratio 0.5) in ${PLANTED_DECISIONS} decisions`,
    TIMEOUT,
    () => {
      let found = 0;
      let otherFlagged = 0;
      for (let seed = 1; seed <= POWER_SEEDS; seed++) {
        const decisions = generateDecisions({
          seed: 100_000 + seed,
          decisions: PLANTED_DECISIONS,
          planted: { team: 'Team C', weekday: 'Fri', oddsRatio: 0.5 },
        });
        const analysis = analyseConsistency(decisions, { groupBy: ['team', 'weekday'] });
        if (analysis.groups.find((group) => group.key === 'Team C × Fri')?.test?.flagged) found += 1;
        if (analysis.groups.some((group) => group.key !== 'Team C × Fri' && group.test?.flagged))
          otherFlagged += 1;
      }
      console.log(JSON.stringify({ powerSeeds: POWER_SEEDS, found, otherFlagged }));
      expect(found / POWER_SEEDS).toBeGreaterThanOrEqual(0.95);
      expect(otherFlagged / POWER_SEEDS).toBeLessThanOrEqual(
        ALPHA + 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / POWER_SEEDS)
      );
    }
  );
});
