/**
 * Contacts arriving at the front door, and their rates by hour of the week as measured from a list of them.
 */
import type { Rag } from '../../../platform/db/schema.ts';
import type { WorkingCalendar } from '../../../shared/working-time.ts';
import { HOURS_PER_WEEK, MS_PER_HOUR, rotaHoursFrom } from './rota.ts';
import { RAGS } from './service-times.ts';

export interface Arrival {
  readonly id: number;
  readonly at: Date;
  readonly rag: Rag;
}

/** Expected contacts per hour, by RAG, for each of the 168 rota hours (bank holidays count as Sunday). */
export type ArrivalRates = readonly Readonly<Record<Rag, number>>[];

/** A span of whole hours, `from` on the hour; `to` exclusive. */
export interface Period {
  readonly from: Date;
  readonly to: Date;
}

export function hoursIn(period: Period): number {
  const hours = (period.to.getTime() - period.from.getTime()) / MS_PER_HOUR;
  if (!Number.isInteger(hours) || hours <= 0) throw new RangeError('A period must span whole hours');
  return hours;
}

/** Mean arrivals per hour of the week by RAG over a period: counts divided by how often each hour occurred. */
export function arrivalRatesFrom(
  arrivals: readonly Arrival[],
  period: Period,
  cal: WorkingCalendar
): ArrivalRates {
  const rotaHours = rotaHoursFrom(period.from, hoursIn(period), cal);
  const occurrences = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const hour of rotaHours) occurrences[hour]! += 1;
  const counts = Array.from({ length: HOURS_PER_WEEK }, () => ({ red: 0, amber: 0, green: 0 }));
  for (const arrival of arrivals) {
    const index = Math.floor((arrival.at.getTime() - period.from.getTime()) / MS_PER_HOUR);
    if (index < 0 || index >= rotaHours.length) continue;
    counts[rotaHours[index]!]![arrival.rag] += 1;
  }
  return counts.map((count, hour) => {
    const seen = occurrences[hour]!;
    return Object.fromEntries(RAGS.map((rag) => [rag, seen ? count[rag] / seen : 0])) as Record<Rag, number>;
  });
}
