import { describe, it, expect } from 'vitest';
import {
  DEFAULT_CALENDAR,
  DEFAULT_SERVICE_HOURS,
  addHours,
  addWorkingDays,
  addWorkingDaysToDate,
  addWorkingHours,
  bankHolidays,
  dueAt,
  isBankHoliday,
  isOutOfHours,
  isRealTime,
  isWorkingDay,
  londonDateOf,
  nextServiceOpening,
  workingDaysBetween,
  workingMinutesBetween,
  type WorkingCalendar,
} from './working-time.ts';

// Inputs are written as London wall-clock time with their offset (+00:00 GMT, +01:00 BST);
// expectations are written in UTC ('Z'), so every expected value states the offset reasoning explicitly.
// 2026 clock changes: forward Sun 29 March, back Sun 25 October.
const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

const cal = DEFAULT_CALENDAR;
const withClosures = (...closures: string[]): WorkingCalendar => ({ ...DEFAULT_CALENDAR, closures });
const monToThu9to5: WorkingCalendar = {
  serviceHours: { weekdays: [1, 2, 3, 4], opens: '09:00', closes: '17:00' },
  closures: [],
};

describe('defaults', () => {
  it('are Mon–Fri 08:00–20:00 with no closures', () => {
    expect(DEFAULT_SERVICE_HOURS).toEqual({ weekdays: [1, 2, 3, 4, 5], opens: '08:00', closes: '20:00' });
    expect(DEFAULT_CALENDAR).toEqual({ serviceHours: DEFAULT_SERVICE_HOURS, closures: [] });
  });

  it('are frozen so one caller cannot change them for everyone', () => {
    expect(Object.isFrozen(DEFAULT_CALENDAR)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CALENDAR.closures)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SERVICE_HOURS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SERVICE_HOURS.weekdays)).toBe(true);
  });
});

describe('bankHolidays', () => {
  it('lists the 2026 England & Wales bank holidays, including the Boxing Day substitute', () => {
    expect(bankHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-04-06', name: 'Easter Monday' },
      { date: '2026-05-04', name: 'Early May bank holiday' },
      { date: '2026-05-25', name: 'Spring bank holiday' },
      { date: '2026-08-31', name: 'Summer bank holiday' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-26', name: 'Boxing Day' },
      { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
    ]);
  });

  it('returns a fresh copy, so callers cannot corrupt the cache', () => {
    const first = bankHolidays(2026);
    first.pop();
    first[0]!.date = '1999-01-01';
    expect(bankHolidays(2026)).toHaveLength(9);
    expect(bankHolidays(2026)[0]!.date).toBe('2026-01-01');
  });

  it('excludes Scottish-only holidays', () => {
    expect(bankHolidays(2026).map((holiday) => holiday.date)).not.toContain('2026-01-02');
  });

  it('rejects a non-whole year', () => {
    expect(() => bankHolidays(2026.5)).toThrow(RangeError);
  });
});

describe('isBankHoliday', () => {
  it.each([
    ['2026-08-31', true],
    ['2026-12-28', true],
    ['2026-04-03', true],
    ['2026-04-06', true],
    ['2027-01-01', true],
    ['2026-09-01', false],
    ['2026-12-29', false],
    ['2026-03-29', false],
  ])('%s → %s', (date, expected) => {
    expect(isBankHoliday(date)).toBe(expected);
  });

  it.each(['2026-8-31', '31/08/2026', '2026-02-30', ''])('rejects the malformed date %j', (date) => {
    expect(() => isBankHoliday(date)).toThrow(/YYYY-MM-DD/);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-09-01', true, 'Tuesday'],
    ['2026-08-28', true, 'Friday'],
    ['2026-08-29', false, 'Saturday'],
    ['2026-08-30', false, 'Sunday'],
    ['2026-08-31', false, 'Summer bank holiday'],
    ['2026-12-28', false, 'Boxing Day substitute'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, cal)).toBe(expected);
  });

  it('treats council closure dates as non-working', () => {
    expect(isWorkingDay('2026-12-29', cal)).toBe(true);
    expect(isWorkingDay('2026-12-29', withClosures('2026-12-29'))).toBe(false);
  });

  it('follows custom service weekdays', () => {
    expect(isWorkingDay('2026-07-16', monToThu9to5)).toBe(true); // Thursday
    expect(isWorkingDay('2026-07-17', monToThu9to5)).toBe(false); // Friday
  });
});

