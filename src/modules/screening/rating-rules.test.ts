import { describe, expect, it } from 'vitest';
import {
  downgradeNeedsManager,
  isConfirmedKind,
  managerRatingReasonProblem,
  ratingReasonProblem,
  ratingStateOf,
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

describe('where a child’s rating stands', () => {
  const rating = (
    kind: 'screening' | 'manager_confirmed',
    rag: 'red' | 'amber' | 'green',
    review_status: 'pending' | 'withdrawn' | null
  ) => ({ kind, rag, review_status });

  it('is not rated when nothing has been rated', () => {
    expect(ratingStateOf([])).toEqual({ pending: null, confirmed: false, rag: null });
  });

  it('is the newest rating in effect, confirmed when a manager gave it', () => {
    const newestFirst = [rating('manager_confirmed', 'amber', null), rating('screening', 'red', null)];
    expect(ratingStateOf(newestFirst)).toEqual({ pending: null, confirmed: true, rag: 'amber' });
    expect(ratingStateOf(newestFirst.slice(1))).toEqual({ pending: null, confirmed: false, rag: 'red' });
  });

  it('stays at the rating in effect, unconfirmed, while a lower rating waits for a manager', () => {
    const pending = rating('screening', 'green', 'pending');
    const state = ratingStateOf([pending, rating('manager_confirmed', 'red', null)]);
    expect(state).toEqual({ pending, confirmed: false, rag: 'red' });
  });

  it('ignores a lower rating asked for and withdrawn', () => {
    const state = ratingStateOf([
      rating('screening', 'green', 'withdrawn'),
      rating('manager_confirmed', 'red', null),
    ]);
    expect(state).toEqual({ pending: null, confirmed: true, rag: 'red' });
  });
});
