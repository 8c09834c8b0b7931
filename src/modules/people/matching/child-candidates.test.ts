import { describe, expect, it } from 'vitest';
import { childQuery } from './child-candidates.ts';

describe('childQuery: what the matcher is asked about a child as the referrer described them', () => {
  it('passes on every detail the referrer gave', () => {
    expect(
      childQuery({
        givenName: 'Amina',
        familyName: 'Begum',
        dateOfBirth: '2017-06-23',
        sex: 'F',
        nhsNumber: '9434765919',
      })
    ).toEqual({
      givenName: 'Amina',
      familyName: 'Begum',
      dateOfBirth: '2017-06-23',
      sex: 'F',
      nhsNumber: '9434765919',
    });
  });

  it('leaves out blank names and an unknown sex, so they neither match nor count against a match', () => {
    expect(childQuery({ givenName: '', familyName: 'Begum', sex: 'U' })).toEqual({
      givenName: undefined,
      familyName: 'Begum',
      dateOfBirth: undefined,
      sex: undefined,
      nhsNumber: undefined,
    });
  });
});
