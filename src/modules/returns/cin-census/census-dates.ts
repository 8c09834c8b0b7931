/**
 * Reading the census's text values the way the DfE rules do: a date that is not a real 'YYYY-MM-DD'
 * date counts as missing, and yes/no accepts 0/1/true/false in any case. 'YYYY-MM-DD' strings sort
 * like the dates they name, so rules compare them with < and >.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** The text as a date, or undefined when absent or not a real calendar date. */
export function censusDate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!ISO_DATE.test(trimmed)) return undefined;
  const ms = Date.parse(`${trimmed}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === trimmed ? trimmed : undefined;
}

/** A yes/no field as a boolean, or undefined when absent or not one of 0/1/true/false. */
export function yesNo(text: string | undefined): boolean | undefined {
  switch (text?.trim().toLowerCase()) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default:
      return undefined;
  }
}

/** A valid date moved by whole days (negative moves back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A valid date moved by whole calendar months; the day is clamped to the month's end (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Whether a valid date falls on a Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Whether a date lies within [from, to], either end open when undefined. */
export function isWithin(date: string, from: string | undefined, to: string | undefined): boolean {
  return (from === undefined || date >= from) && (to === undefined || date <= to);
}
