import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { Db } from '../../platform/db/database.ts';
import { runDeadlineSweep, startDeadlineSweep } from './deadline-sweep.ts';
import { insertOpenChild, minutesAfter } from './work-fixtures.ts';

let t: TestApp;
let practitionerId: number;
let frontDoorTeamId: number;
let policeAgencyId: number;
let policeTeamId: number;
// Monday 23 November 2026, 10:00 GMT: the front door is open.
const MONDAY = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(MONDAY);
  const practitioner = await t.db
    .selectFrom('staff_user')
    .where('username', '=', demoUser('front_door_practitioner'))
    .select(['id', 'team_id'])
    .executeTakeFirstOrThrow();
  practitionerId = practitioner.id;
  frontDoorTeamId = practitioner.team_id!;
  const police = await t.db
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .where('agency.kind', '=', 'police')
    .where('team.kind', '=', 'partner')
    .select(['agency.id as agency_id', 'team.id as team_id'])
    .executeTakeFirstOrThrow();
  policeAgencyId = police.agency_id;
  policeTeamId = police.team_id;
  await raiseSeededEvents();
});
afterAll(() => t.close());

/** Raises whatever the seeded council has due by now, so a test counting events sees only its own. */
async function raiseSeededEvents() {
  await runDeadlineSweep(t.db, t.clock, { batchSize: 100_000 });
}

function notificationsFor(contactChildId: number) {
  return t.db
    .selectFrom('notification')
    .selectAll()
    .where('contact_child_id', '=', contactChildId)
    .orderBy('id')
    .execute();
}

