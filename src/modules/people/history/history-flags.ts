import { formatDay, isWithinMonths } from './calendar-months.ts';

/** Flags a screener weighs at once: is this child coming back to the front door? Pure. */

export interface ReferralDate {
  id: number;
  /** 'YYYY-MM-DD'. */
  referralDate: string;
  /** As recorded: it may rest on referrals older than the records we hold. */
  isRereferral: boolean;
}

export interface HistoryFlag {
  text: string;
  hint: string;
  colour: 'red' | 'orange';
}

/**
 * Repeat contact: another contact about the child in the 12 months up to `asOf`, that is, at least
 * two in that window. On a new contact, pass its date as `asOf` with it among `contactDays`.
 */
export function repeatContact(contactDays: string[], asOf: string): boolean {
  return contactsInYear(contactDays, asOf) >= 2;
}

/**
 * The ids of referrals that were re-referrals: within 12 months of the child's previous referral
 * (the CIN census meaning), or recorded as one.
 */
export function rereferralIds(referrals: ReferralDate[]): Set<number> {
  const inOrder = [...referrals].sort((a, b) => a.referralDate.localeCompare(b.referralDate) || a.id - b.id);
  const ids = inOrder
    .filter((referral, index) => {
      const previous = inOrder[index - 1];
      return (
        referral.isRereferral ||
        (previous && isWithinMonths(previous.referralDate, referral.referralDate, 12))
      );
    })
    .map((referral) => referral.id);
  return new Set(ids);
}

/** The flags to show for a child, most pressing first. */
export function historyFlags(contactDays: string[], referrals: ReferralDate[], today: string): HistoryFlag[] {
  return [...referralFlags(referrals, today), ...repeatContactFlags(contactDays, today)];
}

/** The latest referral in the 12 months up to `asOf` that was a re-referral, if any. */
export function rereferralWithin12Months(referrals: ReferralDate[], asOf: string): ReferralDate | undefined {
  const ids = rereferralIds(referrals);
  return referrals
    .filter((referral) => ids.has(referral.id) && isWithinMonths(referral.referralDate, asOf, 12))
    .sort((a, b) => b.referralDate.localeCompare(a.referralDate))[0];
}

function referralFlags(referrals: ReferralDate[], today: string): HistoryFlag[] {
  const rereferral = rereferralWithin12Months(referrals, today);
  if (rereferral) {
    const hint = `Referred on ${formatDay(rereferral.referralDate)}, within 12 months of an earlier referral.`;
    return [{ text: 'Re-referral within 12 months', hint, colour: 'red' }];
  }
  const latest = referrals
    .map((referral) => referral.referralDate)
    .sort()
    .at(-1);
  if (!latest || !isWithinMonths(latest, today, 12)) return [];
  // Whoever decides today needs to know that a referral now would count as a re-referral.
  const hint = `Referred on ${formatDay(latest)}. Another referral now would be a re-referral.`;
  return [{ text: 'Referred in the last 12 months', hint, colour: 'orange' }];
}

function repeatContactFlags(contactDays: string[], today: string): HistoryFlag[] {
  if (!repeatContact(contactDays, today)) return [];
  const hint = `${contactsInYear(contactDays, today)} contacts in the last 12 months.`;
  return [{ text: 'Repeat contact', hint, colour: 'orange' }];
}

function contactsInYear(contactDays: string[], asOf: string): number {
  return contactDays.filter((day) => isWithinMonths(day, asOf, 12)).length;
}
