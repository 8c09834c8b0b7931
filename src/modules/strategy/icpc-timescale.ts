import {
  addWorkingDaysToDate,
  londonDateOf,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../shared/working-time.ts';

/**
 * Working Together 2023: the initial child protection conference is held within 15 working days of
 * the strategy discussion at which the section 47 enquiry was initiated.
 */
export const ICPC_WORKING_DAYS = 15;

/**
 * The last day the ICPC may be held: the 15th working day after the discussion's date in England.
 * The day of the discussion is day 0 whatever the hour, so a discussion at 23:30, at a weekend or on
 * a bank holiday counts from its own date and the next working day is day 1.
 */
export function icpcDueOn(convenedAt: Date, cal: WorkingCalendar): string {
  return addWorkingDaysToDate(londonDateOf(convenedAt), ICPC_WORKING_DAYS, cal);
}

export type IcpcProgress =
  | { state: 'held'; withinTimescale: boolean; workingDaysLate: number }
  | { state: 'due'; workingDaysLeft: number }
  | { state: 'overdue'; workingDaysOverdue: number };

/**
 * Where the ICPC stands against its due date: held (in time or how many working days late), due
 * (working days left after today, 0 = due today) or overdue (working days since the due date).
 */
export function icpcProgress(
  dueOn: string,
  heldOn: string | null,
  now: Date,
  cal: WorkingCalendar
): IcpcProgress {
  if (heldOn !== null) {
    const late = Math.max(0, workingDaysBetween(dueOn, heldOn, cal));
    return { state: 'held', withinTimescale: heldOn <= dueOn, workingDaysLate: late };
  }
  const left = workingDaysBetween(londonDateOf(now), dueOn, cal);
  return left >= 0
    ? { state: 'due', workingDaysLeft: left }
    : { state: 'overdue', workingDaysOverdue: -left };
}

/** The sweep warns the enquiry's owner this many working days before the conference is due. */
export const ICPC_WARNING_WORKING_DAYS = 3;

/**
 * Whether a section 47 enquiry's conference date needs chasing now: 'due_soon' from
 * ICPC_WARNING_WORKING_DAYS working days before the due date up to and including it, 'overdue' from
 * the day after, and null once the conference is held, when the enquiry found none was needed (a
 * child in need plan or no further action), or when there is no conference date.
 */
export function icpcChaseState(
  icpc: { dueOn: string | null; heldOn: string | null; s47Outcome: string | null },
  now: Date,
  cal: WorkingCalendar
): 'due_soon' | 'overdue' | null {
  if (icpc.dueOn === null || icpc.heldOn !== null) return null;
  if (icpc.s47Outcome === 'cin_plan' || icpc.s47Outcome === 'no_further_action') return null;
  const today = londonDateOf(now);
  if (today > icpc.dueOn) return 'overdue';
  return workingDaysBetween(today, icpc.dueOn, cal) <= ICPC_WARNING_WORKING_DAYS ? 'due_soon' : null;
}

/** The words shown beside the due date, e.g. "3 working days left" or "Overdue by 2 working days". */
export function describeIcpcProgress(progress: IcpcProgress): string {
  switch (progress.state) {
    case 'held':
      return progress.withinTimescale
        ? 'Held within 15 working days'
        : `Held ${workingDays(progress.workingDaysLate)} late (outside 15 working days)`;
    case 'due':
      return progress.workingDaysLeft === 0 ? 'Due today' : `${workingDays(progress.workingDaysLeft)} left`;
    case 'overdue':
      return `Overdue by ${workingDays(progress.workingDaysOverdue)}`;
  }
}

function workingDays(count: number): string {
  return `${count} working day${count === 1 ? '' : 's'}`;
}
