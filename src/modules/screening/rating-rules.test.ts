import { describe, expect, it } from 'vitest';
import {
  downgradeNeedsManager,
  isConfirmedKind,
  managerRatingReasonProblem,
  ratingReasonProblem,
  riskRank,
} from './rating-rules.ts';

describe('a lower rating for a red contact', () => {
  it('waits for a manager when it comes down from red, to amber or green', () => {
    expect(downgradeNeedsManager('red', 'green')).toBe(true);
    expect(downgradeNeedsManager('red', 'amber')).toBe(true);
  });

  it('takes effect at once otherwise: red again, amber to green, upwards, or a first rating', () => {
    expect(downgradeNeedsManager('red', 'red')).toBe(false);
    expect(downgradeNeedsManager('amber', 'green')).toBe(false);
    expect(downgradeNeedsManager('green', 'red')).toBe(false);
    expect(downgradeNeedsManager(null, 'green')).toBe(false);
  });
});

describe('a confirmed rating', () => {
  it('is one a manager gave or agreed, not a practitioner’s or the intake’s', () => {
    expect(isConfirmedKind('manager_confirmed')).toBe(true);
    expect(isConfirmedKind('manager_changed')).toBe(true);
    for (const kind of ['screening', 're_rating', 'immediate_risk', null, undefined] as const) {
      expect(isConfirmedKind(kind)).toBe(false);
    }
  });
});

describe('a rating’s reason', () => {
  it('refuses “x” and short reasons, saying what a reason covers', () => {
    expect(ratingReasonProblem('x')).toContain('what has happened to the child, who says so');
    expect(ratingReasonProblem('Low level worry.')).toContain('at least 5 words');
    expect(ratingReasonProblem('Police report the mother was arrested last night.')).toBeNull();
  });

  it('asks a manager settling a downgrade from red why it can come down or stays red', () => {
    expect(managerRatingReasonProblem('ok', true)).toContain('why the rating can come down from red');
    expect(managerRatingReasonProblem('ok', false)).toContain('Give the reason for changing the rating');
  });
});

describe('risk order', () => {
  it('puts red first, then amber, green and not rated', () => {
    const order = (['green', null, 'red', 'amber'] as const)
      .slice()
      .sort((a, b) => riskRank(b) - riskRank(a));
    expect(order).toEqual(['red', 'amber', 'green', null]);
  });
});
