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
/** The front-door team's managers: the owning team's managers for front-door work. */
let frontDoorManagerIds: number[];
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
  frontDoorManagerIds = (
    await t.db
      .selectFrom('staff_user')
      .where('team_id', '=', frontDoorTeamId)
      .where('role', '=', 'team_manager')
      .where('active', '=', true)
      .select('id')
      .orderBy('id')
      .execute()
  ).map((row) => row.id);
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

async function toPractitioner(contactChildId: number) {
  return (await notificationsFor(contactChildId)).filter((row) => row.user_id === practitionerId);
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
  it('raises each warning and breach once, to the allocated worker and their managers, or else the team', async () => {
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
    expect(frontDoorManagerIds.length).toBeGreaterThan(0);
    expect(first.notificationsRaised).toBe(1 + frontDoorManagerIds.length + 2);

    const key = `rag_due_soon:${allocated.contactChildId}:${minutesAfter(now, 30).toISOString()}`;
    const toWorker = await notificationsFor(allocated.contactChildId);
    expect(toWorker).toEqual([
      expect.objectContaining({
        kind: 'rag_due_soon',
        user_id: practitionerId,
        team_id: null,
        event_key: key,
        read_at: null,
      }),
      // The near-breach reaches the owning team's managers too, each once.
      ...frontDoorManagerIds.map((managerId) =>
        expect.objectContaining({
          kind: 'rag_due_soon',
          user_id: managerId,
          team_id: null,
          event_key: `${key}:user:${managerId}`,
        })
      ),
    ]);
    expect(toWorker[0]!.message).toContain(allocated.reference);
    const toTeam = await notificationsFor(unallocated.contactChildId);
    expect(toTeam.map((row) => [row.kind, row.user_id, row.team_id])).toEqual([
      ['rag_breached', null, frontDoorTeamId],
      ['decision_breached', null, frontDoorTeamId],
    ]);

    expect(await runDeadlineSweep(t.db, t.clock)).toEqual({ notificationsRaised: 0, requestsChased: 0 });
    expect(await notificationsFor(allocated.contactChildId)).toHaveLength(1 + frontDoorManagerIds.length);
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
    expect((await toPractitioner(child.contactChildId)).map((row) => row.kind)).toEqual([
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
    const decisionEvents = (await toPractitioner(child.contactChildId)).filter((row) =>
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
      ...frontDoorManagerIds.map((managerId) => ['decision_breached', managerId, null]),
      ['authorisation_overdue', null, frontDoorTeamId],
    ]);
    expect(raised.at(-1)!.event_key).toMatch(new RegExp(`^authorisation_overdue:${decision.id}:`));
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
    // Tuesday 24 November 2026, 10:00: in service hours, so no out-of-hours recipients join in.
    t.clock.set(new Date('2026-11-24T10:00:00Z'));
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
    // Each breach to the worker and each front-door manager, and the overdue request's two.
    expect(a.notificationsRaised + b.notificationsRaised).toBe(5 * (1 + frontDoorManagerIds.length) + 2);
    expect(a.requestsChased + b.requestsChased).toBe(1);
    for (const child of children) {
      expect(
        (await notificationsFor(child.contactChildId)).filter((row) => row.kind === 'rag_breached')
      ).toHaveLength(1 + frontDoorManagerIds.length);
    }
    const request = await t.db
      .selectFrom('information_request')
      .select('chase_count')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(request.chase_count).toBe(1);
  });
});

