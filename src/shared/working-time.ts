/**
 * Working-time arithmetic for front-door timescales (RAG ratings, statutory day counts).
 *
 * Pure: no I/O and no system clock; every function is given the instant or date it works from.
 * Instants are `Date`s (UTC inside); all calendar reasoning happens in Europe/London, so results are
 * right across the clock changes (GMT in winter, BST = UTC+1 from the last Sunday of March to the last
 * Sunday of October). Bank holidays are England & Wales public holidays from `date-holidays` (bank-holidays.ts),
 * including substitute days (e.g. 2026-12-28 Boxing Day (substitute day)).
 *
 * Semantics:
 * - A working day is a service weekday that is not a bank holiday or a council closure date.
 * - Service hours run from `opens` (inclusive) to `closes` (exclusive): 08:00 is in hours, 20:00 is not.
 * - Working hours count only elapsed time inside service hours on working days. A start outside service
 *   hours starts counting at the next opening. With 08:00–20:00, Friday 18:30 + 4 working hours =
 *   1.5 h on Friday + 2.5 h on the next working day = Monday 10:30 (Tuesday 10:30 after a bank-holiday
 *   Monday). A due time landing exactly on closing time stays at closing time (20:00). Fractional hours
 *   are allowed.
 * - Working days: a start outside service hours is first moved to the next opening; the result is the
 *   same London wall-clock time on the n-th following working day (Friday 15:00 + 1 = Monday 15:00;
 *   Saturday 10:00 + 1 = Tuesday 08:00). Amounts of working days must be whole numbers. A wall-clock
 *   time that does not exist or repeats on a clock-change day resolves as luxon does (08:00–20:00 never
 *   touches the 01:00–02:00 change hour).
 * - Clock hours (`hours`, for immediate risk) are elapsed real time and ignore the calendar: Sunday
 *   06:30 + 4 hours = Sunday 10:30; across the autumn clock change 00:30 BST + 4 hours = 03:30 GMT.
 * - Amount 0 returns the start moved to the next opening (the start itself when already in hours).
 * - Negative or non-finite amounts, malformed dates/times, invalid `Date`s, service hours that are not
 *   'HH:mm', that open at or after closing, or that have no (or invalid) weekdays throw a RangeError.
 * - Date-only functions ('YYYY-MM-DD') serve statutory counts such as "initial child protection
 *   conference within 15 working days of the strategy discussion": the n-th working day after a date.
 * - "Between" functions are signed: negative when `to` is before `from` (a countdown shows "overdue by").
 * - Iteration is per calendar day, never per minute, and the London instants of service opening and
 *   closing are memoised, so dueAt is cheap enough to recalculate tens of thousands of contacts.
 */
import { DateTime } from 'luxon';
import { ukClockOf } from './uk-time.ts';
import { UK_TIME_ZONE } from './uk-time.ts';
import { bankHolidaysIn, type BankHoliday } from './bank-holidays.ts';

/** Weekly opening pattern of the front door; ISO weekdays 1=Mon..7=Sun, 'HH:mm' in London local time. */
export interface ServiceHours {
  readonly weekdays: readonly number[];
  readonly opens: string;
  readonly closes: string;
}

/** Service hours plus extra council closure dates ('YYYY-MM-DD'), e.g. a day between Christmas and New Year. */
export interface WorkingCalendar {
  readonly serviceHours: ServiceHours;
  readonly closures: readonly string[];
}

/** Default front-door hours, Mon–Fri 08:00–20:00; frozen so no caller can change it for everyone. */
export const DEFAULT_SERVICE_HOURS: ServiceHours = Object.freeze({
  weekdays: Object.freeze([1, 2, 3, 4, 5]),
  opens: '08:00',
  closes: '20:00',
});

/** Default hours with no local closures, for councils that have not configured their own calendar. */
export const DEFAULT_CALENDAR: WorkingCalendar = Object.freeze({
  serviceHours: DEFAULT_SERVICE_HOURS,
  closures: Object.freeze([]),
});

/**
 * A response timescale: elapsed clock `hours` that run day and night (immediate risk: red = 4 hours,
 * whatever the day), `working_hours` counted inside service hours only, or a number of `working_days`.
 */
