import { describe, expect, it } from 'vitest';
import { dateProblemMessage, impossibleIsoDate, isoDate, parseDateParts, parseIsoDate } from './dates.ts';

describe('parseDateParts', () => {
  it('reads a real date typed as numbers, allowing spaces around them', () => {
    expect(parseDateParts({ day: '27', month: '3', year: '2015' })).toEqual({
      outcome: 'date',
      date: '2015-03-27',
    });
    expect(parseDateParts({ day: ' 1 ', month: '01', year: '1900' })).toEqual({
      outcome: 'date',
      date: '1900-01-01',
    });
    expect(parseDateParts({ day: '29', month: '2', year: '2024' })).toEqual({
      outcome: 'date',
      date: '2024-02-29',
    });
  });

  it('says nothing was given when all three boxes are empty, and which part is missing otherwise', () => {
    expect(parseDateParts({ day: '', month: ' ', year: undefined })).toEqual({ outcome: 'empty' });
    expect(parseDateParts({ day: '3', month: '', year: '2015' })).toEqual({
      outcome: 'problem',
      problem: 'missing_part',
    });
  });

  it('refuses parts that are not plain numbers, never guessing at them', () => {
    for (const [day, month, year] of [
      ['3rd', '12', '2015'],
      ['3', 'Dec', '2015'],
      ['3', '12', '99999'],
      ['1e1', '1', '2015'],
      ['0x1', '1', '2015'],
      ['3', '12', '2015.0'],
      ['٣', '12', '2015'],
      ['-1', '12', '2015'],
      ['3', '12', '15'],
    ]) {
      expect(parseDateParts({ day, month, year }), `${day} ${month} ${year}`).toEqual({
        outcome: 'problem',
        problem: 'not_a_number',
      });
    }
    expect(parseDateParts({ day: ['3'], month: '12', year: '2015' })).toEqual({
      outcome: 'problem',
      problem: 'missing_part',
    });
  });

  it('refuses dates that do not exist, and years before 1900 or after 2100', () => {
    expect(parseDateParts({ day: '30', month: '2', year: '2016' })).toMatchObject({ problem: 'not_real' });
    expect(parseDateParts({ day: '0', month: '0', year: '0000' })).toMatchObject({ problem: 'not_real' });
    expect(parseDateParts({ day: '1', month: '13', year: '2016' })).toMatchObject({ problem: 'not_real' });
    expect(parseDateParts({ day: '1', month: '1', year: '0000' })).toMatchObject({ problem: 'out_of_range' });
    expect(parseDateParts({ day: '31', month: '12', year: '1899' })).toMatchObject({
      problem: 'out_of_range',
    });
    expect(parseDateParts({ day: '1', month: '1', year: '2101' })).toMatchObject({ problem: 'out_of_range' });
  });

  it('words each problem as GOV.UK asks', () => {
    expect(dateProblemMessage('Date of birth', 'out_of_range')).toBe(
      'Date of birth must be between 1900 and 2100'
    );
    expect(dateProblemMessage('Date of birth', 'not_real')).toBe(
      'Date of birth must be a real date, for example 27 3 2015'
    );
  });
});

describe('API dates', () => {
  it('accepts a real YYYY-MM-DD date from 1900 to 2100 only', () => {
    expect(parseIsoDate('2016-03-27')).toEqual({ outcome: 'date', date: '2016-03-27' });
    expect(isoDate('Date of birth').safeParse('2016-03-27').success).toBe(true);
    for (const value of [
      '0000-01-01',
      '1899-12-31',
      '2101-01-01',
      '2016-02-30',
      '99999-01-01',
      '2016-3-27',
      '',
    ]) {
      expect(isoDate('Date of birth').safeParse(value).success, value).toBe(false);
    }
    expect(isoDate('Date of birth').safeParse('0000-01-01').error?.issues[0]?.message).toBe(
      'Date of birth must be between 1900 and 2100'
    );
  });

  it('finds impossible whole dates and date-times, leaving free text alone', () => {
    for (const value of [
      '0000-01-01',
      '99999-12-31',
      '2016-02-30',
      '1850-06-01T10:00:00Z',
      '2201-01-01T00:00',
    ])
      expect(impossibleIsoDate(value), value).toBe(true);
    for (const value of [
      '2016-02-29',
      '2026-11-20T08:45:00Z',
      '2026-11-20T08:45:00.123+01:00',
      '0000-01-01 and more',
      'Smith',
    ])
      expect(impossibleIsoDate(value), value).toBe(false);
  });
});
