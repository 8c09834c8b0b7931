import { addWorkingDays, type WorkingCalendar } from '../../shared/working-time.ts';

/**
 * Pure rule: the referrer is told what was decided within one working day of a manager authorising
 * the decision. An anonymous referrer (CIN census source 9), or one who left no name or way to reach
 * them, cannot be written to, so no letter is due.
 */

export const REFERRER_LETTER_WORKING_DAYS = 1;
const ANONYMOUS_SOURCE = '9';

export interface ReferrerOfContact {
  referralSource: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  organisation: string | null;
}

export function referrerCanBeWritten(referrer: ReferrerOfContact): boolean {
  if (referrer.referralSource === ANONYMOUS_SOURCE) return false;
  return [referrer.name, referrer.email, referrer.phone, referrer.organisation].some(Boolean);
}

export function referrerLetterDueAt(authorisedAt: Date, calendar: WorkingCalendar): Date {
  return addWorkingDays(authorisedAt, REFERRER_LETTER_WORKING_DAYS, calendar);
}

export type ReferrerLetterStatus =
  | { state: 'not_needed' }
  | { state: 'sent'; dueAt: Date; sentAt: Date; late: boolean }
  | { state: 'due' | 'overdue'; dueAt: Date };

export function referrerLetterStatus(
  letter: { authorisedAt: Date; firstSentAt: Date | null; needed: boolean },
  now: Date,
  calendar: WorkingCalendar
): ReferrerLetterStatus {
  if (!letter.needed && letter.firstSentAt === null) return { state: 'not_needed' };
  const dueAt = referrerLetterDueAt(letter.authorisedAt, calendar);
  if (letter.firstSentAt !== null)
    return { state: 'sent', dueAt, sentAt: letter.firstSentAt, late: letter.firstSentAt > dueAt };
  return { state: now > dueAt ? 'overdue' : 'due', dueAt };
}