async function informationRequest(db: Db, contactChildId: number, dueAt: Date) {
  const row = await db
    .insertInto('information_request')
    .values({
      contact_child_id: contactChildId,
      agency_id: policeAgencyId,
      question: 'What do you know about the household?',
      consent_status: 'not_sought',
      due_at: dueAt,
      requested_by: practitionerId,
      requested_at: minutesAfter(dueAt, -120),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('the deadline sweep', () => {
  it('raises each warning and breach once, to the allocated worker or else the team', async () => {
    const now = t.clock.now();
    const allocated = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -200),
      rag: 'red',
      ragDueAt: minutesAfter(now, 30),
      decisionDueAt: minutesAfter(now, 24 * 60),
      workerId: practitionerId,
      teamId: frontDoorTeamId,
    });
    const unallocated = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -300),
      rag: 'amber',
      ragDueAt: minutesAfter(now, -10),
      decisionDueAt: minutesAfter(now, -10),
    });

    const first = await runDeadlineSweep(t.db, t.clock);
    expect(first.notificationsRaised).toBe(3);

    const toWorker = await notificationsFor(allocated.contactChildId);
    expect(toWorker).toEqual([
      expect.objectContaining({
        kind: 'rag_due_soon',
        user_id: practitionerId,
        team_id: null,
        event_key: `rag_due_soon:${allocated.contactChildId}:${minutesAfter(now, 30).toISOString()}`,
        read_at: null,
      }),
    ]);
    expect(toWorker[0]!.message).toContain(allocated.reference);
    const toTeam = await notificationsFor(unallocated.contactChildId);
    expect(toTeam.map((row) => [row.kind, row.user_id, row.team_id])).toEqual([
      ['rag_breached', null, frontDoorTeamId],
      ['decision_breached', null, frontDoorTeamId],
    ]);

    expect(await runDeadlineSweep(t.db, t.clock)).toEqual({ notificationsRaised: 0, requestsChased: 0 });
    expect(await notificationsFor(allocated.contactChildId)).toHaveLength(1);
  });

  it('raises the breach once the clock passes the due time, and a new event when the due time moves', async () => {
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -60),
      rag: 'red',
      ragDueAt: minutesAfter(now, 90),
      decisionDueAt: minutesAfter(now, 8 * 60),
      workerId: practitionerId,
    });
    await runDeadlineSweep(t.db, t.clock);
    expect(await notificationsFor(child.contactChildId)).toEqual([]);

    t.clock.advanceMinutes(45);
    await runDeadlineSweep(t.db, t.clock);
    t.clock.advanceMinutes(50);
    await runDeadlineSweep(t.db, t.clock);
    expect((await notificationsFor(child.contactChildId)).map((row) => row.kind)).toEqual([
      'rag_due_soon',
      'rag_breached',
    ]);

    t.clock.advanceMinutes(335);
    await runDeadlineSweep(t.db, t.clock);
    t.clock.advanceMinutes(55);
    await runDeadlineSweep(t.db, t.clock);
    // A manager extends the decision after it was missed: the new due time is a new event.
    await t.db
      .updateTable('contact_child')
      .set({
        decision_extended_to: minutesAfter(t.clock.now(), 120),
        decision_extension_reason: 'Waiting for police checks',
      })
      .where('id', '=', child.contactChildId)
      .execute();
    t.clock.advanceMinutes(61);
    await runDeadlineSweep(t.db, t.clock);
    t.clock.advanceMinutes(60);
    await runDeadlineSweep(t.db, t.clock);
    const decisionEvents = (await notificationsFor(child.contactChildId)).filter((row) =>
      row.kind.startsWith('decision_')
    );
    expect(decisionEvents.map((row) => row.kind)).toEqual([
      'decision_due_soon',
      'decision_breached',
      'decision_due_soon',
      'decision_breached',
    ]);
    expect(new Set(decisionEvents.map((row) => row.event_key)).size).toBe(4);
  });

  it('stops once a decision is authorised', async () => {
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -60),
      rag: 'red',
      ragDueAt: minutesAfter(now, -1),
      decisionDueAt: minutesAfter(now, -1),
      status: 'awaiting_handover',
    });
    await runDeadlineSweep(t.db, t.clock);
    expect(await notificationsFor(child.contactChildId)).toEqual([]);
  });

  it('tells the front-door managers about proposed decisions waiting past their due time', async () => {
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -600),
      decisionDueAt: minutesAfter(now, -5),
      status: 'awaiting_authorisation',
      workerId: practitionerId,
    });
    const decision = await t.db
      .insertInto('decision')
      .values({
        contact_child_id: child.contactChildId,
        outcome: 'information_advice',
        outcomes: ['information_advice'],
        rationale: 'Universal services can meet the need',
        proposed_by: practitionerId,
        proposed_at: minutesAfter(now, -30),
        status: 'proposed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await runDeadlineSweep(t.db, t.clock);
    const raised = await notificationsFor(child.contactChildId);
    expect(raised.map((row) => [row.kind, row.user_id, row.team_id])).toEqual([
      ['decision_breached', practitionerId, null],
      ['authorisation_overdue', null, frontDoorTeamId],
    ]);
    expect(raised[1]!.event_key).toMatch(new RegExp(`^authorisation_overdue:${decision.id}:`));
  });

  it('tells the practitioner and chases the agency once per overdue request', async () => {
    await raiseSeededEvents();
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -600),
      decisionDueAt: minutesAfter(now, 600),
      workerId: practitionerId,
    });
    const requestId = await informationRequest(t.db, child.contactChildId, minutesAfter(now, -1));
    const first = await runDeadlineSweep(t.db, t.clock);
    expect(first).toEqual({ notificationsRaised: 2, requestsChased: 1 });
    await runDeadlineSweep(t.db, t.clock);

    const raised = await t.db
      .selectFrom('notification')
      .selectAll()
      .where('information_request_id', '=', requestId)
      .orderBy('id')
      .execute();
    expect(raised.map((row) => [row.kind, row.user_id, row.team_id])).toEqual([
      ['information_overdue', practitionerId, null],
      ['information_chase', null, policeTeamId],
    ]);
    const request = await t.db
      .selectFrom('information_request')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(request.chase_count).toBe(1);
    expect(request.chased_at).toEqual(now);
    const chased = await t.db
      .selectFrom('journey_event')
      .selectAll()
      .where('contact_child_id', '=', child.contactChildId)
      .where('kind', '=', 'information_chased')
      .execute();
    expect(chased).toEqual([
      expect.objectContaining({
        actor_id: null,
        details: { informationRequestId: requestId, agencyId: policeAgencyId, chaseCount: 1 },
      }),
    ]);

    // The due date is moved on and passes again: that is a new event, chased again.
    await t.db
      .updateTable('information_request')
      .set({ due_at: minutesAfter(now, 60) })
      .where('id', '=', requestId)
      .execute();
    t.clock.advanceMinutes(61);
    await runDeadlineSweep(t.db, t.clock);
    await runDeadlineSweep(t.db, t.clock);
    const again = await t.db
      .selectFrom('information_request')
      .select('chase_count')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(again.chase_count).toBe(2);
  });

  it('never raises an event twice when two sweeps run at once', async () => {
    await raiseSeededEvents();
    const now = t.clock.now();
    const children = [];
    for (let index = 0; index < 5; index++) {
      children.push(
        await insertOpenChild(t.db, {
          receivedAt: minutesAfter(now, -300),
          rag: 'red',
          ragDueAt: minutesAfter(now, -index - 1),
          decisionDueAt: minutesAfter(now, 600),
          workerId: practitionerId,
        })
      );
    }
    const requestId = await informationRequest(t.db, children[0]!.contactChildId, minutesAfter(now, -1));

    const [a, b] = await Promise.all([runDeadlineSweep(t.db, t.clock), runDeadlineSweep(t.db, t.clock)]);
    expect(a.notificationsRaised + b.notificationsRaised).toBe(5 + 2);
    expect(a.requestsChased + b.requestsChased).toBe(1);
    for (const child of children) {
      expect(
        (await notificationsFor(child.contactChildId)).filter((row) => row.kind === 'rag_breached')
      ).toHaveLength(1);
    }
    const request = await t.db
      .selectFrom('information_request')
      .select('chase_count')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(request.chase_count).toBe(1);
  });
});

