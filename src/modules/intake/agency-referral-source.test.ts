import { describe, expect, it } from 'vitest';
import { describeReferralSources, referralSourceOfAgency } from './agency-referral-source.ts';

describe('the referral source an agency’s key implies', () => {
  it('fills in the agency’s only code, and keeps a matching one', () => {
    expect(referralSourceOfAgency('police', undefined)).toEqual({ ok: true, referralSource: '6' });
    expect(referralSourceOfAgency('police', '6')).toEqual({ ok: true, referralSource: '6' });
    expect(referralSourceOfAgency('health', '3E')).toEqual({ ok: true, referralSource: '3E' });
  });

  it('refuses a code the agency cannot refer under, such as the child themselves from the police', () => {
    expect(referralSourceOfAgency('police', '1C')).toEqual({
      ok: false,
      problem: 'conflicts',
      allowed: ['6'],
    });
    expect(referralSourceOfAgency('education', '6')).toMatchObject({ ok: false, problem: 'conflicts' });
    for (const individual of ['1A', '1B', '1C', '1D', '9', '10'])
      expect(referralSourceOfAgency('other', individual).ok, individual).toBe(false);
  });

  it('asks which code when the agency has several', () => {
    expect(referralSourceOfAgency('health', undefined)).toMatchObject({ ok: false, problem: 'ambiguous' });
  });

  it('names codes with their labels', () => {
    expect(describeReferralSources(['6'])).toBe('6 (Police)');
    expect(describeReferralSources(['2A', '2B'])).toBe('2A (School) or 2B (Education services)');
  });
});