export type Timescale = { unit: 'hours' | 'working_hours' | 'working_days'; amount: number };

/** Whether a timescale runs on real (clock) time, day and night, rather than pausing when the service is closed. */
export function isRealTime(timescale: Pick<Timescale, 'unit'>): boolean {
  return timescale.unit === 'hours';
}

const LONDON = UK_TIME_ZONE;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CACHED_LONDON_TIMES = 100_000;

/**
 * A London calendar date as days since 1970-01-01. Luxon's time-zone lookups cost tens of microseconds
 * each, so day loops step plain numbers and only service opening/closing instants go through luxon.
 */
type CivilDay = number;
/** An instant with its London date and wall-clock time (ms after local midnight, as the clock shows). */
type Moment = { day: CivilDay; ms: number; clockMs: number };

/** A validated calendar, parsed once per public call so the day loops do no string parsing. */
interface Schedule {
  weekdays: ReadonlySet<number>;
  opens: number; // minutes after local midnight
  closes: number;
  closures: ReadonlySet<CivilDay>;
}

const bankHolidaysByYear = new Map<number, { holidays: readonly BankHoliday[]; days: Set<CivilDay> }>();
const londonTimes = new Map<number, number>();

/** Bank holidays cached per year, because working-time loops ask about the same few years over and over. */
function bankHolidaysOf(year: number) {
  let cached = bankHolidaysByYear.get(year);
  if (!cached) {
    const holidays = bankHolidaysIn(year);
    cached = { holidays, days: new Set(holidays.map((holiday) => parseDate(holiday.date))) };
    bankHolidaysByYear.set(year, cached);
  }
  return cached;
}

/** England & Wales bank holidays of a year (including substitute days), as 'YYYY-MM-DD' with their names. */
export function bankHolidays(year: number): { date: string; name: string }[] {
  if (!Number.isInteger(year)) throw new RangeError(`Expected a whole year, got ${year}`);
  return bankHolidaysOf(year).holidays.map((holiday) => ({ ...holiday }));
}

/** Whether a 'YYYY-MM-DD' date is an England & Wales bank holiday (substitute days included). */
export function isBankHoliday(date: string): boolean {
  return isBankHolidayOn(parseDate(date));
}

/** Whether a 'YYYY-MM-DD' date is a service weekday that is neither a bank holiday nor a closure. */
export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  return isWorkingDayOn(parseDate(date), scheduleOf(cal));
}

/** Whether the front door is closed at an instant: outside service hours, at weekends, holidays, closures. */
export function isOutOfHours(at: Date, cal: WorkingCalendar): boolean {
  const moment = momentOf(at);
  return nextOpening(moment, scheduleOf(cal)).ms !== moment.ms;
}

/** When the service is next open: `at` itself when already inside service hours. */
export function nextServiceOpening(at: Date, cal: WorkingCalendar): Date {
  return new Date(nextOpening(momentOf(at), scheduleOf(cal)).ms);
}

/** Adds working hours, counting only time inside service hours; used for hour-based RAG timescales. */
export function addWorkingHours(start: Date, hours: number, cal: WorkingCalendar): Date {
  const schedule = scheduleOf(cal);
  let remainingMs = Math.round(nonNegative(hours, 'working hours') * MS_PER_HOUR);
  let moment = nextOpening(momentOf(start), schedule);
  for (;;) {
    const closes = londonTime(moment.day, schedule.closes);
    if (remainingMs <= closes - moment.ms) return new Date(moment.ms + remainingMs);
    remainingMs -= closes - moment.ms;
    moment = nextOpening({ day: moment.day, ms: closes, clockMs: schedule.closes * MS_PER_MINUTE }, schedule);
  }
}

/** Adds working days, keeping the (normalised) start's London wall-clock time; for day-based timescales. */
export function addWorkingDays(start: Date, days: number, cal: WorkingCalendar): Date {
  const schedule = scheduleOf(cal);
  const count = wholeNonNegative(days, 'working days');
  const from = nextOpening(momentOf(start), schedule);
  const day = addWorkingDaysOn(from.day, count, schedule);
  // Clock changes happen on the hour, so the seconds within a minute carry over unchanged.
  return new Date(londonTime(day, Math.floor(from.clockMs / MS_PER_MINUTE)) + (from.clockMs % MS_PER_MINUTE));
}

