import { z } from 'zod';
import { ukInstant } from '../../shared/uk-time.ts';

/** No date of birth, contact or meeting in Front Door is before 1900 or after 2100. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2100;

export type DatePartsResult =
  | { outcome: 'empty' }
  | { outcome: 'date'; date: string }
  | { outcome: 'problem'; problem: 'missing_part' | 'not_a_number' | 'not_real' | 'out_of_range' };

/**
 * Reads a GOV.UK date input (day, month and year boxes) strictly: digits only (surrounding spaces
 * allowed), a day and month of one or two digits and a year of four, a date that exists, and a year
 * from 1900 to 2100. `3rd`, `Dec`, `1e3`, `٣` and year `99999` or `0000` are refused, never guessed at.
 */
export function parseDateParts(parts: { day?: unknown; month?: unknown; year?: unknown }): DatePartsResult {
  const typed = [parts.day, parts.month, parts.year].map((part) =>
    typeof part === 'string' ? part.trim() : ''
  );
  const [day, month, year] = typed as [string, string, string];
  if (!day && !month && !year) return { outcome: 'empty' };
  if (!day || !month || !year) return { outcome: 'problem', problem: 'missing_part' };
  if (!/^[0-9]{1,2}$/.test(day) || !/^[0-9]{1,2}$/.test(month) || !/^[0-9]{4}$/.test(year))
    return { outcome: 'problem', problem: 'not_a_number' };
  return checkedDate(Number(year), Number(month), Number(day));
}

/** A `YYYY-MM-DD` string (as an API sends it) checked the same way: a real date from 1900 to 2100. */
export function parseIsoDate(value: unknown): DatePartsResult {
  if (typeof value !== 'string' || value.trim() === '') return { outcome: 'empty' };
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value.trim());
  if (!match) return { outcome: 'problem', problem: 'not_a_number' };
  return checkedDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function checkedDate(year: number, month: number, day: number): DatePartsResult {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return { outcome: 'problem', problem: 'not_real' };
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { outcome: 'problem', problem: 'out_of_range' };
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return { outcome: 'date', date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

/** The GOV.UK wording for each problem, e.g. dateProblemMessage('Date of birth', problem). */
export function dateProblemMessage(
  label: string,
  problem: Extract<DatePartsResult, { outcome: 'problem' }>['problem']
): string {
  switch (problem) {
    case 'missing_part':
      return `${label} must include a day, month and year`;
    case 'not_a_number':
      return `${label} must be a real date, with the day, month and year as numbers, for example 27 3 2015`;
    case 'not_real':
      return `${label} must be a real date, for example 27 3 2015`;
    case 'out_of_range':
      return `${label} must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}`;
  }
}

/** A clock time typed in a time box: `14:05` or `9:30`, 24-hour. */
const CLOCK_TIME = /^([01]?[0-9]|2[0-3]):[0-5][0-9]$/;

export type DateTimePartsResult =
  | { outcome: 'empty' }
  | { outcome: 'instant'; at: Date }
  | { outcome: 'problem'; problem: Extract<DatePartsResult, { outcome: 'problem' }>['problem'] | 'bad_time' };

/**
 * Reads a GOV.UK date input with a time box beside it (day, month, year, `14:05`) as an instant in UK
 * time, as strictly as parseDateParts reads the date. The caller words the problem for its field.
 */
export function parseDateTimeParts(parts: {
  day?: unknown;
  month?: unknown;
  year?: unknown;
  time?: unknown;
}): DateTimePartsResult {
  const date = parseDateParts(parts);
  const time = typeof parts.time === 'string' ? parts.time.trim() : '';
  if (date.outcome === 'empty' && time === '') return { outcome: 'empty' };
  if (date.outcome === 'empty') return { outcome: 'problem', problem: 'missing_part' };
  if (date.outcome === 'problem') return date;
  if (!CLOCK_TIME.test(time)) return { outcome: 'problem', problem: 'bad_time' };
  return { outcome: 'instant', at: ukInstant(date.date, time) };
}

/** A zod schema for an API's `YYYY-MM-DD` field: a real date from 1900 to 2100. */
export function isoDate(label: string) {
  return z
    .string({ error: `${label} must be a date in the format YYYY-MM-DD` })
    .superRefine((value, context) => {
      const result = parseIsoDate(value);
      if (result.outcome === 'problem')
        context.addIssue({
          code: 'custom',
          message:
            result.problem === 'not_a_number'
              ? `${label} must be a date in the format YYYY-MM-DD`
              : dateProblemMessage(label, result.problem),
        });
      else if (result.outcome === 'empty')
        context.addIssue({ code: 'custom', message: `${label} must be a date in the format YYYY-MM-DD` });
    });
}

/**
 * Any whole ISO 8601 date or date-time in a request (`0000-01-01`, `99999-12-31T00:00:00Z`) whose
 * year is outside 1900–2100 or whose date does not exist. Used by the platform to refuse such a
 * value in any API body or query, whatever the route's own schema allows.
 */
export function impossibleIsoDate(value: string): boolean {
  const match =
    /^([0-9]{4,6})-([0-9]{2})-([0-9]{2})(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$/.exec(
      value
    );
  if (!match) return false;
  return checkedDate(Number(match[1]), Number(match[2]), Number(match[3])).outcome !== 'date';
}