describe('who hears of a breach', () => {
  it('tells the manager as well as the practitioner, on their notifications pages', async () => {
    await raiseSeededEvents();
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -300),
      rag: 'amber',
      ragDueAt: minutesAfter(now, -5),
      decisionDueAt: minutesAfter(now, 600),
      workerId: practitionerId,
      teamId: frontDoorTeamId,
    });
    await runDeadlineSweep(t.db, t.clock);
    const manager = await t.signedIn(demoUser('team_manager'));
    const managersPage = await manager.get('/notifications');
    expect(managersPage.statusCode).toBe(200);
    expect(managersPage.body).toContain(`${child.reference}: the amber RAG timescale ended at`);
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await practitioner.get('/notifications')).body).toContain(
      `${child.reference}: the amber RAG timescale ended at`
    );
  });

  it('tells the managers of the team that holds the work, not the front door’s', async () => {
    const assessment = await t.db
      .selectFrom('staff_user')
      .where('username', '=', 'assessment')
      .select(['id', 'team_id'])
      .executeTakeFirstOrThrow();
    const assessmentManagers = await t.db
      .selectFrom('staff_user')
      .where('team_id', '=', assessment.team_id)
      .where('role', '=', 'team_manager')
      .select('id')
      .execute();
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -300),
      decisionDueAt: minutesAfter(now, -5),
      workerId: assessment.id,
      teamId: assessment.team_id!,
    });
    await runDeadlineSweep(t.db, t.clock);
    const raised = await notificationsFor(child.contactChildId);
    expect(raised.map((row) => row.user_id).sort()).toEqual(
      [assessment.id, ...assessmentManagers.map((row) => row.id)].sort()
    );
    expect(raised.some((row) => frontDoorManagerIds.includes(row.user_id!))).toBe(false);
  });

  it('puts a red contact open at night to the out-of-hours team, and its breach to the duty managers', async () => {
    // Saturday 28 November 2026, 23:00 GMT: the front door is closed.
    t.clock.set(new Date('2026-11-28T23:00:00Z'));
    await raiseSeededEvents();
    const outOfHoursTeam = await t.db
      .selectFrom('team')
      .where('kind', '=', 'out_of_hours')
      .select('id')
      .executeTakeFirstOrThrow();
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -200),
      rag: 'red',
      ragDueAt: minutesAfter(now, 40),
      decisionDueAt: minutesAfter(now, 48 * 60),
      workerId: practitionerId,
      outOfHours: true,
    });
    await runDeadlineSweep(t.db, t.clock);
    const first = await notificationsFor(child.contactChildId);
    expect(
      first.filter((row) => row.kind === 'red_out_of_hours').map((row) => [row.user_id, row.team_id])
    ).toEqual([[null, outOfHoursTeam.id]]);
    const nearBreach = first.filter((row) => row.kind === 'rag_due_soon');
    expect(nearBreach.map((row) => [row.user_id, row.team_id])).toEqual([
      [practitionerId, null],
      ...frontDoorManagerIds.map((id) => [id, null]),
      [null, outOfHoursTeam.id],
    ]);

    t.clock.advanceMinutes(41);
    await runDeadlineSweep(t.db, t.clock);
    await runDeadlineSweep(t.db, t.clock);
    const breach = (await notificationsFor(child.contactChildId)).filter(
      (row) => row.kind === 'rag_breached'
    );
    expect(breach.map((row) => [row.user_id, row.team_id])).toEqual([
      [practitionerId, null],
      ...frontDoorManagerIds.map((id) => [id, null]),
      [null, outOfHoursTeam.id],
    ]);
    // Once per due time: the night's alert is not repeated.
    expect(
      (await notificationsFor(child.contactChildId)).filter((row) => row.kind === 'red_out_of_hours')
    ).toHaveLength(1);
    t.clock.set(MONDAY);
  });

  it('tells the on-call managers the out-of-hours arrangements name, alongside the receiving team', async () => {
    const onCall = await t.db
      .selectFrom('staff_user')
      .where('role', '=', 'service_manager')
      .where('active', '=', true)
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const outOfHoursTeam = await t.db
      .selectFrom('team')
      .where('kind', '=', 'out_of_hours')
      .select('id')
      .executeTakeFirstOrThrow();
    // Sunday 29 November 2026, 03:00 GMT: the front door is closed.
    t.clock.set(new Date('2026-11-29T03:00:00Z'));
    await t.db
      .insertInto('out_of_hours_arrangement')
      .values({
        version: 1,
        receiving_team_id: outOfHoursTeam.id,
        on_call_manager_ids: [onCall.id],
        handover_time: '08:30',
        saved_by: onCall.id,
        saved_at: minutesAfter(t.clock.now(), -60),
      })
      .execute();
    await raiseSeededEvents();
    const now = t.clock.now();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -30),
      rag: 'red',
      ragDueAt: minutesAfter(now, 200),
      decisionDueAt: minutesAfter(now, 48 * 60),
      outOfHours: true,
    });
    await runDeadlineSweep(t.db, t.clock);
    const alerts = (await notificationsFor(child.contactChildId)).filter(
      (row) => row.kind === 'red_out_of_hours'
    );
    expect(alerts.map((row) => [row.user_id, row.team_id])).toEqual(
      expect.arrayContaining([
        [onCall.id, null],
        [null, outOfHoursTeam.id],
      ])
    );
    expect(alerts).toHaveLength(2);
    await t.db.deleteFrom('out_of_hours_arrangement').execute();
    t.clock.set(MONDAY);
  });
});

describe('the background sweep', () => {
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
