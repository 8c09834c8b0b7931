/**
 * The history the capacity page measures, on both databases: a hand-counted fixture in March 2030 (London
 * on GMT, so the times below are London times too), and the acceptance check on a month of the seeded
 * test council: the model's prediction for the replayed month within 10% of the simulated timeliness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../../test/support/test-database.ts';
import { calendarOf, councilSettings } from '../../../platform/council/council-settings.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Rag } from '../../../platform/db/schema.ts';
import { arrivalRatesFrom } from './arrivals.ts';
import { prepareModel, predictTimeliness, recommendStaffing } from './capacity-model.ts';
import { ROTAS } from './capacity-fixtures.ts';
import { measureHistory } from './history.ts';
import { stepTimesFrom } from './measured-times.ts';
import { simulateQueue } from './queue-simulation.ts';
import { rotaFromShifts } from './rota.ts';
import { monthPeriod } from './synthetic-month.ts';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

const at = (day: number, time: string) => new Date(`2030-03-${String(day).padStart(2, '0')}T${time}:00Z`);

interface FixtureContact {
  received: Date;
  recorded: Date;
  rag: Rag | null;
  due?: Date;
  proposed?: { by: number; at: Date };
  authorised?: { by: number; at: Date };
}

/** Copies of a seeded contact, child and decision with the fixture's times and people. */
async function plant(contacts: FixtureContact[]): Promise<number[]> {
  const { id: _contact, ...contact } = await db
    .selectFrom('contact')
    .selectAll()
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const {
    id: _child,
    contact_id: _of,
    ...child
  } = await db.selectFrom('contact_child').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const {
    id: _decision,
    contact_child_id: _for,
    ...decision
  } = await db
    .selectFrom('decision')
    .selectAll()
    .where('status', '=', 'authorised')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const [index, fixture] of contacts.entries()) {
    const { id: contactId } = await db
      .insertInto('contact')
      .values({
        ...contact,
        reference: `CAP-FIXTURE-${index}`,
        public_reference: null,
        received_at: fixture.received,
        recorded_at: fixture.recorded,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id } = await db
      .insertInto('contact_child')
      .values({
        ...child,
        contact_id: contactId,
        described_child: null,
        rag: fixture.rag,
        rag_due_at: fixture.due ?? null,
        status: 'completed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
    if (fixture.proposed)
      await db
        .insertInto('decision')
        .values({
          ...decision,
          contact_child_id: id,
          proposed_by: fixture.proposed.by,
          proposed_at: fixture.proposed.at,
          status: fixture.authorised ? 'authorised' : 'proposed',
          authorised_by: fixture.authorised?.by ?? null,
          authorised_at: fixture.authorised?.at ?? null,
          second_authorised_by: null,
          second_authorised_at: null,
        })
        .execute();
  }
  return ids;
}

describe('measuring the history', () => {
  it('counts arrivals, back-to-back step times and what met its timescale, as counted by hand', async () => {
    const staff = await db
      .selectFrom('staff_user')
      .where('role', 'in', ['front_door_practitioner', 'team_manager'])
      .select(['id', 'role'])
      .orderBy('id')
      .execute();
    const [p1, p2] = staff
      .filter((member) => member.role === 'front_door_practitioner')
      .map((member) => member.id);
    const m1 = staff.find((member) => member.role === 'team_manager')!.id;
    const document = await db.selectFrom('threshold_document').select('id').executeTakeFirstOrThrow();
    const dueTomorrow = at(6, '09:00');
    const [c1, c2] = await plant([
      // C1: rated then proposed by P1, the first thing P1 did: no screening time (the run has no start).
      {
        received: at(5, '08:00'),
        recorded: at(5, '08:05'),
        rag: 'amber',
        due: dueTomorrow,
        proposed: { by: p1!, at: at(5, '09:30') },
        authorised: { by: m1, at: at(5, '10:15') }, // M1's first: no authorisation time
      },
      // C2: waiting when P1 finished C1 at 09:30, assessed 09:50, proposed 10:10: screening 40 minutes.
      // Proposed 10:10, M1 free from 10:15: authorisation 20 minutes.
      {
        received: at(5, '08:10'),
        recorded: at(5, '08:15'),
        rag: 'green',
        due: at(8, '17:00'),
        proposed: { by: p1!, at: at(5, '10:10') },
        authorised: { by: m1, at: at(5, '10:35') },
      },
      // C3: recorded at 10:30, after P1 was free (10:10): not back-to-back. Proposed 10:50, after M1 was
      // free (10:35): not back-to-back either. Authorised after its due time.
      {
        received: at(5, '10:00'),
        recorded: at(5, '10:30'),
        rag: 'red',
        due: at(5, '10:45'),
        proposed: { by: p1!, at: at(5, '10:50') },
        authorised: { by: m1, at: at(5, '11:00') },
      },
      // C4: P1's gap from 10:50 to 16:00 is over four hours: not one piece of work.
      {
        received: at(5, '09:00'),
        recorded: at(5, '09:05'),
        rag: 'amber',
        due: dueTomorrow,
        proposed: { by: p1!, at: at(5, '16:00') },
        authorised: { by: m1, at: at(5, '16:30') },
      },
      // C5: proposed the next morning: P1's previous finish was the day before.
      {
        received: at(5, '15:00'),
        recorded: at(5, '15:10'),
        rag: 'green',
        due: at(8, '17:00'),
        proposed: { by: p1!, at: at(6, '09:00') },
        authorised: { by: m1, at: at(6, '09:30') },
      },
      // C6: P2's only decision (no screening time); waiting when M1 finished C3 at 11:00: 12 minutes.
      {
        received: at(5, '10:40'),
        recorded: at(5, '10:45'),
        rag: 'red',
        due: at(5, '14:40'),
        proposed: { by: p2!, at: at(5, '10:55') },
        authorised: { by: m1, at: at(5, '11:12') },
      },
      // Not rated: counted apart. Received in February: not in March at all.
      { received: at(7, '12:00'), recorded: at(7, '12:05'), rag: null },
      {
        received: new Date('2030-02-28T23:00:00Z'),
        recorded: new Date('2030-02-28T23:05:00Z'),
        rag: 'green',
      },
    ]);
    await db
      .insertInto('rag_rating')
      .values({
        contact_child_id: c1!,
        rag: 'amber',
        kind: 'screening',
        rationale: 'Fixture',
        due_at: dueTomorrow,
        rated_by: p1!,
        rated_at: at(5, '09:00'),
      })
      .execute();
    await db
      .insertInto('threshold_assessment')
      .values({
        contact_child_id: c2!,
        threshold_document_id: document.id,
        descriptor_ids: [],
        indicated_level: 1,
        chosen_level: 1,
        assessed_by: p1!,
        assessed_at: at(5, '09:50'),
      })
      .execute();

    const history = await measureHistory(db, monthPeriod('2030-03'));
    expect(history.arrivals.map((arrival) => arrival.rag)).toEqual([
      'amber',
      'green',
      'amber',
      'red',
      'red',
      'green',
    ]);
    expect(history.unrated).toBe(1);
    expect(history.samples.screening).toEqual({ red: [], amber: [], green: [40] });
    expect(history.samples.authorisation).toEqual({ red: [12], amber: [], green: [20] });
    expect(history.actual).toEqual({
      met: { red: 1, amber: 2, green: 2 },
      all: { red: 2, amber: 2, green: 2 },
    });
  });
});

describe('replaying a month of the seeded history', () => {
  it('predicts within 10% of the simulated timeliness, for the recommended and a tight staffing', async () => {
    const period = monthPeriod('2026-10');
    const [history, settings] = await Promise.all([measureHistory(db, period), councilSettings(db)]);
    expect(history.arrivals.length).toBeGreaterThan(30);
    const calendar = calendarOf(settings);
    const { serviceTimes } = stepTimesFrom(history.samples);
    const model = prepareModel({
      period,
      rates: arrivalRatesFrom(history.arrivals, period, calendar),
      serviceTimes,
      ragTimescales: settings.ragTimescales,
      calendar,
    });
    for (const shifts of [recommendStaffing(model).shifts, ROTAS.tight]) {
      const rota = rotaFromShifts(shifts);
      const predicted = predictTimeliness(model, rota).overall;
      const simulated = simulateQueue(
        history.arrivals,
        { rota, serviceTimes, ragTimescales: settings.ragTimescales, calendar },
        1
      ).timeliness.overall;
      expect(
        Math.abs(predicted - simulated),
        `model ${predicted}, simulation ${simulated}`
      ).toBeLessThanOrEqual(0.1 * simulated);
    }
  });
});
