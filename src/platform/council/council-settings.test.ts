import { describe, expect, it } from 'vitest';
import type { CouncilSettings } from '../db/schema.ts';
import { DEMO_COUNCIL_SETTINGS } from '../../demo/organisation.ts';
import { dueAt } from '../../shared/working-time.ts';
import { calendarOf, settingsInForceAt, timescalesInForceAt, withNewTimescales } from './council-settings.ts';

/* Versioned timescales: a change applies to contacts received after it, never to work in progress. */

const BASE: CouncilSettings = DEMO_COUNCIL_SETTINGS;
const AMBER_TWO_DAYS = {
  ragTimescales: { ...BASE.ragTimescales, amber: { unit: 'working_days' as const, amount: 2 } },
  decisionTimescale: { unit: 'working_hours' as const, amount: 6 },
};
const CHANGED_AT = new Date('2026-11-18T12:00:00Z'); // Wednesday noon

describe('timescalesInForceAt', () => {
  it('answers the current timescales when nothing has changed', () => {
    expect(timescalesInForceAt(BASE, new Date('2020-01-01T00:00:00Z'))).toEqual({
      ragTimescales: BASE.ragTimescales,
      decisionTimescale: BASE.decisionTimescale,
    });
  });

  it('keeps the old timescales for contacts received before a change and the new ones from the change on', () => {
    const changed = withNewTimescales(BASE, AMBER_TWO_DAYS, CHANGED_AT);
    expect(changed.ragTimescales.amber).toEqual({ unit: 'working_days', amount: 2 });
    const before = new Date(CHANGED_AT.getTime() - 1);
    expect(timescalesInForceAt(changed, before).ragTimescales.amber).toEqual({
      unit: 'working_days',
      amount: 1,
    });
    expect(timescalesInForceAt(changed, before).decisionTimescale).toEqual(BASE.decisionTimescale);
    expect(timescalesInForceAt(changed, CHANGED_AT)).toEqual(AMBER_TWO_DAYS);
  });

  it('picks the right version among several changes, whatever order the history is stored in', () => {
    const second = new Date('2026-11-19T12:00:00Z');
    const greenFive = {
      ...AMBER_TWO_DAYS,
      ragTimescales: { ...AMBER_TWO_DAYS.ragTimescales, green: { unit: 'working_days' as const, amount: 5 } },
    };
    const twice = withNewTimescales(withNewTimescales(BASE, AMBER_TWO_DAYS, CHANGED_AT), greenFive, second);
    const shuffled = { ...twice, timescaleHistory: [...twice.timescaleHistory!].reverse() };
    const between = new Date('2026-11-19T08:00:00Z');
    expect(timescalesInForceAt(shuffled, new Date('2026-11-01T00:00:00Z')).ragTimescales).toEqual(
      BASE.ragTimescales
    );
    expect(timescalesInForceAt(shuffled, between)).toEqual(AMBER_TWO_DAYS);
    expect(timescalesInForceAt(shuffled, second)).toEqual(greenFive);
  });

  it('gives a contact received before the change the due time it had, and one received after the new one', () => {
    const changed = withNewTimescales(BASE, AMBER_TWO_DAYS, CHANGED_AT);
    const calendar = calendarOf(changed);
    const amberDue = (receivedAt: Date) =>
      dueAt(receivedAt, settingsInForceAt(changed, receivedAt).ragTimescales.amber, calendar).toISOString();
    // Received Wednesday 10:00: 1 working day, as before the change.
    expect(amberDue(new Date('2026-11-18T10:00:00Z'))).toBe('2026-11-19T10:00:00.000Z');
    // Received Wednesday 14:00, after the change: 2 working days.
    expect(amberDue(new Date('2026-11-18T14:00:00Z'))).toBe('2026-11-20T14:00:00.000Z');
  });

  it('refuses a change dated before the last one, which would rewrite history', () => {
    const changed = withNewTimescales(BASE, AMBER_TWO_DAYS, CHANGED_AT);
    expect(() => withNewTimescales(changed, BASE, new Date(CHANGED_AT.getTime() - 60_000))).toThrow(
      RangeError
    );
  });
});
