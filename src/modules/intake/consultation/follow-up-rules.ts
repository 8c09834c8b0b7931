import { addWorkingDays, type WorkingCalendar } from '../../../shared/working-time.ts';

/**
 * A referral advised in a consultation is expected within this many working days; after that the
 * consultant is told none has arrived, so they can ring the professional back.
 */
export const FOLLOW_UP_WORKING_DAYS = 2;

/** When a contact for the child should have arrived by, or null when no referral was advised. */
export function followUpDueAt(
  consultedAt: Date,
  referralExpected: boolean,
  calendar: WorkingCalendar
): Date | null {
  return referralExpected ? addWorkingDays(consultedAt, FOLLOW_UP_WORKING_DAYS, calendar) : null;
}

export type FollowUpState = 'not_expected' | 'arrived' | 'waiting' | 'overdue';

/** Where a consultation's follow-up stands: a contact that has arrived for the child closes it. */
export function followUpState(
  followUp: { dueAt: Date | null; contactArrived: boolean },
  now: Date
): FollowUpState {
  if (followUp.dueAt === null) return 'not_expected';
  if (followUp.contactArrived) return 'arrived';
  return followUp.dueAt <= now ? 'overdue' : 'waiting';
}
