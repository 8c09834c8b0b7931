/** Calendar-month arithmetic on 'YYYY-MM-DD' London dates, for "in the last 12 months" rules. */
import { MONTH_NAMES } from '../../../shared/uk-time.ts';

/** The same date `months` calendar months earlier; a day the month lacks becomes its last (29 Feb → 28 Feb). */
export function monthsBefore(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const monthIndex = year * 12 + (month - 1) - months;
  const [targetYear, targetMonth] = [Math.floor(monthIndex / 12), (monthIndex % 12) + 1];
  const lastDate = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(date, lastDate))}`;
}

/**
 * Whether `day` is in the `months` months up to and including `asOf`. The same date that many
 * months earlier counts ("exactly 12 months ago" is within 12 months), the day before does not.
 */
export function isWithinMonths(day: string, asOf: string, months: number): boolean {
  return day <= asOf && day >= monthsBefore(asOf, months);
}

/** '2026-10-03' → '3 October 2026'. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date} ${MONTH_NAMES[month - 1]} ${year}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
