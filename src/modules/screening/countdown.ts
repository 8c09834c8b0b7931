import type { Rag } from '../../platform/db/schema.ts';
import {
  isRealTime,
  serviceWindows,
  workingMinutesBetween,
  type Timescale,
  type WorkingCalendar,
} from '../../shared/working-time.ts';
import { timescalesInForceAt, type VersionedTimescales } from '../../platform/council/council-settings.ts';
import {
  hoursAndMinutes,
  overdueText,
  timeLeftText,
  type CountdownClock,
} from '../../shared/duration-text.ts';

export type DueState = 'on_time' | 'due_soon' | 'overdue';
export type { CountdownClock };

export interface Countdown {
  dueAt: Date;
  /** Which clock the countdown runs on: service (working) time, or real time day and night. */
  clock: CountdownClock;
  /** Minutes left on that clock (working minutes, or real minutes); negative once overdue. */
  minutesLeft: number;
  state: DueState;
  text: string;
  /**
   * Time still to run, as [start, end] epoch milliseconds, for the live countdown in the page: the
   * stretches of service time for a working-time countdown, the whole span for a real-time one.
   */
  windows: [number, number][];
}

/** Work due within this much time (on its own clock) is flagged "due soon". */
export const DUE_SOON_MINUTES = 60;

/**
 * How much time is left before a due time, as shown in queues and on the screening page. A working
 * countdown counts service time only; a real-time one (immediate risk) counts every minute, so a red
 * contact breached on Friday evening reads "Overdue by 46h" on Sunday, not "11h working time".
 */
export function countdownTo(
  dueAt: Date,
  now: Date,
  cal: WorkingCalendar,
  clock: CountdownClock = 'working'
): Countdown {
  const minutesLeft = Math.floor(
    clock === 'real' ? (dueAt.getTime() - now.getTime()) / 60_000 : workingMinutesBetween(now, dueAt, cal)
  );
  const overdue = dueAt.getTime() <= now.getTime();
  const state: DueState = overdue ? 'overdue' : minutesLeft <= DUE_SOON_MINUTES ? 'due_soon' : 'on_time';
  const windows: [number, number][] = overdue
    ? []
    : clock === 'real'
      ? [[now.getTime(), dueAt.getTime()]]
      : serviceWindows(now, dueAt, cal).map((window) => [window.start.getTime(), window.end.getTime()]);
  return {
    dueAt,
    clock,
    minutesLeft,
    state,
    text: overdue ? overdueText(-minutesLeft, clock) : timeLeftText(minutesLeft, clock),
    windows,
  };
}

/**
 * A deadline that has been met or missed: once the decision is made its clock stops, and the page says
 * how long the decision took and whether it was in time, never a countdown still running.
 */
export interface SettledDue {
  dueAt: Date;
  clock: CountdownClock;
  decidedAt: Date;
  withinTime: boolean;
  /** "Decided in 3h 12m working time, within time" or "Decided 40m working time after it was due". */
  text: string;
}

export function settledDue(
  dueAt: Date,
  receivedAt: Date,
  decidedAt: Date,
  cal: WorkingCalendar,
  clock: CountdownClock = 'working'
): SettledDue {
  const minutesOn = (from: Date, to: Date) =>
    clock === 'real' ? (to.getTime() - from.getTime()) / 60_000 : workingMinutesBetween(from, to, cal);
  const withinTime = decidedAt.getTime() <= dueAt.getTime();
  const onClock = clock === 'real' ? '' : ' working time';
  const text = withinTime
    ? `Decided in ${hoursAndMinutes(minutesOn(receivedAt, decidedAt))}${onClock}, within time`
    : `Missed by ${hoursAndMinutes(minutesOn(dueAt, decidedAt))}${onClock}`;
  return { dueAt, clock, decidedAt, withinTime, text };
}

/** The clock a timescale's due time runs on: real time, day and night, or service (working) time. */
export function clockOf(timescale: Pick<Timescale, 'unit'>): CountdownClock {
  return isRealTime(timescale) ? 'real' : 'working';
}

/**
 * The clock a RAG rating's due time runs on, under the timescale in force when the contact was
 * received: a later change of unit never moves a countdown already running (issue 18).
 */
export function ragClock(rag: Rag, receivedAt: Date, timescales: VersionedTimescales): CountdownClock {
  return clockOf(timescalesInForceAt(timescales, receivedAt).ragTimescales[rag]);
}

/** The clock the decision's due time runs on, under the timescale in force when the contact was received. */
export function decisionClock(receivedAt: Date, timescales: VersionedTimescales): CountdownClock {
  return clockOf(timescalesInForceAt(timescales, receivedAt).decisionTimescale);
}

/** What a countdown needs of the council's settings: its calendar and its timescales, old and new. */
export type CountdownSettings = WorkingCalendar & VersionedTimescales;

export interface DueTimes {
  received_at: Date;
  rag: Rag | null;
  rag_due_at: Date | null;
  decision_due_at: Date;
  decision_extended_to: Date | null;
}

export interface EarliestDue {
  dueAt: Date;
  clock: CountdownClock;
  /** Which deadline it is: the RAG timescale or the (possibly extended) one-working-day decision. */
  deadline: 'rag' | 'decision';
}

/**
 * What a queue measures a child's contact against: the earlier of its RAG due time and its decision
 * due time (the extension included), each on its own clock under the timescales in force when the
 * contact was received. A green contact is still due a decision within one working day; a red one
 * within its (real-time) RAG hours.
 */
export function earliestDue(row: DueTimes, timescales: VersionedTimescales): EarliestDue {
  const decision = row.decision_extended_to ?? row.decision_due_at;
  if (row.rag !== null && row.rag_due_at !== null && row.rag_due_at.getTime() <= decision.getTime()) {
    return { dueAt: row.rag_due_at, clock: ragClock(row.rag, row.received_at, timescales), deadline: 'rag' };
  }
  return { dueAt: decision, clock: decisionClock(row.received_at, timescales), deadline: 'decision' };
}

/** The countdown to a child's earliest deadline, on the right clock. */
export function earliestDueCountdown(
  row: DueTimes,
  now: Date,
  settings: CountdownSettings
): Countdown & { deadline: EarliestDue['deadline'] } {
  const due = earliestDue(row, settings);
  return { ...countdownTo(due.dueAt, now, calendarOfSettings(settings), due.clock), deadline: due.deadline };
}

/** The countdown to a child's RAG due time on its rating's clock (for the screening page), or null unrated. */
export function ragCountdown(
  row: Pick<DueTimes, 'received_at' | 'rag' | 'rag_due_at'>,
  now: Date,
  settings: CountdownSettings
): Countdown | null {
  if (row.rag === null || row.rag_due_at === null) return null;
  return countdownTo(
    row.rag_due_at,
    now,
    calendarOfSettings(settings),
    ragClock(row.rag, row.received_at, settings)
  );
}

/** The countdown to a child's (possibly extended) decision due time, on the decision's clock. */
export function decisionCountdown(
  row: Pick<DueTimes, 'received_at' | 'decision_due_at' | 'decision_extended_to'>,
  now: Date,
  settings: CountdownSettings
): Countdown {
  return countdownTo(
    row.decision_extended_to ?? row.decision_due_at,
    now,
    calendarOfSettings(settings),
    decisionClock(row.received_at, settings)
  );
}

function calendarOfSettings(settings: WorkingCalendar): WorkingCalendar {
  return { serviceHours: settings.serviceHours, closures: settings.closures };
}
