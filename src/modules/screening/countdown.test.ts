import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, serviceWindows } from '../../shared/working-time.ts';
import { hoursAndMinutes } from '../../shared/duration-text.ts';
import { countdownTo } from './countdown.ts';

const at = (iso: string) => new Date(iso);

describe('service windows', () => {
  it('clips each day of service time to the span asked about', () => {
    // Friday 28 August 2026 19:50 BST → Tuesday 1 September 10:50 BST, over the bank-holiday Monday.
    const windows = serviceWindows(at('2026-08-28T18:50:00Z'), at('2026-09-01T09:50:00Z'), DEFAULT_CALENDAR);
    expect(windows).toEqual([
      { start: at('2026-08-28T18:50:00Z'), end: at('2026-08-28T19:00:00Z') },
      { start: at('2026-09-01T07:00:00Z'), end: at('2026-09-01T09:50:00Z') },
    ]);
  });

  it('is empty when the end is not after the start', () => {
    expect(serviceWindows(at('2026-11-20T12:00:00Z'), at('2026-11-20T11:00:00Z'), DEFAULT_CALENDAR)).toEqual(
      []
    );
  });
});

describe('countdown to a due time', () => {
  it('counts only service time, and pauses over a weekend', () => {
    const countdown = countdownTo(at('2026-11-23T10:00:00Z'), at('2026-11-20T19:00:00Z'), DEFAULT_CALENDAR);
    // Friday 19:00–20:00 and Monday 08:00–10:00.
    expect(countdown.workingMinutesLeft).toBe(180);
    expect(countdown.state).toBe('on_time');
    expect(countdown.text).toBe('3h 00m working time left');
    expect(countdown.windows).toHaveLength(2);
  });

  it('says due soon within the last working hour, and overdue after', () => {
    const due = at('2026-11-20T12:00:00Z');
    expect(countdownTo(due, at('2026-11-20T11:15:00Z'), DEFAULT_CALENDAR)).toMatchObject({
      state: 'due_soon',
      text: '45m working time left',
    });
    expect(countdownTo(due, at('2026-11-20T13:30:00Z'), DEFAULT_CALENDAR)).toMatchObject({
      state: 'overdue',
      text: 'Overdue by 1h 30m working time',
      windows: [],
    });
  });

  it('writes hours and minutes plainly', () => {
    expect(hoursAndMinutes(0)).toBe('0m');
    expect(hoursAndMinutes(605)).toBe('10h 05m');
  });
});
