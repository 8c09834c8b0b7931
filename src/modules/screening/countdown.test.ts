import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, serviceWindows } from '../../shared/working-time.ts';
import { describeTimescale, hoursAndMinutes } from '../../shared/duration-text.ts';
import { withNewTimescales } from '../../platform/council/council-settings.ts';
import type { CouncilSettings } from '../../platform/db/schema.ts';
import {
  countdownTo,
  decisionCountdown,
  earliestDue,
  earliestDueCountdown,
  ragCountdown,
  settledDue,
} from './countdown.ts';

const at = (iso: string) => new Date(iso);
/** Red runs day and night; amber and green, and the decision, in service time. */
const TIMESCALES = {
  ragTimescales: {
    red: { unit: 'hours', amount: 4 },
    amber: { unit: 'working_days', amount: 1 },
    green: { unit: 'working_days', amount: 3 },
  },
  decisionTimescale: { unit: 'working_days', amount: 1 },
} satisfies Pick<CouncilSettings, 'ragTimescales' | 'decisionTimescale'>;
const RECEIVED = at('2026-11-23T09:00:00Z');

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
    expect(countdown.minutesLeft).toBe(180);
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

describe('a real-time countdown (immediate risk)', () => {
  const settings = { ...TIMESCALES, ...DEFAULT_CALENDAR };

  it('counts every minute on a Sunday morning: 4h left at 06:30 for a 10:30 due time', () => {
    const countdown = countdownTo(
      at('2026-12-06T10:30:00Z'),
      at('2026-12-06T06:30:00Z'),
      DEFAULT_CALENDAR,
      'real'
    );
    expect(countdown).toMatchObject({
      clock: 'real',
      minutesLeft: 240,
      state: 'on_time',
      text: '4h 00m left (real time, day and night)',
    });
    // One window, the whole span: the live countdown never pauses.
    expect(countdown.windows).toEqual([
      [at('2026-12-06T06:30:00Z').getTime(), at('2026-12-06T10:30:00Z').getTime()],
    ]);
  });

  it('says a red contact breached on Friday evening is 46 real hours overdue on Sunday', () => {
    // Due Friday 4 December 2026 at 18:00; it is Sunday 6 December at 16:00.
    const due = at('2026-12-04T18:00:00Z');
    const now = at('2026-12-06T16:00:00Z');
    expect(countdownTo(due, now, DEFAULT_CALENDAR, 'real')).toMatchObject({
      state: 'overdue',
      minutesLeft: -46 * 60,
      text: 'Overdue by 46h 00m',
      windows: [],
    });
    // The working-time count it replaces hid the weekend.
    expect(countdownTo(due, now, DEFAULT_CALENDAR).text).toBe('Overdue by 2h 00m working time');
  });

  it('is due soon in the last real hour, even at night', () => {
    expect(
      countdownTo(at('2026-12-06T03:00:00Z'), at('2026-12-06T02:15:00Z'), DEFAULT_CALENDAR, 'real')
    ).toMatchObject({
      state: 'due_soon',
      text: '45m left (real time, day and night)',
    });
  });

  it('runs a red RAG countdown on real time and an amber one on working time', () => {
    const now = at('2026-12-06T06:30:00Z');
    const received_at = at('2026-12-06T06:30:00Z');
    const red = { received_at, rag: 'red', rag_due_at: at('2026-12-06T10:30:00Z') } as const;
    const amber = { received_at, rag: 'amber', rag_due_at: at('2026-12-08T10:30:00Z') } as const;
    expect(ragCountdown(red, now, settings)?.clock).toBe('real');
    expect(ragCountdown(amber, now, settings)?.clock).toBe('working');
    expect(ragCountdown({ received_at, rag: null, rag_due_at: null }, now, settings)).toBeNull();
  });
});