describe('the background sweep', () => {
  it('runs at once, and after a failure logs no data and carries on', async () => {
    const failures: object[] = [];
    let failuresSeen: () => void;
    const twoFailures = new Promise<void>((resolve) => (failuresSeen = resolve));
    const failingDb = {
      selectFrom() {
        throw Object.assign(new Error('duplicate key value (Ysolde Marchbanks)'), { code: '23505' });
      },
    } as unknown as Db;
    const stop = startDeadlineSweep({
      db: failingDb,
      clock: t.clock,
      intervalMs: 1,
      logger: {
        info: () => {},
        error: (details, message) => {
          failures.push({ details, message });
          if (failures.length === 2) failuresSeen();
        },
      },
    });
    await twoFailures;
    await stop();
    expect(failures[0]).toEqual({
      details: { errorName: 'Error', code: '23505' },
      message: 'deadline sweep failed',
    });
    expect(JSON.stringify(failures)).not.toContain('Ysolde');
  });

  it('raises notifications from the real database and stops cleanly', async () => {
    await raiseSeededEvents();
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -300),
      rag: 'red',
      ragDueAt: minutesAfter(now, -1),
      decisionDueAt: minutesAfter(now, 600),
    });
    const logged: object[] = [];
    const stop = startDeadlineSweep({
      db: t.db,
      clock: t.clock,
      intervalMs: 60_000,
      logger: { info: (details) => logged.push(details), error: (details) => logged.push(details) },
    });
    await stop();
    expect((await notificationsFor(child.contactChildId)).map((row) => row.kind)).toEqual(['rag_breached']);
    expect(logged).toEqual([{ notificationsRaised: 1, requestsChased: 0 }]);
  });
});
