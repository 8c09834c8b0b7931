import { createRequire } from 'node:module';
import { BANK_HOLIDAY_TABLE, type BankHoliday } from './bank-holiday-table.ts';

export type { BankHoliday };

/**
 * England and Wales bank holidays (substitute days included), from a table `npm run bank-holidays` writes
 * from the `date-holidays` package, so a running service does not hold that package's every-country rules,
 * moment-timezone and astronomical tables (about 9 MB a process) for the nine days a year it asks about.
 * A year outside the table is asked of the package, loaded then.
 */
export const BANK_HOLIDAY_YEARS = { from: 1970, to: 2100 };

interface HolidaysOfACountry {
  getHolidays(year: number): { date: string; name: string; type: string }[];
}

let englandAndWales: HolidaysOfACountry | undefined;

/** A year's bank holidays as 'YYYY-MM-DD' with their names, in date order. */
export function bankHolidaysIn(year: number): readonly BankHoliday[] {
  return BANK_HOLIDAY_TABLE[year] ?? bankHolidaysFromPackage(year);
}

/** The same, from date-holidays itself: the table's source, and the answer for a year outside it. */
export function bankHolidaysFromPackage(year: number): BankHoliday[] {
  const Holidays = createRequire(import.meta.url)('date-holidays') as new (
    country: string,
    state: string
  ) => HolidaysOfACountry;
  englandAndWales ??= new Holidays('GB', 'ENG');
  return englandAndWales
    .getHolidays(year)
    .filter((holiday) => holiday.type === 'public')
    .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
}
