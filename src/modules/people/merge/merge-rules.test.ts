import { describe, expect, it } from 'vitest';
import {
  assessMerge,
  CONFLICT_REASON_MESSAGE,
  describeGap,
  mergeConfirmationProblems,
  REASON_MESSAGE,
  UNTICKED_MESSAGE,
  type MergePairFacts,
  type MergeRecordFacts,
} from './merge-rules.ts';

const TODAY = '2026-12-06';
const UNRELATED: MergePairFacts = { parentOrCarerOfOther: false, recordedNotSame: null };

function person(overrides: Partial<MergeRecordFacts> = {}): MergeRecordFacts {
  return {
    id: 1,
    givenName: 'Leocadia',
    familyName: 'Pemberton',
    dateOfBirth: '2016-05-01',
    expectedDateOfBirth: null,
    sex: 'F',
    nhsNumber: null,
    upn: null,
    restricted: false,
    mergedIntoId: null,
    mergedIntoThis: 0,
    openContacts: 0,
    openInvolvements: 0,
    ...overrides,
  };
}

function assess(kept: Partial<MergeRecordFacts>, duplicate: Partial<MergeRecordFacts>, pair = UNRELATED) {
  return assessMerge(person({ id: 1, ...kept }), person({ id: 2, ...duplicate }), pair, TODAY);
}

const codes = (assessment: ReturnType<typeof assess>) =>
  assessment.conflicts.map((conflict) => conflict.code);

describe('merge rules: refusals', () => {
  it('refuses a mother merged into her own unborn baby', () => {
    const result = assess(
      {
        givenName: 'Baby',
        familyName: 'Ashworth',
        dateOfBirth: null,
        expectedDateOfBirth: '2027-02-10',
        sex: 'U',
      },
      { givenName: 'Maisie', familyName: 'Ashworth', dateOfBirth: '1996-03-14', sex: 'F' }
    );
    expect(result.refusals).toEqual([
      'An unborn baby (due 10 February 2027) cannot be the same person as someone born 14 March 1996, 30 years before the baby is due',
    ]);
  });

  it('refuses an unborn baby and anyone born long after the due date too', () => {
    const result = assess(
      { dateOfBirth: null, expectedDateOfBirth: '2020-01-10' },
      { dateOfBirth: '2021-06-01' }
    );
    expect(result.refusals[0]).toContain('after the baby is due');
  });

  it('flags, without refusing, an unborn baby and a baby born near the due date', () => {
    const result = assess(
      { dateOfBirth: null, expectedDateOfBirth: '2026-11-20', sex: 'U' },
      { dateOfBirth: '2026-11-02' }
    );
    expect(result.refusals).toEqual([]);
    expect(codes(result)).toContain('unborn');
    expect(result.conflicts.find((c) => c.code === 'unborn')?.text).toContain('check this is the baby, born');
  });

  it('refuses two different valid NHS numbers', () => {
    const result = assess({ nhsNumber: '943 476 5919' }, { nhsNumber: '9434765870' });
    expect(result.refusals).toEqual([
      'The records have two different valid NHS numbers: an NHS number belongs to one person',
    ]);
  });

  it('flags, without refusing, NHS numbers that differ where one fails its check digit', () => {
    const result = assess({ nhsNumber: '9434765919' }, { nhsNumber: '9434765918' });
    expect(result.refusals).toEqual([]);
    expect(codes(result)).toEqual(['nhs_number']);
  });

  it('treats the same NHS number written with spaces as the same', () => {
    expect(assess({ nhsNumber: '943 476 5919' }, { nhsNumber: '9434765919' }).conflicts).toEqual([]);
  });

  it('refuses a person and their own parent or carer', () => {
    const result = assess(
      {},
      { givenName: 'Leocadia', dateOfBirth: '2016-05-01' },
      {
        parentOrCarerOfOther: true,
        recordedNotSame: null,
      }
    );
    expect(result.refusals).toEqual([
      'One of these people is recorded as a parent or carer of the other: they cannot be the same person',
    ]);
  });

  it('refuses a record already merged, a merged record kept, and one with merges into it', () => {
    expect(assess({}, { mergedIntoId: 9 }).refusals).toEqual([
      'That record has already been merged into another',
    ]);
    expect(assess({ mergedIntoId: 9 }, {}).refusals).toEqual([
      'This record has itself been merged: merge into the record it was merged into',
    ]);
    expect(assess({}, { mergedIntoThis: 1 }).refusals).toEqual([
      'Other records are merged into that one: undo those merges first',
    ]);
  });

  it('refuses a record merged into itself', () => {
    expect(assessMerge(person(), person(), UNRELATED, TODAY).refusals).toEqual([
      'A record cannot be merged into itself',
    ]);
  });

  it('refuses merging a restricted record into one that is not restricted', () => {
    const result = assess({}, { restricted: true });
    expect(result.refusals[0]).toContain('The duplicate is restricted and the record kept is not');
  });
});

