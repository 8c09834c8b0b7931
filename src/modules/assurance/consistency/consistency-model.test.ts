import { describe, expect, it } from 'vitest';
import { analyseConsistency, chiSquareUpperTail, type ConsistencyDecision } from './consistency-model.ts';
import { generateDecisions } from './synthetic.ts';

/** A year at a realistic front door: 20,000 decisions across 6 teams. */
const YEAR = 20_000;
const FRIDAY_EFFECT = { team: 'Team C', weekday: 'Fri', oddsRatio: 0.6 } as const;

describe('threshold consistency with a planted effect', () => {
  const decisions = generateDecisions({ seed: 1, decisions: YEAR, planted: FRIDAY_EFFECT });
  const analysis = analyseConsistency(decisions, { groupBy: ['team', 'weekday'] });
  const planted = analysis.groups.find((group) => group.key === 'Team C × Fri')!;

  it('flags the team that escalates less on Fridays for the same need, and nothing else', () => {
    expect(analysis.groupsTested).toBe(42);
    expect(planted.test).toMatchObject({ flagged: true, direction: 'lower' });
    expect(analysis.groups.filter((group) => group.test?.flagged).map((group) => group.key)).toEqual([
      'Team C × Fri',
    ]);
  });

  it('estimates the planted odds ratio within its interval, and fewer escalations than expected', () => {
    const test = planted.test!;
    expect(test.interval.lower).toBeLessThan(FRIDAY_EFFECT.oddsRatio);
    expect(test.interval.upper).toBeGreaterThan(FRIDAY_EFFECT.oddsRatio);
    expect(planted.observedToExpectedInterval.upper).toBeLessThan(1);
    expect(planted.escalated).toBeLessThan(planted.expectedEscalations);
  });

  it('widens the flagged interval for the 42 comparisons and still excludes 1', () => {
    const test = planted.test!;
    expect(test.correctedInterval.lower).toBeLessThan(test.interval.lower);
    expect(test.correctedInterval.upper).toBeGreaterThan(test.interval.upper);
    expect(test.correctedInterval.upper).toBeLessThan(1);
  });

  it('flags a group exactly when its corrected interval excludes 1', () => {
    for (const group of analysis.groups) {
      const test = group.test!;
      const excludesOne = test.correctedInterval.upper < 1 || test.correctedInterval.lower > 1;
      expect(excludesOne).toBe(test.flagged);
    }
  });

  it('shrinks each estimate towards 1 without crossing it', () => {
    for (const group of analysis.groups) {
      const { oddsRatio, shrunkenOddsRatio } = group.test!;
      expect(Math.abs(Math.log(shrunkenOddsRatio))).toBeLessThanOrEqual(
        Math.abs(Math.log(oddsRatio)) + 1e-12
      );
      expect(Math.sign(Math.log(shrunkenOddsRatio))).not.toBe(-Math.sign(Math.log(oddsRatio)));
    }
    expect(analysis.betweenGroupSd).toBeGreaterThan(0);
  });

  it('also finds it as an interaction: beyond what Team C and Fridays do generally', () => {
    const interaction = analyseConsistency(
      generateDecisions({ seed: 2, decisions: YEAR, planted: { ...FRIDAY_EFFECT, oddsRatio: 0.5 } }),
      {
        groupBy: ['team', 'weekday'],
        adjustFor: ['team', 'weekday'],
      }
    );
    expect(interaction.groups.filter((group) => group.test?.flagged).map((group) => group.key)).toEqual([
      'Team C × Fri',
    ]);
    expect(interaction.caseMix.terms.some((term) => term.term.startsWith('team Team'))).toBe(true);
  });
});