describe('londonDateOf', () => {
  it('uses the London date, which is a day ahead of UTC late in the evening during BST', () => {
    expect(londonDateOf(at('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  it('matches the UTC date in winter (GMT)', () => {
    expect(londonDateOf(at('2026-01-31T23:30:00Z'))).toBe('2026-01-31');
  });

  it('rejects an invalid Date', () => {
    expect(() => londonDateOf(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('isOutOfHours', () => {
  it.each([
    ['2026-07-15T07:59:00+01:00', true, 'Wednesday 07:59 BST'],
    ['2026-07-15T08:00:00+01:00', false, 'Wednesday 08:00 BST (opening is in hours)'],
    ['2026-07-15T19:59:00+01:00', false, 'Wednesday 19:59 BST'],
    ['2026-07-15T19:59:59.999+01:00', false, 'the last millisecond before closing'],
    ['2026-07-15T20:00:00+01:00', true, 'Wednesday 20:00 BST (closing is out of hours)'],
    ['2026-01-14T07:59:00+00:00', true, 'Wednesday 07:59 GMT'],
    ['2026-01-14T08:00:00+00:00', false, 'Wednesday 08:00 GMT'],
    ['2026-01-14T20:00:00+00:00', true, 'Wednesday 20:00 GMT'],
    ['2026-07-18T12:00:00+01:00', true, 'Saturday noon'],
    ['2026-07-19T12:00:00+01:00', true, 'Sunday noon'],
    ['2026-08-31T12:00:00+01:00', true, 'Summer bank holiday noon'],
    ['2026-12-28T12:00:00+00:00', true, 'Boxing Day substitute noon'],
    ['2026-12-29T12:00:00+00:00', false, 'Tuesday 29 December noon without a closure'],
  ])('%s → %s (%s)', (instant, expected) => {
    expect(isOutOfHours(at(instant), cal)).toBe(expected);
  });

  it('is out of hours on a council closure date', () => {
    expect(isOutOfHours(at('2026-12-29T12:00:00+00:00'), withClosures('2026-12-29'))).toBe(true);
  });

  it('uses the London time, not UTC: 07:30Z is 08:30 BST', () => {
    expect(isOutOfHours(at('2026-07-15T07:30:00Z'), cal)).toBe(false);
  });

  it('follows custom service hours', () => {
    expect(isOutOfHours(at('2026-07-16T08:59:00+01:00'), monToThu9to5)).toBe(true);
    expect(isOutOfHours(at('2026-07-16T09:00:00+01:00'), monToThu9to5)).toBe(false);
    expect(isOutOfHours(at('2026-07-16T16:59:00+01:00'), monToThu9to5)).toBe(false);
    expect(isOutOfHours(at('2026-07-16T17:00:00+01:00'), monToThu9to5)).toBe(true);
    expect(isOutOfHours(at('2026-07-17T12:00:00+01:00'), monToThu9to5)).toBe(true); // Friday
  });
});

describe('nextServiceOpening', () => {
  it('returns the instant itself when already inside service hours', () => {
    const inHours = at('2026-07-15T12:34:56.789+01:00');
    expect(iso(nextServiceOpening(inHours, cal))).toBe(iso(inHours));
  });

  it('moves an early-morning instant to opening the same day', () => {
    expect(iso(nextServiceOpening(at('2026-07-15T06:00:00+01:00'), cal))).toBe('2026-07-15T07:00:00.000Z');
  });

  it('moves closing time to the next working day’s opening', () => {
    expect(iso(nextServiceOpening(at('2026-07-15T20:00:00+01:00'), cal))).toBe('2026-07-16T07:00:00.000Z');
  });

  it('skips the weekend and a bank-holiday Monday', () => {
    // Friday 28 August 20:00 BST → Tuesday 1 September 08:00 BST
    expect(iso(nextServiceOpening(at('2026-08-28T20:00:00+01:00'), cal))).toBe('2026-09-01T07:00:00.000Z');
  });

  it('skips Christmas, Boxing Day substitute and a council closure', () => {
    // Thursday 24 December 20:00 GMT → (25, 26, 27, 28 holidays/weekend, 29 closed) Wednesday 30th 08:00 GMT
    const opening = nextServiceOpening(at('2026-12-24T20:00:00+00:00'), withClosures('2026-12-29'));
    expect(iso(opening)).toBe('2026-12-30T08:00:00.000Z');
  });

  it('opens in BST on the Monday after the spring clock change', () => {
    // Saturday 28 March 12:00 GMT → Monday 30 March 08:00 BST
    expect(iso(nextServiceOpening(at('2026-03-28T12:00:00+00:00'), cal))).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('addWorkingHours', () => {
  it('Friday 18:30 + 4 working hours → Monday 10:30 (1.5 h Friday + 2.5 h Monday)', () => {
    expect(iso(addWorkingHours(at('2026-07-17T18:30:00+01:00'), 4, cal))).toBe('2026-07-20T09:30:00.000Z');
  });

  it('red contact at 19:50 on Friday 28 August 2026, bank-holiday Monday → Tuesday 11:50 BST', () => {
    expect(iso(addWorkingHours(at('2026-08-28T19:50:00+01:00'), 4, cal))).toBe('2026-09-01T10:50:00.000Z');
  });

  it('Christmas 2026: Thursday 24 December 19:00 + 4 → Tuesday 29 December 11:00 GMT', () => {
    // 1 h on the 24th; 25 Christmas, 26 Boxing Day (Sat), 27 Sunday, 28 substitute day; 3 h on the 29th.
    expect(iso(addWorkingHours(at('2026-12-24T19:00:00+00:00'), 4, cal))).toBe('2026-12-29T11:00:00.000Z');
  });

  it('Christmas 2026 with a council closure on the 29th → Wednesday 30 December 11:00 GMT', () => {
    const due = addWorkingHours(at('2026-12-24T19:00:00+00:00'), 4, withClosures('2026-12-29'));
    expect(iso(due)).toBe('2026-12-30T11:00:00.000Z');
  });

  it('Easter 2026: Thursday 2 April 19:00 BST + 4 → Tuesday 7 April 11:00 BST', () => {
    // Good Friday 3 April and Easter Monday 6 April are skipped.
    expect(iso(addWorkingHours(at('2026-04-02T19:00:00+01:00'), 4, cal))).toBe('2026-04-07T10:00:00.000Z');
  });

  it('spring clock change: Friday 27 March 19:00 GMT + 4 → Monday 30 March 11:00 BST', () => {
    expect(iso(addWorkingHours(at('2026-03-27T19:00:00+00:00'), 4, cal))).toBe('2026-03-30T10:00:00.000Z');
  });

  it('autumn clock change: Friday 23 October 19:00 BST + 4 → Monday 26 October 11:00 GMT', () => {
    expect(iso(addWorkingHours(at('2026-10-23T19:00:00+01:00'), 4, cal))).toBe('2026-10-26T11:00:00.000Z');
  });

  it('stays at closing time when the due time lands exactly on it', () => {
    expect(iso(addWorkingHours(at('2026-07-15T16:00:00+01:00'), 4, cal))).toBe('2026-07-15T19:00:00.000Z');
  });

  it('a whole service day from opening ends at that day’s closing, not the next opening', () => {
    expect(iso(addWorkingHours(at('2026-07-13T08:00:00+01:00'), 24, cal))).toBe('2026-07-14T19:00:00.000Z');
  });

  it('starts counting at the next opening when received at the weekend', () => {
    // Saturday noon → Monday 08:00 + 4 h = Monday 12:00 BST
    expect(iso(addWorkingHours(at('2026-07-18T12:00:00+01:00'), 4, cal))).toBe('2026-07-20T11:00:00.000Z');
  });

  it('starts counting at opening when received before opening', () => {
    expect(iso(addWorkingHours(at('2026-07-15T06:00:00+01:00'), 1, cal))).toBe('2026-07-15T08:00:00.000Z');
  });

  it('starts counting at the next opening when received exactly at closing', () => {
    expect(iso(addWorkingHours(at('2026-07-15T20:00:00+01:00'), 1, cal))).toBe('2026-07-16T08:00:00.000Z');
  });

  it('spans several service days', () => {
    // Monday 08:00: 12 h Monday + 12 h Tuesday + 6 h Wednesday → Wednesday 14:00 BST
    expect(iso(addWorkingHours(at('2026-07-13T08:00:00+01:00'), 30, cal))).toBe('2026-07-15T13:00:00.000Z');
  });

  it('allows fractional hours', () => {
    // Wednesday 19:45 + 30 min = 15 min Wednesday + 15 min Thursday → Thursday 08:15 BST
    expect(iso(addWorkingHours(at('2026-07-15T19:45:00+01:00'), 0.5, cal))).toBe('2026-07-16T07:15:00.000Z');
    expect(iso(addWorkingHours(at('2026-07-15T10:00:00+01:00'), 0.25, cal))).toBe('2026-07-15T09:15:00.000Z');
  });

  it('returns the start for 0 hours inside service hours', () => {
    const start = at('2026-07-15T10:11:12.345+01:00');
    expect(iso(addWorkingHours(start, 0, cal))).toBe(iso(start));
  });

  it('returns the next opening for 0 hours outside service hours', () => {
    expect(iso(addWorkingHours(at('2026-07-18T12:00:00+01:00'), 0, cal))).toBe('2026-07-20T07:00:00.000Z');
  });

  it('follows custom service hours: Thursday 16:00 + 2 (Mon–Thu 09:00–17:00) → Monday 10:00', () => {
    expect(iso(addWorkingHours(at('2026-07-16T16:00:00+01:00'), 2, monToThu9to5))).toBe(
      '2026-07-20T09:00:00.000Z'
    );
  });

  it('follows custom service hours across a bank-holiday Monday → Tuesday 10:00', () => {
    expect(iso(addWorkingHours(at('2026-08-27T16:00:00+01:00'), 2, monToThu9to5))).toBe(
      '2026-09-01T09:00:00.000Z'
    );
  });

  it.each([-1, -0.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s hours with a RangeError', (hours) => {
    expect(() => addWorkingHours(at('2026-07-15T10:00:00+01:00'), hours, cal)).toThrow(RangeError);
    expect(() => addWorkingHours(at('2026-07-15T10:00:00+01:00'), hours, cal)).toThrow(/working hours/);
  });

  it('handles a long span without minute-by-minute iteration', () => {
    // 250 working days × 12 h from Monday 5 January 2026 08:00 GMT: the 250th working day's closing.
    const due = addWorkingHours(at('2026-01-05T08:00:00+00:00'), 250 * 12, cal);
    const lastDay = addWorkingDaysToDate('2026-01-04', 250, cal);
    expect(londonDateOf(due)).toBe(lastDay);
    expect(isOutOfHours(due, cal)).toBe(true); // exactly closing time
    expect(workingMinutesBetween(at('2026-01-05T08:00:00+00:00'), due, cal)).toBe(250 * 12 * 60);
  });
});

describe('addWorkingDays', () => {
  it('Friday 15:00 + 1 → Monday 15:00', () => {
    expect(iso(addWorkingDays(at('2026-07-17T15:00:00+01:00'), 1, cal))).toBe('2026-07-20T14:00:00.000Z');
  });

  it('Saturday 10:00 + 1 → Tuesday 08:00 (normalised to Monday opening first)', () => {
    expect(iso(addWorkingDays(at('2026-07-18T10:00:00+01:00'), 1, cal))).toBe('2026-07-21T07:00:00.000Z');
  });

  it('Friday 19:50 + 1 before the Summer bank holiday → Tuesday 19:50', () => {
    expect(iso(addWorkingDays(at('2026-08-28T19:50:00+01:00'), 1, cal))).toBe('2026-09-01T18:50:00.000Z');
  });

  it('Easter: Thursday 2 April 12:00 + 1 → Tuesday 7 April 12:00 BST', () => {
    expect(iso(addWorkingDays(at('2026-04-02T12:00:00+01:00'), 1, cal))).toBe('2026-04-07T11:00:00.000Z');
  });

  it('Christmas: Wednesday 23 December 10:00 + 3 → Wednesday 30 December 10:00 GMT', () => {
    // 24th (1), 25th/26th/27th/28th skipped, 29th (2), 30th (3)
    expect(iso(addWorkingDays(at('2026-12-23T10:00:00+00:00'), 3, cal))).toBe('2026-12-30T10:00:00.000Z');
  });

  it('Christmas with council closures 29–31 December → Tuesday 5 January 2027', () => {
    // 24th (1), New Year's Day skipped, Monday 4th (2), Tuesday 5th (3)
    const closures = withClosures('2026-12-29', '2026-12-30', '2026-12-31');
    expect(iso(addWorkingDays(at('2026-12-23T10:00:00+00:00'), 3, closures))).toBe(
      '2027-01-05T10:00:00.000Z'
    );
  });

  it('keeps the London wall-clock time across the spring clock change', () => {
    // Friday 27 March 10:00 GMT → Monday 30 March 10:00 BST
    expect(iso(addWorkingDays(at('2026-03-27T10:00:00+00:00'), 1, cal))).toBe('2026-03-30T09:00:00.000Z');
  });

  it('keeps the London wall-clock time across the autumn clock change', () => {
    // Friday 23 October 10:00 BST → Monday 26 October 10:00 GMT
    expect(iso(addWorkingDays(at('2026-10-23T10:00:00+01:00'), 1, cal))).toBe('2026-10-26T10:00:00.000Z');
  });

  it('keeps seconds and milliseconds', () => {
    expect(iso(addWorkingDays(at('2026-07-15T10:11:12.345+01:00'), 2, cal))).toBe('2026-07-17T09:11:12.345Z');
  });

  it('moves a start at closing time to the next opening first', () => {
    // Wednesday 20:00 → Thursday 08:00, + 1 → Friday 08:00
    expect(iso(addWorkingDays(at('2026-07-15T20:00:00+01:00'), 1, cal))).toBe('2026-07-17T07:00:00.000Z');
  });

  it('returns the normalised start for 0 days', () => {
    const inHours = at('2026-07-15T10:00:00+01:00');
    expect(iso(addWorkingDays(inHours, 0, cal))).toBe(iso(inHours));
    expect(iso(addWorkingDays(at('2026-07-18T10:00:00+01:00'), 0, cal))).toBe('2026-07-20T07:00:00.000Z');
  });

  it('follows custom service weekdays: Thursday 10:00 + 1 (Mon–Thu) → Monday 10:00', () => {
    expect(iso(addWorkingDays(at('2026-07-16T10:00:00+01:00'), 1, monToThu9to5))).toBe(
      '2026-07-20T09:00:00.000Z'
    );
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s days with a RangeError', (days) => {
    expect(() => addWorkingDays(at('2026-07-15T10:00:00+01:00'), days, cal)).toThrow(RangeError);
  });
});

describe('dueAt', () => {
  it('red (4 working hours) received 19:50 Friday 28 August 2026 → Tuesday 11:50 BST', () => {
    const due = dueAt(at('2026-08-28T19:50:00+01:00'), { unit: 'working_hours', amount: 4 }, cal);
    expect(iso(due)).toBe('2026-09-01T10:50:00.000Z');
  });

  it('uses working days for a day-based timescale', () => {
    const due = dueAt(at('2026-08-28T19:50:00+01:00'), { unit: 'working_days', amount: 1 }, cal);
    expect(iso(due)).toBe('2026-09-01T18:50:00.000Z');
  });

  it('rejects a negative amount', () => {
    expect(() => dueAt(at('2026-07-15T10:00:00+01:00'), { unit: 'working_hours', amount: -4 }, cal)).toThrow(
      RangeError
    );
  });

  it('rejects an unknown unit from untyped configuration', () => {
    const timescale = JSON.parse('{"unit":"fortnights","amount":4}');
    expect(() => dueAt(at('2026-07-15T10:00:00+01:00'), timescale, cal)).toThrow(
      /Unknown timescale unit 'fortnights'/
    );
  });
});

describe('real-time (clock) hours for immediate risk', () => {
  const red = { unit: 'hours', amount: 4 } as const;

  it('red received at 06:30 on a Sunday is due at 10:30 that Sunday, not at noon on Monday', () => {
    // Sunday 6 December 2026, 06:30 GMT: the front door is closed all day.
    const due = dueAt(at('2026-12-06T06:30:00+00:00'), red, cal);
    expect(iso(due)).toBe('2026-12-06T10:30:00.000Z');
    expect(iso(dueAt(at('2026-12-06T06:30:00+00:00'), { unit: 'working_hours', amount: 4 }, cal))).toBe(
      '2026-12-07T12:00:00.000Z'
    );
  });

  it('runs through the evening, a bank holiday and a council closure alike', () => {
    // Friday 28 August 2026, 19:50 BST, before the summer bank holiday: 23:50 the same night.
    expect(iso(dueAt(at('2026-08-28T19:50:00+01:00'), red, cal))).toBe('2026-08-28T22:50:00.000Z');
    expect(iso(dueAt(at('2026-12-24T22:00:00+00:00'), red, withClosures('2026-12-24')))).toBe(
      '2026-12-25T02:00:00.000Z'
    );
  });

  it('counts elapsed time across the clock changes (an hour more on the clock in autumn)', () => {
    // Sunday 25 October 2026: 00:30 BST + 4 h = 03:30 GMT (the clock showed 01:00–02:00 twice).
    expect(iso(addHours(at('2026-10-25T00:30:00+01:00'), 4))).toBe('2026-10-25T03:30:00.000Z');
    // Sunday 29 March 2026: 00:30 GMT + 4 h = 05:30 BST.
    expect(iso(addHours(at('2026-03-29T00:30:00+00:00'), 4))).toBe('2026-03-29T04:30:00.000Z');
  });

  it('allows fractional hours and zero, and rejects negative or invalid input', () => {
    expect(iso(addHours(at('2026-12-06T06:30:00Z'), 0.5))).toBe('2026-12-06T07:00:00.000Z');
    expect(iso(addHours(at('2026-12-06T06:30:00Z'), 0))).toBe('2026-12-06T06:30:00.000Z');
    expect(() => addHours(at('2026-12-06T06:30:00Z'), -1)).toThrow(RangeError);
    expect(() => addHours(new Date(Number.NaN), 1)).toThrow(RangeError);
  });

  it('says which timescales run on real time', () => {
    expect(isRealTime(red)).toBe(true);
    expect(isRealTime({ unit: 'working_hours' })).toBe(false);
    expect(isRealTime({ unit: 'working_days' })).toBe(false);
  });
});

describe('workingMinutesBetween', () => {
  it('counts minutes within one service day, negative when reversed', () => {
    const [from, to] = [at('2026-07-15T09:00:00+01:00'), at('2026-07-15T10:30:00+01:00')];
    expect(workingMinutesBetween(from, to, cal)).toBe(90);
    expect(workingMinutesBetween(to, from, cal)).toBe(-90);
  });

  it('counts only service time across a weekend', () => {
    // Friday 19:00 → Monday 09:00: 60 min Friday + 60 min Monday
    const [from, to] = [at('2026-07-17T19:00:00+01:00'), at('2026-07-20T09:00:00+01:00')];
    expect(workingMinutesBetween(from, to, cal)).toBe(120);
    expect(workingMinutesBetween(to, from, cal)).toBe(-120);
  });

  it('agrees with the red timescale across the Summer bank holiday weekend', () => {
    const received = at('2026-08-28T19:50:00+01:00');
    expect(workingMinutesBetween(received, at('2026-09-01T11:50:00+01:00'), cal)).toBe(240);
  });

  it('shows how overdue a red contact is', () => {
    const due = at('2026-09-01T11:50:00+01:00');
    expect(workingMinutesBetween(at('2026-09-01T12:35:00+01:00'), due, cal)).toBe(-45);
  });

  it('counts real elapsed service time across the spring clock change', () => {
    // Friday 27 March 19:00 GMT → Monday 30 March 11:00 BST: 60 + 180
    const [from, to] = [at('2026-03-27T19:00:00+00:00'), at('2026-03-30T11:00:00+01:00')];
    expect(workingMinutesBetween(from, to, cal)).toBe(240);
  });

  it('counts real elapsed service time across the autumn clock change', () => {
    const [from, to] = [at('2026-10-23T19:00:00+01:00'), at('2026-10-26T11:00:00+00:00')];
    expect(workingMinutesBetween(from, to, cal)).toBe(240);
  });

  it('is +0 (not -0) when no service time lies between, in either direction', () => {
    const [saturday, sunday] = [at('2026-07-18T10:00:00+01:00'), at('2026-07-19T10:00:00+01:00')];
    expect(workingMinutesBetween(saturday, sunday, cal)).toBe(0);
    expect(workingMinutesBetween(sunday, saturday, cal)).toBe(0);
    expect(workingMinutesBetween(saturday, saturday, cal)).toBe(0);
  });

  it('returns fractional minutes below a minute', () => {
    const [from, to] = [at('2026-07-15T10:00:00+01:00'), at('2026-07-15T10:00:30+01:00')];
    expect(workingMinutesBetween(from, to, cal)).toBe(0.5);
  });

  it('skips council closures', () => {
    const [from, to] = [at('2026-12-24T19:00:00+00:00'), at('2026-12-30T09:00:00+00:00')];
    expect(workingMinutesBetween(from, to, cal)).toBe(60 + 12 * 60 + 60);
    expect(workingMinutesBetween(from, to, withClosures('2026-12-29'))).toBe(60 + 60);
  });

  it.each([
    ['2026-07-17T18:30:00+01:00', 4],
    ['2026-08-28T19:50:00+01:00', 4],
    ['2026-12-24T19:00:00+00:00', 37.25],
    ['2026-03-27T19:00:00+00:00', 4],
    ['2026-10-23T19:00:00+01:00', 13],
    ['2026-07-18T03:00:00+01:00', 0.1],
  ])('is the inverse of addWorkingHours from %s + %s h', (start, hours) => {
    const due = addWorkingHours(at(start), hours, cal);
    expect(workingMinutesBetween(at(start), due, cal)).toBeCloseTo(hours * 60, 9);
  });
});

describe('addWorkingDaysToDate', () => {
  it('initial child protection conference: 15 working days after Monday 7 December 2026 → 30 December', () => {
    // 8–11 (4), 14–18 (9), 21–24 (13), 25 & 28 holidays, 29 (14), 30 (15)
    expect(addWorkingDaysToDate('2026-12-07', 15, cal)).toBe('2026-12-30');
  });

  it('15 working days with council closures 29–31 December → Tuesday 5 January 2027', () => {
    const closures = withClosures('2026-12-29', '2026-12-30', '2026-12-31');
    expect(addWorkingDaysToDate('2026-12-07', 15, closures)).toBe('2027-01-05');
  });

  it('skips Easter', () => {
    expect(addWorkingDaysToDate('2026-04-02', 1, cal)).toBe('2026-04-07');
  });

  it('counts from a weekend date', () => {
    expect(addWorkingDaysToDate('2026-07-18', 1, cal)).toBe('2026-07-20');
  });

  it('returns the date itself for 0 days', () => {
    expect(addWorkingDaysToDate('2026-07-18', 0, cal)).toBe('2026-07-18');
  });

  it('is unaffected by clock changes', () => {
    expect(addWorkingDaysToDate('2026-03-27', 1, cal)).toBe('2026-03-30');
    expect(addWorkingDaysToDate('2026-10-23', 1, cal)).toBe('2026-10-26');
  });

  it('follows custom service weekdays', () => {
    expect(addWorkingDaysToDate('2026-07-16', 1, monToThu9to5)).toBe('2026-07-20');
  });

  it('rejects negative or fractional days and malformed dates', () => {
    expect(() => addWorkingDaysToDate('2026-12-07', -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDaysToDate('2026-12-07', 2.5, cal)).toThrow(/whole number/);
    expect(() => addWorkingDaysToDate('2026-02-30', 1, cal)).toThrow(/YYYY-MM-DD/);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after `from` up to and including `to`', () => {
    expect(workingDaysBetween('2026-12-07', '2026-12-30', cal)).toBe(15);
    expect(workingDaysBetween('2026-08-28', '2026-09-01', cal)).toBe(1);
    expect(workingDaysBetween('2026-08-28', '2026-08-31', cal)).toBe(0);
  });

  it('is negative when `to` is before `from`, and +0 for the same date', () => {
    expect(workingDaysBetween('2026-12-30', '2026-12-07', cal)).toBe(-15);
    expect(workingDaysBetween('2026-07-15', '2026-07-15', cal)).toBe(0);
    expect(workingDaysBetween('2026-08-31', '2026-08-28', cal)).toBe(0);
  });

  it('skips council closures', () => {
    // 29, 30, 31 December, 4 and 5 January (25, 28 December and 1 January are bank holidays)
    expect(workingDaysBetween('2026-12-24', '2027-01-05', cal)).toBe(5);
    expect(workingDaysBetween('2026-12-24', '2027-01-05', withClosures('2026-12-29', '2026-12-30'))).toBe(3);
  });

  it.each([
    ['2026-12-07', 15],
    ['2026-08-28', 3],
    ['2026-03-20', 10],
    ['2026-07-18', 1],
  ])('is the inverse of addWorkingDaysToDate from %s + %s', (date, days) => {
    expect(workingDaysBetween(date, addWorkingDaysToDate(date, days, cal), cal)).toBe(days);
  });
});

describe('service hours that touch the clock-change hour', () => {
  // Every day 00:00–23:59, so the 01:00–02:00 change hour is inside service hours.
  const allDay: WorkingCalendar = {
    serviceHours: { weekdays: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '23:59' },
    closures: [],
  };

  it('counts the real elapsed time of a 23-hour and a 25-hour day', () => {
    expect(
      workingMinutesBetween(at('2026-03-29T00:00:00+00:00'), at('2026-03-29T23:59:00+01:00'), allDay)
    ).toBe(23 * 60 - 1);
    expect(
      workingMinutesBetween(at('2026-10-25T00:00:00+01:00'), at('2026-10-25T23:59:00+00:00'), allDay)
    ).toBe(25 * 60 - 1);
  });

  it('adds elapsed hours through the missing spring hour', () => {
    // Saturday 23:00 GMT: 59 min Saturday, then Sunday from 00:00 GMT for 61 min → 01:01Z (02:01 BST)
    expect(iso(addWorkingHours(at('2026-03-28T23:00:00+00:00'), 2, allDay))).toBe('2026-03-29T01:01:00.000Z');
  });

  it('resolves a wall-clock time that does not exist or repeats as luxon does', () => {
    // 01:30 does not exist on 29 March (luxon moves it forward to 02:30 BST = 01:30Z) …
    expect(iso(addWorkingDays(at('2026-03-28T01:30:00+00:00'), 1, allDay))).toBe('2026-03-29T01:30:00.000Z');
    // … and happens twice on 25 October (luxon picks the GMT one = 01:30Z).
    expect(iso(addWorkingDays(at('2026-10-24T01:30:00+01:00'), 1, allDay))).toBe('2026-10-25T01:30:00.000Z');
  });
});

describe('calendar validation', () => {
  const hours = (opens: string, closes: string, weekdays = [1, 2, 3, 4, 5]): WorkingCalendar => ({
    serviceHours: { weekdays, opens, closes },
    closures: [],
  });
  const probe = (calendar: WorkingCalendar) => () => isOutOfHours(at('2026-07-15T10:00:00+01:00'), calendar);

  it.each(['8:00', '08:60', '24:00', '0800', '', '08:00:00'])('rejects the malformed time %j', (time) => {
    expect(probe(hours(time, '20:00'))).toThrow(/HH:mm/);
  });

  it('rejects opening at or after closing', () => {
    expect(probe(hours('20:00', '08:00'))).toThrow(/open before they close/);
    expect(probe(hours('08:00', '08:00'))).toThrow(/open before they close/);
  });

  it.each([[[]], [[0]], [[8]], [[1.5]]])('rejects the weekdays %j', (weekdays) => {
    expect(probe(hours('08:00', '20:00', weekdays))).toThrow(/weekdays/);
  });

  it('rejects a malformed closure date', () => {
    expect(probe(withClosures('29/12/2026'))).toThrow(/YYYY-MM-DD/);
  });

  it('validates in every calendar-taking function', () => {
    const bad = hours('20:00', '08:00');
    const start = at('2026-07-15T10:00:00+01:00');
    expect(() => isWorkingDay('2026-07-15', bad)).toThrow(RangeError);
    expect(() => nextServiceOpening(start, bad)).toThrow(RangeError);
    expect(() => addWorkingHours(start, 1, bad)).toThrow(RangeError);
    expect(() => addWorkingDays(start, 1, bad)).toThrow(RangeError);
    expect(() => workingMinutesBetween(start, start, bad)).toThrow(RangeError);
    expect(() => addWorkingDaysToDate('2026-07-15', 1, bad)).toThrow(RangeError);
    expect(() => workingDaysBetween('2026-07-15', '2026-07-16', bad)).toThrow(RangeError);
  });

  it('accepts weekend-only service hours', () => {
    const weekends = hours('10:00', '14:00', [6, 7]);
    // Friday 12:00 → Saturday 10:00 + 5 h: 4 h Saturday + 1 h Sunday → Sunday 11:00 BST
    expect(iso(addWorkingHours(at('2026-07-17T12:00:00+01:00'), 5, weekends))).toBe(
      '2026-07-19T10:00:00.000Z'
    );
  });

  it('rejects invalid Date instants', () => {
    expect(() => addWorkingHours(new Date(Number.NaN), 1, cal)).toThrow(RangeError);
  });
});