describe('the earliest deadline a queue measures a contact against', () => {
  const timescales = TIMESCALES;
  const decisionDue = at('2026-11-24T10:00:00Z');

  it('is the decision time when a green RAG time comes later', () => {
    const row = {
      received_at: RECEIVED,
      rag: 'green',
      rag_due_at: at('2026-11-26T10:00:00Z'),
      decision_due_at: decisionDue,
      decision_extended_to: null,
    } as const;
    expect(earliestDue(row, timescales)).toEqual({
      dueAt: decisionDue,
      clock: 'working',
      deadline: 'decision',
    });
  });

  it('is the red RAG time, on real time, when it comes first', () => {
    const red = at('2026-11-23T14:00:00Z');
    const row = {
      received_at: RECEIVED,
      rag: 'red',
      rag_due_at: red,
      decision_due_at: decisionDue,
      decision_extended_to: null,
    } as const;
    expect(earliestDue(row, timescales)).toEqual({ dueAt: red, clock: 'real', deadline: 'rag' });
  });

  it('measures an extended decision against its extension, and an unrated contact against its decision', () => {
    const extended = at('2026-11-25T10:00:00Z');
    const amber = at('2026-11-24T16:00:00Z');
    expect(
      earliestDue(
        {
          received_at: RECEIVED,
          rag: 'amber',
          rag_due_at: amber,
          decision_due_at: decisionDue,
          decision_extended_to: extended,
        },
        timescales
      )
    ).toEqual({ dueAt: amber, clock: 'working', deadline: 'rag' });
    expect(
      earliestDue(
        {
          received_at: RECEIVED,
          rag: null,
          rag_due_at: null,
          decision_due_at: decisionDue,
          decision_extended_to: extended,
        },
        timescales
      )
    ).toEqual({ dueAt: extended, clock: 'working', deadline: 'decision' });
  });

  it('counts down to that deadline', () => {
    const row = {
      received_at: RECEIVED,
      rag: 'green',
      rag_due_at: at('2026-11-26T10:00:00Z'),
      decision_due_at: decisionDue,
      decision_extended_to: null,
    } as const;
    const countdown = earliestDueCountdown(row, at('2026-11-24T09:00:00Z'), {
      ...timescales,
      ...DEFAULT_CALENDAR,
    });
    expect(countdown).toMatchObject({
      deadline: 'decision',
      dueAt: decisionDue,
      text: '1h 00m working time left',
    });
  });
});

describe('countdowns under the timescales in force when the contact was received (issue 18)', () => {
  // Red moves to working hours and the decision to real hours after the first contact was received.
  const changedAt = at('2026-11-23T12:00:00Z');
  const settings = {
    ...withNewTimescales(
      TIMESCALES as CouncilSettings,
      {
        ragTimescales: { ...TIMESCALES.ragTimescales, red: { unit: 'working_hours', amount: 4 } },
        decisionTimescale: { unit: 'hours', amount: 24 },
      },
      changedAt
    ),
    ...DEFAULT_CALENDAR,
  };
  const earlier = {
    received_at: RECEIVED,
    rag: 'red',
    rag_due_at: at('2026-11-23T13:00:00Z'),
    decision_due_at: at('2026-11-24T09:00:00Z'),
    decision_extended_to: null,
  } as const;
  const later = { ...earlier, received_at: changedAt };
  const now = at('2026-11-23T10:00:00Z');

  it('keeps the clock a contact was received under', () => {
    expect(ragCountdown(earlier, now, settings)?.clock).toBe('real');
    expect(earliestDue(earlier, settings).clock).toBe('real');
    expect(decisionCountdown(earlier, now, settings).clock).toBe('working');
  });

  it('runs a contact received after the change on the new clocks', () => {
    expect(ragCountdown(later, now, settings)?.clock).toBe('working');
    expect(decisionCountdown(later, now, settings).clock).toBe('real');
  });
});

describe('timescales in words', () => {
  it('says which run day and night', () => {
    expect(describeTimescale({ unit: 'hours', amount: 4 })).toBe('4 hours (day and night)');
    expect(describeTimescale({ unit: 'working_hours', amount: 1 })).toBe('1 working hour');
    expect(describeTimescale({ unit: 'working_days', amount: 3 })).toBe('3 working days');
  });
});

describe('a deadline once the decision is made', () => {
  it('says how long the decision took in service time, and that it was within time', () => {
    // Received Friday 20 November 2026 19:00 GMT, decided Monday 23 November 09:12: 1h + 1h12m of service time.
    const settled = settledDue(
      at('2026-11-23T19:00:00Z'),
      at('2026-11-20T19:00:00Z'),
      at('2026-11-23T09:12:00Z'),
      DEFAULT_CALENDAR
    );
    expect(settled).toMatchObject({ withinTime: true, text: 'Decided in 2h 12m working time, within time' });
  });

  it('says by how much a real-time deadline was missed, day and night', () => {
    // Red, due four hours after Saturday 21 November 01:00; decided at 05:40.
    const settled = settledDue(
      at('2026-11-21T05:00:00Z'),
      at('2026-11-21T01:00:00Z'),
      at('2026-11-21T05:40:00Z'),
      DEFAULT_CALENDAR,
      'real'
    );
    expect(settled).toMatchObject({ withinTime: false, text: 'Missed by 40m' });
  });

  it('counts a decision made at the due minute as within time', () => {
    const due = at('2026-11-23T10:00:00Z');
    expect(settledDue(due, at('2026-11-23T09:00:00Z'), due, DEFAULT_CALENDAR).withinTime).toBe(true);
  });
});
