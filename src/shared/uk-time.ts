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
 * in UK time; empty for no value. am/pm in lower case, as GOV.UK style asks. The page formats are
 * written from one cached Intl formatter: every row of every list calls this, and building a luxon
 * DateTime per call was a large share of a page's CPU (issue 17). Other formats go through luxon.
 */
export function formatUk(value: Date | string | null | undefined, format: string): string {
  if (value === null || value === undefined || value === '') return '';
  const writer = PAGE_FORMATS[format];
  if (writer) return writer(ukPartsOf(value));
  const moment =
    value instanceof Date
      ? DateTime.fromJSDate(value)
      : DateTime.fromISO(value, { zone: value.length === 10 ? UK_TIME_ZONE : 'utc' });
  return moment.setZone(UK_TIME_ZONE).toFormat(format).replace('AM', 'am').replace('PM', 'pm');
}

interface UkParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The months' names, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const two = (value: number) => String(value).padStart(2, '0');
const longDate = (p: UkParts) => `${p.day} ${MONTH_NAMES[p.month - 1]} ${p.year}`;

const PAGE_FORMATS: Record<string, (parts: UkParts) => string> = {
  [UK_FORMATS.date]: longDate,
  [UK_FORMATS.timeOnDate]: (p) => `${two(p.hour)}:${two(p.minute)} on ${longDate(p)}`,
  [UK_FORMATS.dateAtTime]: (p) =>
    `${longDate(p)} at ${p.hour % 12 === 0 ? 12 : p.hour % 12}:${two(p.minute)}${p.hour < 12 ? 'am' : 'pm'}`,
  [UK_FORMATS.short]: (p) =>
    `${p.day} ${MONTH_NAMES[p.month - 1]!.slice(0, 3)} ${p.year} ${two(p.hour)}:${two(p.minute)}`,
};

const UK_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/**
 * The UK wall clock at an instant. The UK's clocks change only on the hour (UTC), so the offset is looked
 * up once per hour and cached: every row of every list and countdown calls this, and a luxon DateTime (or
 * an Intl lookup) per call was a large share of a page's CPU (issue 17).
 */
export function ukClockOf(at: Date): UkParts & { second: number } {
  const ms = at.getTime();
  const wall = new Date(ms + ukOffsetAt(ms));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

const HOUR_MS = 3_600_000;
const offsetsByHour = new Map<number, number>();

function ukOffsetAt(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    if (offsetsByHour.size >= 100_000) offsetsByHour.clear();
    const parts: Record<string, number> = {};
    for (const part of UK_CLOCK.formatToParts(new Date(hour * HOUR_MS))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    offset =
      Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) -
      hour * HOUR_MS;
    offsetsByHour.set(hour, offset);
  }
  return offset;
}

/** A calendar date is that UK day at midnight; a timestamp without an offset is UTC, as luxon reads it. */
function ukPartsOf(value: Date | string): UkParts {
  if (typeof value === 'string' && value.length === 10) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return { year, month, day, hour: 0, minute: 0 };
  }
  return ukClockOf(
    value instanceof Date ? value : new Date(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`)
  );
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
