import { describe, expect, it } from 'vitest';
import { familyLetterSafety, overrideReasonProblem, type FamilyLetterFacts } from './family-letter-safety.ts';

const SAFE: FamilyLetterFacts = {
  concernCodes: ['16A'],
  consentStatus: 'given',
  notForDisclosure: false,
  strategyDiscussion: false,
  outcomes: ['early_help'],
  referralSource: '2A',
};

describe('whether a letter to the family could tip someone off', () => {
  it('finds nothing against writing to a family who agreed to the referral about neglect', () => {
    expect(familyLetterSafety(SAFE)).toEqual({ safe: true, warnings: [] });
  });

  it('warns where domestic abuse was reported without the family’s consent, but not with it', () => {
    for (const consentStatus of ['not_sought', 'refused', null] as const) {
      expect(familyLetterSafety({ ...SAFE, concernCodes: ['3B'], consentStatus }).warnings).toEqual([
        'domestic_abuse_without_consent',
      ]);
    }
    expect(familyLetterSafety({ ...SAFE, concernCodes: ['3A', '16A'], consentStatus: 'given' }).safe).toBe(
      true
    );
  });

  it('warns where a partner said "not for disclosure", whatever the concern', () => {
    expect(familyLetterSafety({ ...SAFE, notForDisclosure: true }).warnings).toEqual(['not_for_disclosure']);
  });

  it('warns on a strategy discussion, recorded or decided, and on an allegation about staff', () => {
    expect(familyLetterSafety({ ...SAFE, strategyDiscussion: true }).warnings).toEqual([
      'strategy_discussion',
    ]);
    expect(familyLetterSafety({ ...SAFE, outcomes: ['strategy_discussion'] }).warnings).toEqual([
      'strategy_discussion',
    ]);
    expect(familyLetterSafety({ ...SAFE, outcomes: ['early_help', 'lado'] }).warnings).toEqual([
      'allegation_about_staff',
    ]);
  });

  it('warns when the young person referred themselves', () => {
    expect(familyLetterSafety({ ...SAFE, referralSource: '1C' }).warnings).toEqual([
      'young_person_self_referral',
    ]);
  });

  it('gives every warning that applies, in a fixed order', () => {
    const all = familyLetterSafety({
      concernCodes: ['3C'],
      consentStatus: 'not_sought',
      notForDisclosure: true,
      strategyDiscussion: true,
      outcomes: ['lado'],
      referralSource: '1C',
    });
    expect(all.safe).toBe(false);
    expect(all.warnings).toEqual([
      'domestic_abuse_without_consent',
      'not_for_disclosure',
      'strategy_discussion',
      'allegation_about_staff',
      'young_person_self_referral',
    ]);
  });
});

describe('a manager’s reason for sending anyway', () => {
  it('must say something', () => {
    for (const reason of [undefined, '', 'x', 'ok', 'safe to send', 'ok ok ok ok ok ok ok ok'])
      expect(overrideReasonProblem(reason), String(reason)).toMatch(/Explain why it is safe/);
    expect(
      overrideReasonProblem(
        'DC Example, the officer in the case, confirmed the partner has left and the family already know of the referral.'
      )
    ).toBeNull();
  });
});
