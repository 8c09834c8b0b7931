import { describe, expect, it } from 'vitest';
import { historyFlags, repeatContact, rereferralIds, rereferralWithin12Months } from './history-flags.ts';

const TODAY = '2026-11-20';

describe('repeatContact', () => {
  it('is a repeat when there was another contact in the 12 months up to the day', () => {
    expect(repeatContact(['2026-11-20', '2025-11-20'], TODAY)).toBe(true);
    expect(repeatContact(['2026-11-20', '2025-11-19'], TODAY)).toBe(false);
    expect(repeatContact(['2026-11-20'], TODAY)).toBe(false);
    expect(repeatContact([], TODAY)).toBe(false);
  });

  it('measures 12 months across 29 February', () => {
    expect(repeatContact(['2024-02-29', '2025-01-10'], '2025-02-28')).toBe(true);
    expect(repeatContact(['2024-02-29', '2025-01-10'], '2025-03-01')).toBe(false);
  });
});

describe('re-referrals', () => {
  it('finds referrals within 12 months of the previous one, in date order', () => {
    const referrals = [
      { id: 3, referralDate: '2026-09-15', isRereferral: false },
      { id: 1, referralDate: '2024-05-01', isRereferral: false },
      { id: 2, referralDate: '2025-09-15', isRereferral: false },
    ];
    expect(rereferralIds(referrals)).toEqual(new Set([3]));
    expect(rereferralWithin12Months(referrals, TODAY)).toMatchObject({ id: 3 });
  });

  it('trusts a referral recorded as a re-referral, which may rest on records older than ours', () => {
    const referrals = [{ id: 1, referralDate: '2026-03-01', isRereferral: true }];
    expect(rereferralIds(referrals)).toEqual(new Set([1]));
  });

  it('does not flag a re-referral from more than 12 months ago', () => {
    const referrals = [
      { id: 1, referralDate: '2024-10-01', isRereferral: false },
      { id: 2, referralDate: '2025-06-01', isRereferral: false },
    ];
    expect(rereferralIds(referrals)).toEqual(new Set([2]));
    expect(rereferralWithin12Months(referrals, TODAY)).toBeUndefined();
  });
});

describe('historyFlags', () => {
  it('flags a re-referral within 12 months and a repeat contact', () => {
    const referrals = [
      { id: 1, referralDate: '2026-02-01', isRereferral: false },
      { id: 2, referralDate: '2026-09-15', isRereferral: false },
    ];
    expect(historyFlags(['2026-02-01', '2026-09-15', '2026-11-18'], referrals, TODAY)).toEqual([
      {
        text: 'Re-referral within 12 months',
        hint: 'Referred on 15 September 2026, within 12 months of an earlier referral.',
        colour: 'red',
      },
      { text: 'Repeat contact', hint: '3 contacts in the last 12 months.', colour: 'orange' },
    ]);
  });

  it('warns that a referral now would be a re-referral when the child was referred in the last 12 months', () => {
    const referrals = [{ id: 1, referralDate: '2025-11-20', isRereferral: false }];
    expect(historyFlags(['2025-11-20'], referrals, TODAY)).toEqual([
      {
        text: 'Referred in the last 12 months',
        hint: 'Referred on 20 November 2025. Another referral now would be a re-referral.',
        colour: 'orange',
      },
    ]);
  });

  it('has no flags for a child last seen more than 12 months ago', () => {
    const referrals = [{ id: 1, referralDate: '2025-11-19', isRereferral: true }];
    expect(historyFlags(['2025-11-19', '2025-10-01'], referrals, TODAY)).toEqual([]);
  });
});
