/**
 * Who is on duty: a rota gives the practitioners and managers working in each of the 168 hours of the
 * week (Monday 00:00–01:00 London time is hour 0). Rotas are usually written per shift; a bank holiday or
 * council closure on a weekday is staffed like a Sunday, because the front door is closed on those days.
 */
import { isWorkingDay, londonDateOf, type WorkingCalendar } from '../../../shared/working-time.ts';
import { ukTimeOf } from '../../../shared/uk-time.ts';

export const HOURS_PER_WEEK = 168;
export const MS_PER_HOUR = 3_600_000;

export interface Staffing {
  readonly practitioners: number;
  readonly managers: number;
}

/** Staff on duty in each hour of the week, index 0 = Monday 00:00–01:00 (London). */
export type Rota = readonly Staffing[];

export type Shift = 'weekday_day' | 'weekday_evening' | 'night' | 'weekend_day';

export const SHIFTS: readonly Shift[] = ['weekday_day', 'weekday_evening', 'night', 'weekend_day'];

/** What each shift covers, for pages and the README. */
export const SHIFT_HOURS: Record<Shift, string> = {
  weekday_day: 'Monday to Friday 08:00–18:00',
  weekday_evening: 'Monday to Friday 18:00–22:00',
  night: 'every night 22:00–08:00',
  weekend_day: 'Saturday and Sunday 08:00–22:00',
};

export type ShiftStaffing = Record<Shift, Staffing>;

/** The shift an hour of the week falls in. */
export function shiftOf(hourOfWeek: number): Shift {
  const day = Math.floor(hourOfWeek / 24); // 0 = Monday
  const hour = hourOfWeek % 24;
  if (hour < 8 || hour >= 22) return 'night';
  if (day >= 5) return 'weekend_day';
  return hour < 18 ? 'weekday_day' : 'weekday_evening';
}

/** Staffed hours per week of each shift, the cost of adding one person to it. */
export function shiftHoursPerWeek(shift: Shift): number {
  let hours = 0;
  for (let hour = 0; hour < HOURS_PER_WEEK; hour++) if (shiftOf(hour) === shift) hours++;
  return hours;
}

export function rotaFromShifts(shifts: ShiftStaffing): Rota {
  for (const shift of SHIFTS) {
    const { practitioners, managers } = shifts[shift];
    if (![practitioners, managers].every((count) => Number.isInteger(count) && count >= 0)) {
      throw new RangeError(`Staff on the ${shift} shift must be whole numbers >= 0`);
    }
  }
  return Array.from({ length: HOURS_PER_WEEK }, (_, hour) => shifts[shiftOf(hour)]);
}

/** The rota's hour of the week for an instant: weekday bank holidays and closures use Sunday's hours. */
export function rotaHourOf(at: Date, cal: WorkingCalendar): number {
  const time = ukTimeOf(at);
  const day = time.weekday - 1;
  const closedWeekday = day < 5 && !isWorkingDay(londonDateOf(at), cal);
  return (closedWeekday ? 6 : day) * 24 + time.hour;
}

/**
 * Rota hours of consecutive clock hours from `start` (which must be on the hour): UK offsets are whole
 * hours, so every UTC hour is exactly one London hour.
 */
export function rotaHoursFrom(start: Date, hours: number, cal: WorkingCalendar): Int16Array {
  if (start.getTime() % MS_PER_HOUR !== 0) throw new RangeError('A rota horizon must start on the hour');
  const result = new Int16Array(hours);
  for (let index = 0; index < hours; index++) {
    result[index] = rotaHourOf(new Date(start.getTime() + index * MS_PER_HOUR), cal);
  }
  return result;
}
