/**
 * A seeded, realistic month of front-door contacts, standing in for a month of the seeded history in tests:
 * about 1,700 contacts, peaking in weekday office hours with a trickle overnight and at weekends, about 5%
 * red. Arrivals in each hour are Poisson around the hour-of-week rate, so months differ like real ones.
 */
import { DateTime } from 'luxon';
import { Random } from '../../../shared/random.ts';
import type { Rag } from '../../../platform/db/schema.ts';
import { UK_TIME_ZONE } from '../../../shared/uk-time.ts';
import type { WorkingCalendar } from '../../../shared/working-time.ts';
import { hoursIn, type Arrival, type ArrivalRates, type Period } from './arrivals.ts';
import { HOURS_PER_WEEK, MS_PER_HOUR, rotaHoursFrom } from './rota.ts';
import { RAGS } from './service-times.ts';

/** Relative arrivals by hour of a working day: schools, police and health send most in office hours. */
const WEEKDAY_PROFILE = [
  0.25, 0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.6, 1.6, 3.4, 3.8, 3.6, 3.0, 3.4, 3.6, 3.2, 2.6, 1.8, 1.1, 0.8, 0.6,
  0.5, 0.4, 0.3,
];
/** Weekends, bank holidays and closures: mostly police notifications. */
const WEEKEND_PROFILE = [
  0.3, 0.3, 0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.5, 0.5, 0.5,
  0.4, 0.4, 0.35,
];
const RAG_MIX: Record<Rag, number> = { red: 0.05, amber: 0.35, green: 0.6 };
const AVERAGE_WEEKS_PER_MONTH = 365.25 / 12 / 7;

/** Rates per hour of the week for a service receiving `perMonth` contacts in an average month. */
export function syntheticArrivalRates(perMonth = 1700): ArrivalRates {
  const weights = Array.from(
    { length: HOURS_PER_WEEK },
    (_, hour) => (hour >= 5 * 24 ? WEEKEND_PROFILE : WEEKDAY_PROFILE)[hour % 24]!
  );
  const perWeek = perMonth / AVERAGE_WEEKS_PER_MONTH;
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => {
    const rate = (perWeek * weight) / total;
    return { red: rate * RAG_MIX.red, amber: rate * RAG_MIX.amber, green: rate * RAG_MIX.green };
  });
}

/** The calendar month starting on the first of `month` ('YYYY-MM'), London time. */
export function monthPeriod(month: string): Period {
  const start = DateTime.fromISO(`${month}-01T00:00`, { zone: UK_TIME_ZONE });
  if (!start.isValid) throw new RangeError(`Expected a month as 'YYYY-MM', got '${month}'`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** A seeded month of arrivals, sorted by time, drawn around `rates`. */
export function syntheticMonth(
  period: Period,
  cal: WorkingCalendar,
  seed: number,
  rates: ArrivalRates = syntheticArrivalRates()
): Arrival[] {
  const random = new Random(seed);
  const rotaHours = rotaHoursFrom(period.from, hoursIn(period), cal);
  const arrivals: { at: number; rag: Rag }[] = [];
  rotaHours.forEach((rotaHour, index) => {
    const hourStart = period.from.getTime() + index * MS_PER_HOUR;
    for (const rag of RAGS) {
      for (let count = poisson(rates[rotaHour]![rag], random); count > 0; count--) {
        arrivals.push({ at: hourStart + Math.floor(random.next() * MS_PER_HOUR), rag });
      }
    }
  });
  arrivals.sort((a, b) => a.at - b.at);
  return arrivals.map((arrival, id) => ({ id, at: new Date(arrival.at), rag: arrival.rag }));
}

/** Knuth's method: fine for the small hourly means here. */
function poisson(mean: number, random: Random): number {
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count++;
  return count;
}
