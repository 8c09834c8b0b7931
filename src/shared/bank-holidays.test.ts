import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAY_YEARS, bankHolidaysFromPackage, bankHolidaysIn } from './bank-holidays.ts';

describe('England and Wales bank holidays', () => {
  it('are in the table exactly as date-holidays gives them, every year of it (run `npm run bank-holidays` if not)', () => {
    for (let year = BANK_HOLIDAY_YEARS.from; year <= BANK_HOLIDAY_YEARS.to; year++)
      expect(bankHolidaysIn(year), String(year)).toEqual(bankHolidaysFromPackage(year));
  });

  it('include the one-off days and substitute days', () => {
    expect(bankHolidaysIn(2023)).toContainEqual({
      date: '2023-05-08',
      name: "King Charles III's Coronation",
    });
    expect(bankHolidaysIn(2026)).toContainEqual({ date: '2026-12-28', name: 'Boxing Day (substitute day)' });
  });

  it('are asked of date-holidays for a year outside the table', () => {
    const later = BANK_HOLIDAY_YEARS.to + 50;
    expect(bankHolidaysIn(later).map((holiday) => holiday.name)).toContain('Christmas Day');
    expect(bankHolidaysIn(later)).toEqual(bankHolidaysFromPackage(later));
  });
});
