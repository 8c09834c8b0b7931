import { describe, expect, it } from 'vitest';
import { dueAt } from '../../../shared/working-time.ts';
import { CALENDAR, RAG_TIMESCALES, ROTAS, SERVICE_TIMES } from './capacity-fixtures.ts';
import { moreUrgent, simulateQueue, type SimulatedContact } from './queue-simulation.ts';
import { rotaFromShifts, rotaHourOf } from './rota.ts';
import { monthPeriod, syntheticMonth } from './synthetic-month.ts';

const MARCH = monthPeriod('2026-03');
const arrivals = syntheticMonth(MARCH, CALENDAR, 3);
const rota = rotaFromShifts(ROTAS.tight);
const scenario = { rota, serviceTimes: SERVICE_TIMES, ragTimescales: RAG_TIMESCALES, calendar: CALENDAR };
const result = simulateQueue(arrivals, scenario, 11);

type Phase = 'screening' | 'authorisation';
const startOf = (contact: SimulatedContact, step: Phase) =>
  step === 'screening' ? contact.screeningStart! : contact.authorisationStart!;
const endOf = (contact: SimulatedContact, step: Phase) =>
  step === 'screening' ? contact.screeningEnd! : contact.authorisationEnd!;
const readyOf = (contact: SimulatedContact, step: Phase) =>
  step === 'screening' ? contact.arrivedAt : contact.screeningEnd!;

describe('synthetic month', () => {
  it('is a realistic, seeded month: about 1,700 contacts, about 5% red, mostly weekday daytime', () => {
    expect(arrivals.length).toBeGreaterThan(1500);
    expect(arrivals.length).toBeLessThan(1900);
    const red = arrivals.filter((arrival) => arrival.rag === 'red').length / arrivals.length;
    expect(red).toBeGreaterThan(0.03);
    expect(red).toBeLessThan(0.07);
    const daytime = arrivals.filter((arrival) => {
      const hour = rotaHourOf(arrival.at, CALENDAR);
      return hour < 120 && hour % 24 >= 8 && hour % 24 < 18;
    });
    expect(daytime.length / arrivals.length).toBeGreaterThan(0.6);
    expect(syntheticMonth(MARCH, CALENDAR, 3)).toEqual(arrivals);
    expect(arrivals.every((arrival, index) => index === 0 || arrivals[index - 1]!.at <= arrival.at)).toBe(
      true
    );
  });
});

describe('queue simulation', () => {
  it('serves every contact in order: arrival, screening, then authorisation, due by the working-time helpers', () => {
    expect(result.contacts).toHaveLength(arrivals.length);
    for (const contact of result.contacts) {
      expect(contact.screeningStart!).toBeGreaterThanOrEqual(contact.arrivedAt);
      expect(contact.screeningEnd!).toBeGreaterThan(contact.screeningStart!);
      expect(contact.authorisationStart!).toBeGreaterThanOrEqual(contact.screeningEnd!);
      expect(contact.authorisationEnd!).toBeGreaterThan(contact.authorisationStart!);
    }
    const sample = result.contacts[100]!;
    expect(sample.dueAt).toBe(
      dueAt(new Date(sample.arrivedAt), RAG_TIMESCALES[sample.rag], CALENDAR).getTime()
    );
  });

  it('never starts work beyond the staff on duty', () => {
    for (const [step, role] of [
      ['screening', 'practitioners'],
      ['authorisation', 'managers'],
    ] as const) {
      const jobs = result.contacts.map((contact) => [startOf(contact, step), endOf(contact, step)] as const);
      for (const [start] of jobs) {
        const inProgress = jobs.filter(([from, to]) => from <= start && start < to).length;
        expect(inProgress).toBeLessThanOrEqual(rota[rotaHourOf(new Date(start), CALENDAR)]![role]);
      }
    }
  });

  it('takes the most urgent waiting contact first: red, then the earliest due', () => {
    for (const step of ['screening', 'authorisation'] as const) {
      for (const contact of result.contacts) {
        const start = startOf(contact, step);
        const passedOver = result.contacts.find(
          (other) =>
            readyOf(other, step) <= start && startOf(other, step) > start && moreUrgent(other, contact)
        );
        expect(passedOver).toBeUndefined();
      }
    }
  });

  it('is repeatable with a seed and varies with another', () => {
    expect(simulateQueue(arrivals, scenario, 11).timeliness).toEqual(result.timeliness);
    const other = simulateQueue(arrivals, scenario, 12).contacts[0]!;
    expect(other.screeningEnd).not.toBe(result.contacts[0]!.screeningEnd);
  });

  it('counts contacts nobody can finish as missed', () => {
    const practitionersOnly = rotaFromShifts({
      weekday_day: { practitioners: 1, managers: 0 },
      weekday_evening: { practitioners: 0, managers: 0 },
      night: { practitioners: 0, managers: 0 },
      weekend_day: { practitioners: 0, managers: 0 },
    });
    const stuck = simulateQueue(arrivals.slice(0, 50), { ...scenario, rota: practitionersOnly }, 1);
    expect(stuck.timeliness.overall).toBe(0);
    expect(stuck.contacts.every((contact) => contact.authorisationEnd === undefined)).toBe(true);
  });
});
