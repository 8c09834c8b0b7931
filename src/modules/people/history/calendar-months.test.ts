import { describe, expect, it } from 'vitest';
import { formatDay, isWithinMonths, monthsBefore } from './calendar-months.ts';

describe('monthsBefore', () => {
  it('goes back whole calendar months, across years', () => {
    expect(monthsBefore('2026-11-20', 12)).toBe('2025-11-20');
    expect(monthsBefore('2026-11-20', 24)).toBe('2024-11-20');
    expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
  });

  it('lands a day the earlier month lacks on its last day', () => {
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
    expect(monthsBefore('2028-02-29', 24)).toBe('2026-02-28');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2025-03-31', 13)).toBe('2024-02-29');
  });
});

describe('isWithinMonths', () => {
  it('counts the same date 12 months ago as within 12 months, and the day before as not', () => {
    expect(isWithinMonths('2025-11-20', '2026-11-20', 12)).toBe(true);
    expect(isWithinMonths('2025-11-19', '2026-11-20', 12)).toBe(false);
    expect(isWithinMonths('2026-11-20', '2026-11-20', 12)).toBe(true);
  });

  it('ignores days after the date it is measured to', () => {
    expect(isWithinMonths('2026-11-21', '2026-11-20', 12)).toBe(false);
  });

  it('handles 29 February at either end', () => {
    // From 28 Feb 2025, a year back is 28 Feb 2024, so 29 Feb 2024 is inside.
    expect(isWithinMonths('2024-02-29', '2025-02-28', 12)).toBe(true);
    expect(isWithinMonths('2024-02-28', '2025-02-28', 12)).toBe(true);
    expect(isWithinMonths('2024-02-27', '2025-02-28', 12)).toBe(false);
    // From 1 March 2025, 29 Feb 2024 is a day too early.
    expect(isWithinMonths('2024-02-29', '2025-03-01', 12)).toBe(false);
    // From 29 Feb 2024, a year back is 28 Feb 2023.
    expect(isWithinMonths('2023-02-28', '2024-02-29', 12)).toBe(true);
    expect(isWithinMonths('2023-02-27', '2024-02-29', 12)).toBe(false);
  });
});

describe('formatDay', () => {
  it('writes a date the GOV.UK way', () => {
    expect(formatDay('2026-10-03')).toBe('3 October 2026');
    expect(formatDay('2024-02-29')).toBe('29 February 2024');
  });
});
