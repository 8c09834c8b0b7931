/**
 * The capacity page's figures for a past month: arrivals and step times measured from the history, the
 * model's recommended staffing per shift, a what-if on staffing, and the check — the month replayed
 * through the queue simulation beside the model's prediction and what actually happened.
 */
import { DateTime } from 'luxon';
import { sql } from 'kysely';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import { calendarOf, councilSettings } from '../../../platform/council/council-settings.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { CouncilSettings, Rag } from '../../../platform/db/schema.ts';
import { UK_TIME_ZONE } from '../../../shared/uk-time.ts';
import { arrivalRatesFrom, type ArrivalRates, type Period } from './arrivals.ts';
import { capacityFingerprint, FingerprintedCache } from './capacity-cache.ts';
import { prepareModel, predictTimeliness, recommendStaffing } from './capacity-model.ts';
import { measureHistory } from './history.ts';
import { stepTimesFrom } from './measured-times.ts';
import { simulateQueue, type Timeliness } from './queue-simulation.ts';
import { rotaFromShifts, type ShiftStaffing } from './rota.ts';
import { RAGS } from './service-times.ts';
import { monthPeriod } from './synthetic-month.ts';

/** The replay's seed: fixed, so the page shows the same simulation each time it is opened. */
const REPLAY_SEED = 1;

/** Whole months with contacts, newest first, up to the last month that has ended by `now`. */
export async function monthsWithHistory(db: Db, now: Date): Promise<string[]> {
  const row = await db
    .selectFrom('contact')
    .select(sql<Date | null>`min(received_at)`.as('first'))
    .executeTakeFirstOrThrow();
  if (!row.first) return [];
  const first = DateTime.fromJSDate(row.first, { zone: UK_TIME_ZONE }).startOf('month');
  const months: string[] = [];
  for (
    let month = DateTime.fromJSDate(now, { zone: UK_TIME_ZONE }).startOf('month').minus({ months: 1 });
    month >= first;
    month = month.minus({ months: 1 })
  )
    months.push(month.toFormat('yyyy-MM'));
  return months;
}

export type CapacityFigures = Awaited<ReturnType<typeof computeFigures>>;

/** Figures by month and what-if, computed once for each state of the month's data (capacity-cache.ts). */
const computedFigures = new FingerprintedCache<CapacityFigures>();

/**
 * Everything the page shows for a month; `staffing` is the what-if, else the recommendation is replayed.
 * Every view is audited; the figures are computed again only when the month's data, the council's
 * settings or the what-if differ from a view before.
 */
export function capacityFigures(access: RecordAccess, month: string, staffing?: ShiftStaffing) {
  return access.withPermission(
    'assurance:view',
    { action: 'performance.view', recordType: 'capacity', details: { section: 'capacity', month } },
    async (db) => {
      const period = monthPeriod(month);
      const settings = await councilSettings(db);
      const fingerprint = await capacityFingerprint(db, period, settings);
      const key = `${month}|${staffing ? JSON.stringify(staffing) : 'recommended'}`;
      return computedFigures.get(key, fingerprint, () =>
        computeFigures(db, month, period, settings, staffing)
      );
    }
  );
}

async function computeFigures(
  db: Db,
  month: string,
  period: Period,
  settings: CouncilSettings,
  staffing?: ShiftStaffing
) {
  const history = await measureHistory(db, period);
  const calendar = calendarOf(settings);
  const { serviceTimes, table: stepTimes } = stepTimesFrom(history.samples);
  const rates = arrivalRatesFrom(history.arrivals, period, calendar);
  const model = prepareModel({
    period,
    rates,
    serviceTimes,
    ragTimescales: settings.ragTimescales,
    calendar,
  });
  const recommendation = recommendStaffing(model);
  const replayed = staffing ?? recommendation.shifts;
  const rota = rotaFromShifts(replayed);
  const predicted = staffing ? predictTimeliness(model, rota) : recommendation.predicted;
  const simulated = simulateQueue(
    history.arrivals,
    { rota, serviceTimes, ragTimescales: settings.ragTimescales, calendar },
    REPLAY_SEED
  ).timeliness;
  return {
    month,
    arrivals: history.arrivals.length,
    unrated: history.unrated,
    rates,
    stepTimes,
    recommendation: { shifts: recommendation.shifts, predicted: recommendation.predicted },
    replayed,
    whatIf: staffing !== undefined,
    predicted,
    simulated,
    actual: actualTimeliness(history.actual),
  };
}

function actualTimeliness(actual: { met: Record<Rag, number>; all: Record<Rag, number> }): Timeliness {
  const total = RAGS.reduce((sum, rag) => sum + actual.all[rag], 0);
  const met = RAGS.reduce((sum, rag) => sum + actual.met[rag], 0);
  return {
    overall: total ? met / total : 1,
    byRag: Object.fromEntries(
      RAGS.map((rag) => [rag, actual.all[rag] ? actual.met[rag] / actual.all[rag] : null])
    ) as Record<Rag, number | null>,
    contacts: total,
  };
}

/** Mean arrivals per hour of the day on weekdays and at weekends (bank holidays count as Sunday). */
export function arrivalsByHourOfDay(
  rates: ArrivalRates
): { hour: number; weekday: number; weekend: number }[] {
  const perHour = (hour: number) => RAGS.reduce((sum, rag) => sum + rates[hour]![rag], 0);
  return Array.from({ length: 24 }, (_, hour) => ({
    hour,
    weekday: [0, 1, 2, 3, 4].reduce((sum, day) => sum + perHour(day * 24 + hour), 0) / 5,
    weekend: [5, 6].reduce((sum, day) => sum + perHour(day * 24 + hour), 0) / 2,
  }));
}