/** Adds elapsed clock hours (fractional allowed): nights, weekends and bank holidays count like any hour. */
export function addHours(start: Date, hours: number): Date {
  momentOf(start); // validates the Date
  return new Date(start.getTime() + Math.round(nonNegative(hours, 'hours') * MS_PER_HOUR));
}

/** When a piece of work received at `start` is due under a timescale. */
export function dueAt(start: Date, timescale: Timescale, cal: WorkingCalendar): Date {
  switch (timescale.unit) {
    case 'hours':
      return addHours(start, timescale.amount);
    case 'working_hours':
      return addWorkingHours(start, timescale.amount, cal);
    case 'working_days':
      return addWorkingDays(start, timescale.amount, cal);
    default:
      // Timescales may come from stored configuration, which the type system cannot vouch for.
      throw new RangeError(`Unknown timescale unit '${String((timescale as { unit: unknown }).unit)}'`);
  }
}

/**
 * Service minutes elapsed from `from` to `to` (fractional below a minute); negative when `to` is
 * earlier, so a countdown can show "overdue by".
 */
export function workingMinutesBetween(from: Date, to: Date, cal: WorkingCalendar): number {
  const schedule = scheduleOf(cal);
  const [start, end] = [momentOf(from), momentOf(to)];
  // `0 - x` rather than `-x` so that an empty span is +0, not -0.
  if (end.ms < start.ms) return 0 - serviceMsBetween(end, start, schedule) / MS_PER_MINUTE;
  return serviceMsBetween(start, end, schedule) / MS_PER_MINUTE;
}

/**
 * The stretches of service time between two instants (each clipped to them), so a page can count
 * working time down live without knowing the calendar: the time left is what remains of these.
 */
export function serviceWindows(from: Date, to: Date, cal: WorkingCalendar): { start: Date; end: Date }[] {
  const schedule = scheduleOf(cal);
  const windows: { start: Date; end: Date }[] = [];
  let moment = nextOpening(momentOf(from), schedule);
  while (moment.ms < to.getTime()) {
    const closes = londonTime(moment.day, schedule.closes);
    windows.push({ start: new Date(moment.ms), end: new Date(Math.min(closes, to.getTime())) });
    moment = nextOpening({ day: moment.day, ms: closes, clockMs: schedule.closes * MS_PER_MINUTE }, schedule);
  }
  return windows;
}

/** The n-th working day after a 'YYYY-MM-DD' date, for statutory day counts (e.g. ICPC within 15 days). */
export function addWorkingDaysToDate(date: string, days: number, cal: WorkingCalendar): string {
  const count = wholeNonNegative(days, 'working days');
  return isoDateOf(addWorkingDaysOn(parseDate(date), count, scheduleOf(cal)));
}

/** Working days after `from` up to and including `to`; negative when `to` is before `from`. */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  const schedule = scheduleOf(cal);
  const [start, end] = [parseDate(from), parseDate(to)];
  // `0 - x` rather than `-x` so that an empty span is +0, not -0.
  if (end < start) return 0 - countWorkingDays(end, start, schedule);
  return countWorkingDays(start, end, schedule);
}

/** The 'YYYY-MM-DD' calendar date of an instant in England, which differs from UTC's during BST. */
export function londonDateOf(at: Date): string {
  return isoDateOf(momentOf(at).day);
}

function nextOpening(moment: Moment, schedule: Schedule): Moment {
  for (let day = moment.day; ; day++) {
    if (!isWorkingDayOn(day, schedule)) continue;
    if (moment.ms >= londonTime(day, schedule.closes)) continue;
    const opens = londonTime(day, schedule.opens);
    return moment.ms >= opens ? moment : { day, ms: opens, clockMs: schedule.opens * MS_PER_MINUTE };
  }
}

