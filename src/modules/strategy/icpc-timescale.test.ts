import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../shared/working-time.ts';
import { describeIcpcProgress, icpcDueOn, icpcProgress } from './icpc-timescale.ts';

// Instants are UTC; London is GMT in November–March and BST (UTC+1) from 29 March to 25 October 2026.
const at = (iso: string) => new Date(iso);
const cal = DEFAULT_CALENDAR;

describe('the ICPC due date: 15 working days after the strategy discussion', () => {
  it('counts three working weeks from a weekday discussion', () => {
    // Monday 9 November 2026 → Monday 30 November (10–13, 16–20, 23–27, 30 November).
    expect(icpcDueOn(at('2026-11-09T10:00:00Z'), cal)).toBe('2026-11-30');
  });

  it('skips a bank holiday', () => {
    // Tuesday 18 August 2026; the summer bank holiday (Monday 31 August) pushes it from 8 to 9 September.
    expect(icpcDueOn(at('2026-08-18T10:00:00Z'), cal)).toBe('2026-09-09');
  });

  it('skips Christmas, the Boxing Day substitute and New Year’s Day', () => {
    // Friday 18 December 2026: 25 and 28 December and 1 January are not working days.
    expect(icpcDueOn(at('2026-12-18T10:00:00Z'), cal)).toBe('2027-01-13');
  });

  it('counts a weekend discussion from the next working day, like one held on the Friday before', () => {
    expect(icpcDueOn(at('2026-11-07T14:00:00Z'), cal)).toBe('2026-11-27'); // Saturday
    expect(icpcDueOn(at('2026-11-08T09:00:00Z'), cal)).toBe('2026-11-27'); // Sunday
    expect(icpcDueOn(at('2026-11-06T10:00:00Z'), cal)).toBe('2026-11-27'); // Friday
  });

  it('counts a discussion held on a bank holiday from the next working day', () => {
    // Monday 31 August 2026 (summer bank holiday) → Monday 21 September.
    expect(icpcDueOn(at('2026-08-31T12:00:00Z'), cal)).toBe('2026-09-21');
  });

  it('takes a night-time discussion’s date in England, not the next day’s and not UTC’s', () => {
    // Monday 9 November 23:30 GMT is still Monday.
    expect(icpcDueOn(at('2026-11-09T23:30:00Z'), cal)).toBe('2026-11-30');
    // 00:30 BST on Monday 12 October is 23:30 UTC on Sunday 11 October: the London date (Monday) counts.
    expect(icpcDueOn(at('2026-10-11T23:30:00Z'), cal)).toBe('2026-11-02');
  });

  it('skips the council’s own closure days', () => {
    const withClosure: WorkingCalendar = { ...cal, closures: ['2026-11-16'] };
    expect(icpcDueOn(at('2026-11-09T10:00:00Z'), withClosure)).toBe('2026-12-01');
  });
});

describe('progress towards the ICPC', () => {
  const dueOn = '2026-11-30'; // a Monday

  it('counts the working days left, skipping the weekend', () => {
    const friday = icpcProgress(dueOn, null, at('2026-11-27T10:00:00Z'), cal);
    expect(friday).toEqual({ state: 'due', workingDaysLeft: 1 });
    expect(describeIcpcProgress(friday)).toBe('1 working day left');
    const earlier = icpcProgress(dueOn, null, at('2026-11-20T10:00:00Z'), cal);
    expect(describeIcpcProgress(earlier)).toBe('6 working days left');
  });

  it('is due today on the due date, whatever the hour', () => {
    const late = icpcProgress(dueOn, null, at('2026-11-30T22:00:00Z'), cal);
    expect(late).toEqual({ state: 'due', workingDaysLeft: 0 });
    expect(describeIcpcProgress(late)).toBe('Due today');
  });

  it('is overdue by working days once the date has passed without a conference', () => {
    const progress = icpcProgress(dueOn, null, at('2026-12-03T09:00:00Z'), cal);
    expect(progress).toEqual({ state: 'overdue', workingDaysOverdue: 3 });
    expect(describeIcpcProgress(progress)).toBe('Overdue by 3 working days');
  });

  it('says whether a conference that was held was within 15 working days', () => {
    const onTheDay = icpcProgress(dueOn, '2026-11-30', at('2026-12-10T09:00:00Z'), cal);
    expect(onTheDay).toEqual({ state: 'held', withinTimescale: true, workingDaysLate: 0 });
    expect(describeIcpcProgress(onTheDay)).toBe('Held within 15 working days');
    const late = icpcProgress(dueOn, '2026-12-02', at('2026-12-10T09:00:00Z'), cal);
    expect(late).toEqual({ state: 'held', withinTimescale: false, workingDaysLate: 2 });
    expect(describeIcpcProgress(late)).toBe('Held 2 working days late (outside 15 working days)');
  });
});
