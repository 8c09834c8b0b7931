import { describe, expect, it } from 'vitest';
import {
  childDetailsComplete,
  completenessOf,
  consentRecorded,
  countCompleteness,
  type SentAboutChild,
} from './partner-completeness.ts';

const COMPLETE: SentAboutChild = {
  consentStatus: 'given',
  consentReason: null,
  describedChild: { givenName: 'Ada', familyName: 'Test', sex: 'F', dateOfBirth: '2015-04-01' },
  concernCodes: 2,
};

describe('consent recorded', () => {
  it('is recorded when the family agreed', () => {
    expect(consentRecorded(COMPLETE)).toBe(true);
  });

  it('needs the reason when consent was refused or not sought', () => {
    expect(
      consentRecorded({ ...COMPLETE, consentStatus: 'refused', consentReason: 'Would raise the risk' })
    ).toBe(true);
    expect(consentRecorded({ ...COMPLETE, consentStatus: 'refused', consentReason: null })).toBe(false);
    expect(consentRecorded({ ...COMPLETE, consentStatus: 'not_sought', consentReason: '   ' })).toBe(false);
    expect(
      consentRecorded({ ...COMPLETE, consentStatus: 'not_sought', consentReason: 'Risk to the child' })
    ).toBe(true);
  });

  it('is not recorded when nothing was said about consent', () => {
    expect(consentRecorded({ ...COMPLETE, consentStatus: null })).toBe(false);
  });
});

describe('the child’s details complete', () => {
  const child = COMPLETE.describedChild!;

  it('needs both names, sex and a date of birth', () => {
    expect(childDetailsComplete(child)).toBe(true);
    expect(childDetailsComplete({ ...child, givenName: '' })).toBe(false);
    expect(childDetailsComplete({ ...child, familyName: ' ' })).toBe(false);
    expect(childDetailsComplete({ ...child, sex: undefined })).toBe(false);
  });

  it('accepts an expected date of birth for an unborn child, not an age alone', () => {
    const { dateOfBirth: _, ...undated } = child;
    expect(childDetailsComplete({ ...undated, expectedDateOfBirth: '2027-02-01' })).toBe(true);
    expect(childDetailsComplete({ ...undated, age: 7 })).toBe(false);
  });

  it('cannot be known when the contact was recorded straight against a record', () => {
    expect(childDetailsComplete(null)).toBeNull();
  });
});

describe('completeness of what a partner sent', () => {
  it('needs at least one coded concern', () => {
    expect(completenessOf(COMPLETE).concernsCoded).toBe(true);
    expect(completenessOf({ ...COMPLETE, concernCodes: 0 }).concernsCoded).toBe(false);
  });

  it('counts the children meeting each rule, out of those it could be checked for', () => {
    const incomplete = { givenName: 'Ada', familyName: 'Test', age: 9 };
    expect(
      countCompleteness([
        COMPLETE,
        { ...COMPLETE, consentStatus: null, concernCodes: 0 },
        { ...COMPLETE, describedChild: null },
        { ...COMPLETE, describedChild: incomplete },
      ])
    ).toEqual({
      consentRecorded: { met: 3, of: 4 },
      childDetailsComplete: { met: 2, of: 3 },
      concernsCoded: { met: 3, of: 4 },
    });
    expect(countCompleteness([])).toEqual({
      consentRecorded: { met: 0, of: 0 },
      childDetailsComplete: { met: 0, of: 0 },
      concernsCoded: { met: 0, of: 0 },
    });
  });
});