function serviceMsBetween(start: Moment, end: Moment, schedule: Schedule): number {
  let totalMs = 0;
  for (let day = start.day; day <= end.day; day++) {
    if (!isWorkingDayOn(day, schedule)) continue;
    const opens = Math.max(start.ms, londonTime(day, schedule.opens));
    const closes = Math.min(end.ms, londonTime(day, schedule.closes));
    totalMs += Math.max(0, closes - opens);
  }
  return totalMs;
}

function addWorkingDaysOn(day: CivilDay, days: number, schedule: Schedule): CivilDay {
  let result = day;
  for (let counted = 0; counted < days;) {
    result++;
    if (isWorkingDayOn(result, schedule)) counted++;
  }
  return result;
}

function countWorkingDays(after: CivilDay, upTo: CivilDay, schedule: Schedule): number {
  let count = 0;
  for (let day = after + 1; day <= upTo; day++) {
    if (isWorkingDayOn(day, schedule)) count++;
  }
  return count;
}

function isWorkingDayOn(day: CivilDay, schedule: Schedule): boolean {
  return schedule.weekdays.has(isoWeekdayOf(day)) && !schedule.closures.has(day) && !isBankHolidayOn(day);
}

function isBankHolidayOn(day: CivilDay): boolean {
  return bankHolidaysOf(calendarFieldsOf(day).year).days.has(day);
}

/** The instant of a London wall-clock time on a date, memoised because service hours repeat daily. */
function londonTime(day: CivilDay, minuteOfDay: number): number {
  const key = day * 1440 + minuteOfDay;
  let ms = londonTimes.get(key);
  if (ms === undefined) {
    if (londonTimes.size >= MAX_CACHED_LONDON_TIMES) londonTimes.clear();
    const clock = { hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 };
    ms = DateTime.fromObject({ ...calendarFieldsOf(day), ...clock }, { zone: LONDON }).toMillis();
    londonTimes.set(key, ms);
  }
  return ms;
}

function momentOf(at: Date): Moment {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Expected a valid Date, got an invalid one');
  // The UK's offset is whole minutes, so the instant's milliseconds are the wall clock's too.
  const time = ukClockOf(at);
  const clockMs = ((time.hour * 60 + time.minute) * 60 + time.second) * 1000 + (((ms % 1000) + 1000) % 1000);
  return { day: Date.UTC(time.year, time.month - 1, time.day) / MS_PER_DAY, ms, clockMs };
}

function calendarFieldsOf(day: CivilDay) {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function isoWeekdayOf(day: CivilDay): number {
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 (day 0) was a Thursday (ISO 4)
}

function isoDateOf(day: CivilDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function parseDate(date: string): CivilDay {
  const ms = ISO_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || isoDateOf(ms / MS_PER_DAY) !== date) {
    throw new RangeError(`Expected a date as 'YYYY-MM-DD', got '${date}'`);
  }
  return ms / MS_PER_DAY;
}

function scheduleOf(cal: WorkingCalendar): Schedule {
  const { weekdays, opens, closes } = cal.serviceHours;
  if (weekdays.length === 0 || !weekdays.every((day) => Number.isInteger(day) && day >= 1 && day <= 7)) {
    throw new RangeError(
      `Service weekdays must be ISO weekdays 1 (Mon) to 7 (Sun), got [${weekdays.join(', ')}]`
    );
  }
  const [opensAt, closesAt] = [minuteOfDay(opens), minuteOfDay(closes)];
  if (opensAt >= closesAt) {
    throw new RangeError(`Service hours must open before they close, got ${opens}–${closes}`);
  }
  return {
    weekdays: new Set(weekdays),
    opens: opensAt,
    closes: closesAt,
    closures: new Set(cal.closures.map(parseDate)),
  };
}

function minuteOfDay(time: string): number {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new RangeError(`Expected a time as 'HH:mm' (00:00–23:59), got '${time}'`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function nonNegative(amount: number, what: string): number {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`The number of ${what} must be a finite number >= 0, got ${amount}`);
  }
  return amount;
}

function wholeNonNegative(amount: number, what: string): number {
  if (!Number.isInteger(nonNegative(amount, what))) {
    throw new RangeError(`The number of ${what} must be a whole number, got ${amount}`);
  }
  return amount;
}
