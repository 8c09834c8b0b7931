import { describe, expect, it } from 'vitest';
import { parsePersonDetails } from './person-details-form.ts';
import { upnCheckLetter, upnProblem } from './person-characteristics.ts';

const TODAY = '2026-11-20';
const VALID = {
  version: '3',
  ethnicity: 'BAFR',
  language: 'Somali',
  interpreterNeeded: 'yes',
  disabilities: ['HEAR', 'COMM'],
  upn: 'h801200001001',
};

describe('the DfE UPN check letter', () => {
  it('computes the check letter of published-format examples', () => {
    expect(upnCheckLetter('A950000178301')).toBe('A');
    expect(upnCheckLetter('H243278544154')).toBe('H');
    expect(upnCheckLetter('R247962919251')).not.toBe('R');
  });

  it('counts a letter in the 13th position (a temporary UPN) by its place in the check alphabet', () => {
    // 'A' is worth 0 and 'B' 1: weight 13, so the letters differ by 13 places modulo 23.
    const withA = upnCheckLetter('X80120000100A');
    const withB = upnCheckLetter('X80120000100B');
    const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
    expect((letters.indexOf(withB) - letters.indexOf(withA) + 23) % 23).toBe(13);
  });

  it('accepts a valid UPN and explains each kind of invalid one', () => {
    expect(upnProblem('H801200001001')).toBeNull();
    expect(upnProblem('N370201401234')).toBeNull();
    expect(upnProblem('J801200001001')).toBe('The UPN is not valid: check it for a mistyped character');
    expect(upnProblem('A999200001001')).toBe('The UPN is not valid: 999 is not a local authority code');
    expect(upnProblem('A80120000100')).toMatch(/^Enter a UPN of 13 characters/);
    expect(upnProblem('A80120000100I')).toBe('The last character of the UPN cannot be I, O or S');
  });
});

describe('parsing "Change details"', () => {
  it('reads coded details, upper-casing and despacing the UPN', () => {
    const parsed = parsePersonDetails({ ...VALID, upn: 'h801 2000 01001' }, { unborn: false }, TODAY);
    expect(parsed).toEqual({
      ok: true,
      details: {
        version: 3,
        ethnicity: 'BAFR',
        language: 'Somali',
        interpreterNeeded: true,
        disabilities: ['HEAR', 'COMM'],
        upn: 'H801200001001',
        expectedDateOfBirth: null,
      },
    });
  });

  it('keeps "not recorded" apart from "no": blank answers are null', () => {
    const parsed = parsePersonDetails({ version: '1' }, { unborn: false }, TODAY);
    expect(parsed).toEqual({
      ok: true,
      details: {
        version: 1,
        ethnicity: null,
        language: null,
        interpreterNeeded: null,
        disabilities: null,
        upn: null,
        expectedDateOfBirth: null,
      },
    });
    const single = parsePersonDetails(
      { version: '1', disabilities: 'NONE', interpreterNeeded: 'no' },
      { unborn: false },
      TODAY
    );
    expect(single.ok && single.details).toMatchObject({ disabilities: ['NONE'], interpreterNeeded: false });
  });

  it('reports every problem at once against its field', () => {
    const parsed = parsePersonDetails(
      {
        version: 'x',
        ethnicity: 'ZZZZ',
        interpreterNeeded: 'yes',
        disabilities: ['NONE', 'VIS'],
        upn: 'J801200001001',
      },
      { unborn: false },
      TODAY
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.fields).toEqual({
      version: { text: 'Open the form again from the person’s record' },
      ethnicity: { text: 'Select the person’s ethnicity from the list' },
      language: {
        text: 'Enter the language the person needs an interpreter for, like Polish or British Sign Language',
      },
      disabilities: { text: 'You cannot choose ‘No disability’ together with a disability' },
      upn: { text: 'The UPN is not valid: check it for a mistyped character' },
    });
  });

  it('takes an expected date of birth only for an unborn child, within 9 months', () => {
    const date = {
      'expectedDateOfBirth-day': '14',
      'expectedDateOfBirth-month': '3',
      'expectedDateOfBirth-year': '2027',
    };
    const unborn = parsePersonDetails({ version: '1', ...date }, { unborn: true }, TODAY);
    expect(unborn.ok && unborn.details.expectedDateOfBirth).toBe('2027-03-14');
    const born = parsePersonDetails({ version: '1', ...date }, { unborn: false }, TODAY);
    expect(!born.ok && born.errors.fields.expectedDateOfBirth?.text).toBe(
      'Only an unborn child has an expected date of birth'
    );
    const tooLate = parsePersonDetails(
      { version: '1', ...date, 'expectedDateOfBirth-year': '2028' },
      { unborn: true },
      TODAY
    );
    expect(!tooLate.ok && tooLate.errors.fields.expectedDateOfBirth?.text).toBe(
      'The expected date of birth must be within 9 months from today'
    );
    const unreal = parsePersonDetails(
      { version: '1', ...date, 'expectedDateOfBirth-day': '31', 'expectedDateOfBirth-month': '2' },
      { unborn: true },
      TODAY
    );
    expect(!unreal.ok && unreal.errors.fields.expectedDateOfBirth?.text).toMatch(/must be a real date/);
  });
});
