import { describe, expect, it } from 'vitest';
import { addYears, retentionVerdict, type ChildRetentionFacts } from './retention-rules.ts';

const child = (facts: Partial<ChildRetentionFacts>): ChildRetentionFacts => ({
  personId: 1,
  dateOfBirth: '2010-05-10',
  lastActivityOn: '2020-01-15',
  involvementKinds: [],
  ladoReferral: false,
  openWork: false,
  legalHold: false,
  ...facts,
});

describe('retention rules', () => {
  it('keeps a front-door contact until the later of the 25th birthday and 6 years after the last contact', () => {
    expect(retentionVerdict(child({}), '2035-05-10')).toMatchObject({
      rule: 'front_door_contact',
      keepUntil: '2035-05-10',
      due: false,
    });
    expect(retentionVerdict(child({}), '2035-05-11')).toMatchObject({
      due: true,
      rule: 'front_door_contact',
    });
    expect(retentionVerdict(child({ lastActivityOn: '2031-02-01' }), '2036-01-01')).toMatchObject({
      keepUntil: '2037-02-01',
      due: false,
    });
  });

  it('keeps a child protection record 35 years after the last contact', () => {
    const verdict = retentionVerdict(child({ involvementKinds: ['child_protection_plan'] }), '2050-01-01');
    expect(verdict).toMatchObject({ rule: 'child_protection', keepUntil: '2055-01-15', due: false });
    expect(retentionVerdict(child({ involvementKinds: ['section_47'] }), '2055-01-16').due).toBe(true);
  });

  it('keeps a looked-after child’s record 75 years from birth', () => {
    expect(
      retentionVerdict(child({ involvementKinds: ['looked_after', 'child_in_need'] }), '2080-01-01')
    ).toMatchObject({
      rule: 'looked_after',
      keepUntil: '2085-05-10',
      due: false,
    });
  });

  it('keeps a LADO referral 100 years', () => {
    expect(retentionVerdict(child({ ladoReferral: true }), '2100-01-01')).toMatchObject({
      rule: 'lado',
      keepUntil: '2120-01-15',
    });
  });

  it('never lets a child-in-need rule shorten the front-door period', () => {
    expect(retentionVerdict(child({ involvementKinds: ['child_in_need'] }), '2034-01-01')).toMatchObject({
      rule: 'front_door_contact',
      keepUntil: '2035-05-10',
      due: false,
    });
  });

  it('keeps a record whose date of birth is unknown (for review), but uses an unborn child’s expected date', () => {
    expect(retentionVerdict(child({ dateOfBirth: null }), '2200-01-01')).toMatchObject({
      due: false,
      keptBecause: 'date_of_birth_unknown',
    });
    expect(
      retentionVerdict(child({ dateOfBirth: '2020-03-01', lastActivityOn: '2019-12-01' }), '2045-03-02').due
    ).toBe(true);
  });

  it('a legal hold or open work keeps a record past its date', () => {
    expect(retentionVerdict(child({ legalHold: true }), '2040-01-01')).toMatchObject({
      due: false,
      keptBecause: 'legal_hold',
    });
    expect(retentionVerdict(child({ openWork: true }), '2040-01-01')).toMatchObject({
      due: false,
      keptBecause: 'open_work',
    });
  });

  it('moves 29 February to 1 March in a year without one, never a day early', () => {
    expect(addYears('2008-02-29', 25)).toBe('2033-03-01');
    expect(addYears('2008-02-29', 24)).toBe('2032-02-29');
    expect(addYears('2010-12-31', 6)).toBe('2016-12-31');
  });
});
