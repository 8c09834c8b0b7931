/**
 * Issue 14's acceptance check: the capacity model's prediction for a replayed month is within 10% of the
 * simulated timeliness, and the staffing it recommends, when simulated, meets 95%. "Within 10%" is relative:
 * |model − simulation| ≤ 10% of the simulation's share (so also within 10 percentage points).
 */
import { describe, expect, it } from 'vitest';
import { arrivalRatesFrom } from './arrivals.ts';
import { prepareModel, predictTimeliness, recommendStaffing } from './capacity-model.ts';
import { CALENDAR, RAG_TIMESCALES, ROTAS, SERVICE_TIMES } from './capacity-fixtures.ts';
import { simulateQueue } from './queue-simulation.ts';
import { rotaFromShifts } from './rota.ts';
import { monthPeriod, syntheticMonth } from './synthetic-month.ts';

const MONTHS = [
  { month: '2026-03', seed: 1 },
  { month: '2026-05', seed: 2 }, // two bank holidays
  { month: '2026-10', seed: 3 }, // the clocks go back
];

function replay(month: string, seed: number) {
  const period = monthPeriod(month);
  const arrivals = syntheticMonth(period, CALENDAR, seed);
  // As the history would: the rates are measured from the month being replayed.
  const rates = arrivalRatesFrom(arrivals, period, CALENDAR);
  const model = prepareModel({
    period,
    rates,
    serviceTimes: SERVICE_TIMES,
    ragTimescales: RAG_TIMESCALES,
    calendar: CALENDAR,
  });
  const simulate = (rota: ReturnType<typeof rotaFromShifts>) =>
    simulateQueue(
      arrivals,
      { rota, serviceTimes: SERVICE_TIMES, ragTimescales: RAG_TIMESCALES, calendar: CALENDAR },
      seed
    ).timeliness;
  return { model, simulate };
}

describe.each(MONTHS)('replaying $month (seed $seed)', ({ month, seed }) => {
  const { model, simulate } = replay(month, seed);

  it.each(['comfortable', 'tight'] as const)('predicts the %s rota within 10% of the simulation', (name) => {
    const rota = rotaFromShifts(ROTAS[name]);
    const predicted = predictTimeliness(model, rota).overall;
    const simulated = simulate(rota).overall;
    expect(Math.abs(predicted - simulated)).toBeLessThanOrEqual(0.1 * simulated);
  });

  it('recommends staffing that meets 95% when simulated', () => {
    const recommendation = recommendStaffing(model);
    expect(simulate(recommendation.rota).overall).toBeGreaterThanOrEqual(0.95);
  });
});