describe('merge rules: conflicts to check', () => {
  it('finds nothing to check for two records that agree', () => {
    expect(assess({}, {})).toEqual({ refusals: [], conflicts: [] });
  });

  it('flags twins: the same date of birth and surname with different given names', () => {
    const result = assess({ givenName: 'Amelia' }, { givenName: 'Olivia' });
    expect(result.refusals).toEqual([]);
    expect(result.conflicts).toEqual([
      {
        code: 'given_name',
        field: 'name',
        text: 'The given names differ: Amelia and Olivia with the same date of birth: twins often share a surname, address and date of birth',
      },
    ]);
  });

  it('does not flag a nickname of the same given name', () => {
    expect(codes(assess({ givenName: 'Thomas', sex: 'M' }, { givenName: 'Tom', sex: 'M' }))).toEqual([]);
  });

  it('flags a different family name and a different sex', () => {
    const result = assess({ familyName: 'Pemberton', sex: 'F' }, { familyName: 'Pemberten', sex: 'M' });
    expect(codes(result)).toEqual(['family_name', 'sex']);
    expect(result.conflicts[1]?.text).toBe('The sex recorded differs: female and male');
  });

  it('does not flag a sex not known on one record', () => {
    expect(codes(assess({ sex: 'U' }, { sex: 'F' }))).toEqual([]);
  });

  it('says how far apart two dates of birth are', () => {
    expect(assess({}, { dateOfBirth: '2016-05-04' }).conflicts[0]?.text).toBe(
      'The dates of birth are 3 days apart'
    );
    expect(assess({}, { dateOfBirth: '2017-05-01' }).conflicts[0]?.text).toBe(
      'The dates of birth are 12 months apart'
    );
  });

  it('flags a generation apart: an adult and a child', () => {
    const result = assess({}, { dateOfBirth: '1990-05-01' });
    expect(result.refusals).toEqual([]);
    expect(result.conflicts).toEqual([
      {
        code: 'generation',
        field: 'dateOfBirth',
        text: 'The dates of birth are 26 years apart: one is an adult and the other a child: these may be a parent and a child',
      },
    ]);
  });

  it('says when a date of birth makes one an adult and the other a child', () => {
    expect(assess({ dateOfBirth: '2008-06-01' }, { dateOfBirth: '2009-06-01' }).conflicts[0]?.text).toBe(
      'The dates of birth are 12 months apart: one is an adult and the other a child'
    );
  });

  it('flags two children more than 12 years apart as a generation apart', () => {
    expect(codes(assess({ dateOfBirth: '2008-12-10' }, { dateOfBirth: '2021-01-01' }))).toEqual([
      'generation',
    ]);
  });

  it('flags different UPNs', () => {
    expect(codes(assess({ upn: 'A123456789012' }, { upn: 'B123456789012' }))).toEqual(['upn']);
    expect(codes(assess({ upn: 'a123456789012' }, { upn: 'A123456789012 ' }))).toEqual([]);
  });

  it('flags a restricted record kept', () => {
    expect(codes(assess({ restricted: true }, {}))).toEqual(['restricted']);
    expect(assess({ restricted: true }, { restricted: true }).refusals).toEqual([]);
  });

  it('flags open work on both records, not on one', () => {
    const both = assess({ openContacts: 1 }, { openInvolvements: 2 });
    expect(both.conflicts).toEqual([
      {
        code: 'open_work',
        field: 'openWork',
        text: 'Both records have open work (1 open contact on the record kept; 2 open involvements on the duplicate): tell both teams who holds the child',
      },
    ]);
    expect(codes(assess({ openContacts: 1 }, {}))).toEqual([]);
  });

  it('flags a pair someone recorded as not the same person', () => {
    const result = assess(
      {},
      {},
      { parentOrCarerOfOther: false, recordedNotSame: { reason: 'Twins, says school' } }
    );
    expect(result.conflicts[0]?.text).toContain('Twins, says school');
  });

  it('writes gaps in the unit a person would use', () => {
    expect([1, 61, 62, 400, 730, 3653].map(describeGap)).toEqual([
      '1 day',
      '61 days',
      '2 months',
      '13 months',
      '1 year',
      '10 years',
    ]);
  });
});

describe('merge rules: the reason and the ticks', () => {
  const twins = assess({ givenName: 'Amelia', sex: 'F' }, { givenName: 'Olivia', sex: 'M' });

  it('refuses "same" and other reasons that say nothing', () => {
    const agreeing = assess({}, {});
    for (const reason of ['same', '', 'x x x x x', 'same same same', 'ok'])
      expect(mergeConfirmationProblems(agreeing, reason, [])).toEqual({ reason: REASON_MESSAGE });
  });

  it('needs at least 20 letters in at least four words', () => {
    const agreeing = assess({}, {});
    expect(mergeConfirmationProblems(agreeing, 'is a b c', [])).toEqual({ reason: REASON_MESSAGE });
    expect(mergeConfirmationProblems(agreeing, 'Police misspelt the surname', [])).toBeNull();
  });

  it('needs every conflict ticked, and asks the reason to address them', () => {
    expect(mergeConfirmationProblems(twins, 'same', ['given_name'])).toEqual({
      reason: CONFLICT_REASON_MESSAGE,
      checked: UNTICKED_MESSAGE,
    });
    const reason = 'School confirmed one child; the police recorded the wrong sex and first name';
    expect(mergeConfirmationProblems(twins, reason, ['given_name'])).toEqual({ checked: UNTICKED_MESSAGE });
    expect(mergeConfirmationProblems(twins, reason, ['given_name', 'sex'])).toBeNull();
  });
});
