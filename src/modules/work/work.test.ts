import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { loadWorkQueues } from './queues.ts';
import { insertOpenChild, minutesAfter } from './work-fixtures.ts';

let t: TestApp;
let teamId: number;
let workerId: number;
let agencyId: number;

/** A team, a worker and an agency of their own, so the counts are exactly what the test made. */
beforeAll(async () => {
  t = await createTestApp();
  const council = await t.db
    .selectFrom('agency')
    .where('kind', '=', 'council')
    .select('id')
    .executeTakeFirstOrThrow();
  teamId = (
    await t.db
      .insertInto('team')
      .values({ name: 'Test Duty Team', kind: 'assessment', agency_id: council.id, locality_id: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  workerId = (
    await t.db
      .insertInto('staff_user')
      .values({
        username: 'test.worker',
        display_name: 'Test Worker',
        email: 'test.worker@northmoor.example',
        role: 'front_door_practitioner',
        agency_id: council.id,
        team_id: teamId,
        password_hash: null,
        totp_secret: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  agencyId = (
    await t.db
      .insertInto('agency')
      .values({ name: 'Test Housing Association', kind: 'housing' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const now = t.clock.now();
  const open = (minutes: number, extra: Partial<Parameters<typeof insertOpenChild>[1]>) =>
    insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -600),
      decisionDueAt: minutesAfter(now, minutes),
      teamId,
      ...extra,
    });
  const overdue = await open(600, {
    rag: 'red',
    ragDueAt: minutesAfter(now, -5),
    workerId,
    status: 'screening',
  });
  await open(600, {
    rag: 'amber',
    ragDueAt: minutesAfter(now, 300),
    workerId,
    status: 'awaiting_information',
  });
  await open(-1, { status: 'new' });
  await open(600, { rag: 'green', ragDueAt: minutesAfter(now, 900), status: 'completed', workerId });
  for (const dueIn of [-30, 60]) {
    await t.db
      .insertInto('information_request')
      .values({
        contact_child_id: overdue.contactChildId,
        agency_id: agencyId,
        question: 'Any tenancy concerns?',
        consent_status: 'given',
        due_at: minutesAfter(now, dueIn),
        requested_by: workerId,
        requested_at: minutesAfter(now, -120),
      })
      .execute();
  }
});
afterAll(() => t.close());

describe('queues and caseloads', () => {
  it('counts a team’s open work by status and RAG, with what is overdue', async () => {
    const queues = await loadWorkQueues(t.db, t.clock.now());
    const team = queues.teams.find((row) => row.teamId === teamId);
    expect(team).toMatchObject({
      teamName: 'Test Duty Team',
      open: 3,
      byStatus: { new: 1, screening: 1, awaiting_information: 1, awaiting_decision: 0 },
      byRag: { red: 1, amber: 1, green: 0, unrated: 1 },
      overdue: 2,
    });
    const worker = queues.workers.find((row) => row.id === workerId);
    expect(worker).toEqual({
      id: workerId,
      name: 'Test Worker',
      team_name: 'Test Duty Team',
      caseload: 2,
      overdue: 1,
      oldest_due: minutesAfter(t.clock.now(), -5),
    });
    const agency = queues.partners.find((row) => row.id === agencyId);
    expect(agency).toEqual({
      id: agencyId,
      name: 'Test Housing Association',
      open: 2,
      late: 1,
      oldest_due: minutesAfter(t.clock.now(), -30),
    });
  });

  it('shows the counts with links to each team’s and worker’s queue, and audits the view', async () => {
    const manager = await t.signedIn(demoUser('team_manager'));
    const page = await manager.get('/work');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/contacts?team=${teamId}"`);
    expect(page.body).toContain(`href="/contacts?worker=${workerId}"`);
    expect(page.body).toContain('Test Housing Association');
    expect(page.body).not.toContain('Test Child');
    const audit = await t.db
      .selectFrom('audit_event')
      .select('record_type')
      .where('action', '=', 'work.queue_view')
      .execute();
    expect(audit).toEqual([{ record_type: 'contact' }]);
    const partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    expect((await partner.get('/work')).statusCode).toBe(403);
  });
});

describe('the due time a queue measures work against', () => {
  it('is the earlier of the RAG time and the one-working-day decision time', async () => {
    const council = await t.db
      .selectFrom('agency')
      .where('kind', '=', 'council')
      .select('id')
      .executeTakeFirstOrThrow();
    const greenTeam = await t.db
      .insertInto('team')
      .values({ name: 'Test Green Team', kind: 'assessment', agency_id: council.id, locality_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = t.clock.now();
    // Green is due in three working days, but the decision was due ten minutes ago.
    const late = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -600),
      rag: 'green',
      ragDueAt: minutesAfter(now, 3 * 12 * 60),
      decisionDueAt: minutesAfter(now, -10),
      teamId: greenTeam.id,
    });
    const amber = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -600),
      rag: 'amber',
      ragDueAt: minutesAfter(now, 120),
      decisionDueAt: minutesAfter(now, 240),
      teamId: greenTeam.id,
    });
    const team = (await loadWorkQueues(t.db, now)).teams.find((row) => row.teamId === greenTeam.id);
    expect(team).toMatchObject({ open: 2, overdue: 1 });

    const manager = await t.signedIn(demoUser('team_manager'));
    const queue = await manager.get(`/contacts?team=${greenTeam.id}`);
    expect(queue.statusCode).toBe(200);
    // Soonest first by that time: the green one, overdue by its decision, then the amber one.
    const first = queue.body.indexOf(late.reference);
    const second = queue.body.indexOf(amber.reference);
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    const greenRow = queue.body.slice(first, second);
    expect(greenRow).toContain('Overdue by 10m working time');
    expect(greenRow).toContain(`data-due="${minutesAfter(now, -10).getTime()}"`);
  });
});
