import { serviceWindows, workingMinutesBetween, type WorkingCalendar } from '../../shared/working-time.ts';
import { overdueText, timeLeftText } from '../../shared/duration-text.ts';

export type DueState = 'on_time' | 'due_soon' | 'overdue';

export interface Countdown {
  dueAt: Date;
  /** Working (service-hours) minutes left; negative once overdue. */
  workingMinutesLeft: number;
  state: DueState;
  text: string;
  /** Service time still to run, as [start, end] epoch milliseconds, for the live countdown in the page. */
  windows: [number, number][];
}

/** Work due within this much working time is flagged "due soon". */
export const DUE_SOON_MINUTES = 60;

/** How much working time is left before a due time, as shown in queues and on the screening page. */
export function countdownTo(dueAt: Date, now: Date, cal: WorkingCalendar): Countdown {
  const workingMinutesLeft = Math.floor(workingMinutesBetween(now, dueAt, cal));
  const overdue = dueAt.getTime() <= now.getTime();
  const state: DueState = overdue
    ? 'overdue'
    : workingMinutesLeft <= DUE_SOON_MINUTES
      ? 'due_soon'
      : 'on_time';
  return {
    dueAt,
    workingMinutesLeft,
    state,
    text: overdue ? overdueText(-workingMinutesLeft) : timeLeftText(workingMinutesLeft),
    windows: overdue
      ? []
      : serviceWindows(now, dueAt, cal).map((window) => [window.start.getTime(), window.end.getTime()]),
  };
}