describe('threshold consistency without an effect', () => {
  const decisions = generateDecisions({ seed: 7, decisions: YEAR });

  it('does not mistake a needier case mix for a different threshold', () => {
    const byTeam = analyseConsistency(decisions, { groupBy: ['team'] });
    const teamA = byTeam.groups.find((group) => group.key === 'Team A')!;
    const teamF = byTeam.groups.find((group) => group.key === 'Team F')!;
    // Crude rates differ clearly: team F serves needier families...
    expect(teamA.observedRateInterval.upper).toBeLessThan(teamF.observedRateInterval.lower);
    // ...but for the same level and RAG they decide alike.
    expect(byTeam.flaggedGroups).toBe(0);
    for (const team of [teamA, teamF]) {
      expect(team.observedToExpectedInterval.lower).toBeLessThan(1);
      expect(team.observedToExpectedInterval.upper).toBeGreaterThan(1);
    }
    expect(teamF.expectedRate).toBeGreaterThan(teamA.expectedRate);
  });

  it('reports the case-mix model it adjusted for, including unrecorded levels and RAG', () => {
    const { caseMix } = analyseConsistency(decisions, { groupBy: ['agency'] });
    expect(caseMix.converged).toBe(true);
    const terms = caseMix.terms.map((term) => term.term);
    expect(terms).toContain('indicated level 4 (against 2)');
    expect(terms).toContain('indicated level not recorded (against 2)');
    expect(terms).toContain('RAG red (against green)');
    const level4 = caseMix.terms.find((term) => term.term.startsWith('indicated level 4'))!;
    // The generator's true odds ratio for level 4 against level 2 is e^3.6 ≈ 36.6.
    expect(level4.interval.lower).toBeLessThan(Math.exp(3.6));
    expect(level4.interval.upper).toBeGreaterThan(Math.exp(3.6));
  });

  it('finds no real spread between workers: every shrunken estimate is pulled towards 1', () => {
    const byWorker = analyseConsistency(decisions, { groupBy: ['worker'] });
    expect(byWorker.groupsTested).toBe(48);
    for (const group of byWorker.groups) {
      const { oddsRatio, shrunkenOddsRatio } = group.test!;
      expect(Math.abs(Math.log(shrunkenOddsRatio))).toBeLessThanOrEqual(Math.abs(Math.log(oddsRatio)));
    }
  });

  it('with Benjamini–Hochberg never adjusts more than Holm', () => {
    const holm = analyseConsistency(decisions, { groupBy: ['team', 'weekday'] });
    const bh = analyseConsistency(decisions, {
      groupBy: ['team', 'weekday'],
      correction: 'benjamini-hochberg',
    });
    holm.groups.forEach((group, index) => {
      expect(bh.groups[index]!.test!.adjustedPValue).toBeLessThanOrEqual(group.test!.adjustedPValue + 1e-15);
      expect(bh.groups[index]!.test!.pValue).toBe(group.test!.pValue);
    });
  });
});

describe('small groups', () => {
  const decisions = generateDecisions({ seed: 11, decisions: 3000 });
  const newcomer: ConsistencyDecision = { ...decisions[0]!, worker: 'New worker', escalated: false };
  const withNewcomer = [...decisions, ...Array.from({ length: 6 }, () => newcomer)];

  it('shows a group too small to compare but does not test it or count it in the correction', () => {
    const withoutNewcomer = analyseConsistency(decisions, { groupBy: ['worker'] });
    const analysis = analyseConsistency(withNewcomer, { groupBy: ['worker'] });
    const small = analysis.groups.find((group) => group.key === 'New worker')!;
    expect(small).toMatchObject({ decisions: 6, escalated: 0, tested: false, test: null });
    expect(small.observedRateInterval.upper).toBeGreaterThan(0.3);
    expect(analysis.groupsTested).toBe(withoutNewcomer.groupsTested);
  });
});

describe('bad requests', () => {
  const decisions = generateDecisions({ seed: 3, decisions: 500 });

  it('say what is wrong', () => {
    expect(() => analyseConsistency(decisions, { groupBy: [] })).toThrow(/at least one attribute/);
    expect(() => analyseConsistency(decisions, { groupBy: ['team'], adjustFor: ['team'] })).toThrow(
      /grouping attribute itself/
    );
    expect(() => analyseConsistency(decisions, { groupBy: ['team'], alpha: 1.5 })).toThrow(/alpha/);
    expect(() => analyseConsistency([], { groupBy: ['team'] })).toThrow(/no decisions/);
  });
});

describe('the chi-square tail for heterogeneity', () => {
  it('is close to the exact values', () => {
    // qchisq(0.95, 41) = 56.942; qchisq(0.95, 5) = 11.070.
    expect(chiSquareUpperTail(56.942, 41)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpperTail(11.07, 5)).toBeCloseTo(0.05, 2);
    expect(chiSquareUpperTail(3, 0)).toBe(1);
  });
});

describe('the synthetic decisions', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(generateDecisions({ seed: 5, decisions: 50 })).toEqual(
      generateDecisions({ seed: 5, decisions: 50 })
    );
    expect(generateDecisions({ seed: 6, decisions: 50 })).not.toEqual(
      generateDecisions({ seed: 5, decisions: 50 })
    );
  });

  it('mark weekends, nights and evenings as out of hours', () => {
    for (const decision of generateDecisions({ seed: 5, decisions: 500 })) {
      const expected =
        decision.weekday === 'Sat' ||
        decision.weekday === 'Sun' ||
        decision.timeBand === 'night' ||
        decision.timeBand === 'evening';
      expect(decision.outOfHours).toBe(expected);
    }
  });
});
