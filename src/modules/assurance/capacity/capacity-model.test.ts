import { describe, expect, it } from 'vitest';
import { addWorkingDays, dueAt } from '../../../shared/working-time.ts';
import { arrivalRatesFrom } from './arrivals.ts';
import {
  allenCunneenWait,
  erlangC,
  prepareModel,
  predictTimeliness,
  recommendStaffing,
  whatIf,
} from './capacity-model.ts';
import { CALENDAR, RAG_TIMESCALES, ROTAS, SERVICE_TIMES } from './capacity-fixtures.ts';
import { rotaFromShifts, rotaHourOf, shiftOf } from './rota.ts';
import { fitLognormal, lognormalCdf, momentsOf, normalCdf } from './service-times.ts';
import { monthPeriod, syntheticArrivalRates, syntheticMonth } from './synthetic-month.ts';

const MAY = monthPeriod('2026-05');
const model = prepareModel({
  period: MAY,
  rates: syntheticArrivalRates(),
  serviceTimes: SERVICE_TIMES,
  ragTimescales: RAG_TIMESCALES,
  calendar: CALENDAR,
});

describe('queueing formulas', () => {
  it('gives the textbook Erlang C probabilities of waiting', () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 10); // M/M/1: P(wait) = ρ
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 10);
    expect(erlangC(10, 8)).toBeCloseTo(0.4092, 4);
    expect(erlangC(3, 0)).toBe(0);
    expect(erlangC(2, 2)).toBe(1);
    expect(() => erlangC(1.5, 1)).toThrow(RangeError);
  });

  it('reduces Allen–Cunneen to M/M/c for exponential times and scales by variability', () => {
    expect(allenCunneenWait(1, 0.5, 1, 1)).toBeCloseTo(1, 10); // M/M/1: Wq = ρ / (μ − λ)
    expect(allenCunneenWait(1, 0.5, 1, 0)).toBeCloseTo(0.5, 10); // M/D/1 waits half as long
    expect(allenCunneenWait(2, 3, 1, 1)).toBe(Infinity);
  });

  it('fits, describes and evaluates lognormal service times', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    const fitted = fitLognormal([10, 20, 30]);
    expect(momentsOf(fitted)).toEqual({ mean: 20, variance: 100 });
    expect(momentsOf({ kind: 'empirical', minutes: [10, 30] })).toEqual({ mean: 20, variance: 100 });
    expect(lognormalCdf(1e9, 20, 100)).toBeCloseTo(1, 6);
    expect(lognormalCdf(0, 20, 100)).toBe(0);
    expect(() => fitLognormal([5])).toThrow(RangeError);
  });
});

describe('rota', () => {
  it('puts hours of the week into shifts and staffs weekday bank holidays like Sunday', () => {
    expect(shiftOf(8)).toBe('weekday_day'); // Monday 08:00
    expect(shiftOf(4 * 24 + 18)).toBe('weekday_evening'); // Friday 18:00
    expect(shiftOf(5 * 24 + 7)).toBe('night'); // Saturday 07:00
    expect(shiftOf(6 * 24 + 21)).toBe('weekend_day'); // Sunday 21:00
    expect(rotaHourOf(new Date('2026-05-04T09:30:00Z'), CALENDAR)).toBe(6 * 24 + 10); // early May bank holiday, BST
    expect(rotaHourOf(new Date('2026-05-05T09:30:00Z'), CALENDAR)).toBe(24 + 10); // Tuesday 10:30 BST
    expect(() => rotaFromShifts({ ...ROTAS.tight, night: { practitioners: -1, managers: 0 } })).toThrow(
      RangeError
    );
  });

  it('measures 168 hourly rates from a month of arrivals', () => {
    const arrivals = syntheticMonth(MAY, CALENDAR, 7);
    const rates = arrivalRatesFrom(arrivals, MAY, CALENDAR);
    expect(rates).toHaveLength(168);
    const perWeek = rates.reduce((sum, hour) => sum + hour.red + hour.amber + hour.green, 0);
    expect(perWeek * (31 / 7)).toBeGreaterThan(arrivals.length * 0.9);
    expect(perWeek * (31 / 7)).toBeLessThan(arrivals.length * 1.1);
  });
});

describe('capacity model', () => {
  it('dates each block of arrivals with the working-time helpers', () => {
    const block = model.blocks[9 * 4]!; // Friday 1 May 2026, 09:00–09:15 BST
    const middle = new Date(block.start + 7.5 * 60_000);
    const amber = block.arrivals.find((piece) => piece.rag === 'amber')!;
    const red = block.arrivals.find((piece) => piece.rag === 'red')!;
    expect(amber.due).toBe(addWorkingDays(middle, 1, CALENDAR).getTime()); // Monday 4 May is a bank holiday
    expect(new Date(amber.due).toISOString()).toBe('2026-05-05T08:07:30.000Z');
    expect(red.due).toBe(dueAt(middle, RAG_TIMESCALES.red, CALENDAR).getTime());
  });

  it('predicts better timeliness with more staff and none without managers', () => {
    const tight = predictTimeliness(model, rotaFromShifts(ROTAS.tight));
    const comfortable = predictTimeliness(model, rotaFromShifts(ROTAS.comfortable));
    expect(comfortable.overall).toBeGreaterThanOrEqual(tight.overall);
    expect(comfortable.byRag.red!).toBeGreaterThan(tight.byRag.red!);
    const noManagers = rotaFromShifts({
      weekday_day: { practitioners: 5, managers: 0 },
      weekday_evening: { practitioners: 1, managers: 0 },
      night: { practitioners: 1, managers: 0 },
      weekend_day: { practitioners: 1, managers: 0 },
    });
    expect(predictTimeliness(model, noManagers).overall).toBe(0);
  });

  it('answers a what-if: night cover lifts red timeliness', () => {
    const { before, after, shifts } = whatIf(model, ROTAS.tight, {
      night: { practitioners: 1, managers: 1 },
    });
    expect(shifts.night).toEqual({ practitioners: 1, managers: 1 });
    expect(after.byRag.red!).toBeGreaterThan(before.byRag.red! + 0.03);
  });

  it('recommends the least staffing that reaches the target, keeping the minimums', () => {
    const recommendation = recommendStaffing(model);
    expect(recommendation.predicted.overall).toBeGreaterThanOrEqual(0.96);
    expect(recommendation.shifts.weekday_day.managers).toBeGreaterThanOrEqual(1);
    expect(recommendation.shifts.weekday_evening.practitioners).toBeGreaterThanOrEqual(1);
    const perRag = recommendStaffing(model, {
      share: 0.95,
      scope: 'every_rag',
      margin: 0.01,
      minimums: {},
    });
    expect(perRag.predicted.byRag.red!).toBeGreaterThanOrEqual(0.96);
    expect(perRag.shifts.night.practitioners).toBeGreaterThanOrEqual(1); // reds arrive overnight too
  });
});
