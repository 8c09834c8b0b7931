import { DateTime } from 'luxon';

/** Councils in England work, and families read letters, in UK time (GMT or BST as the date falls). */
export const UK_TIME_ZONE = 'Europe/London';

/** How dates and times are written in letters, notifications and pages. */
export const UK_FORMATS = {
  date: 'd MMMM yyyy',
  timeOnDate: "HH:mm 'on' d MMMM yyyy",
  dateAtTime: "d MMMM yyyy 'at' h:mma",
  short: 'd MMM yyyy HH:mm',
} as const;

/** An instant as UK wall-clock time. */
export function ukTimeOf(at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: UK_TIME_ZONE });
}

/**
 * Writes an instant (a Date or ISO timestamp) or a calendar date (`YYYY-MM-DD`, read as that UK day)
 * in UK time; empty for no value. am/pm in lower case, as GOV.UK style asks.
 */
export function formatUk(value: Date | string | null | undefined, format: string): string {
  if (value === null || value === undefined || value === '') return '';
  const moment =
    value instanceof Date
      ? DateTime.fromJSDate(value)
      : DateTime.fromISO(value, { zone: value.length === 10 ? UK_TIME_ZONE : 'utc' });
  return moment.setZone(UK_TIME_ZONE).toFormat(format).replace('AM', 'am').replace('PM', 'pm');
}

/** The instant a UK calendar date (`YYYY-MM-DD`) and clock time (`H:mm` or `HH:mm`) name. */
export function ukInstant(date: string, time: string): Date {
  return DateTime.fromISO(`${date}T${time.padStart(5, '0')}`, { zone: UK_TIME_ZONE }).toJSDate();
}

/** The day, month, year and time boxes of a GOV.UK date-and-time input, filled in with `at` in UK time. */
export function ukDateTimeParts(at: Date): { day: string; month: string; year: string; time: string } {
  const uk = ukTimeOf(at);
  return { day: String(uk.day), month: String(uk.month), year: String(uk.year), time: uk.toFormat('HH:mm') };
}
