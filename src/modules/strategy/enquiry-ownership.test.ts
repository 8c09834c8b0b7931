import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { runDeadlineSweep } from '../work/deadline-sweep.ts';
import { openEnquiry } from './strategy-discussions.ts';

let t: TestApp;
let practitionerId: number;
let frontDoorTeamId: number;
let frontDoorManagerIds: number[];
let assessment: { id: number; team_id: number };

beforeAll(async () => {
  t = await createTestApp();
  const practitioner = await t.db
    .selectFrom('staff_user')
    .where('username', '=', demoUser('front_door_practitioner'))
    .select(['id', 'team_id'])
    .executeTakeFirstOrThrow();
  practitionerId = practitioner.id;
  frontDoorTeamId = practitioner.team_id!;
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
  const worker = await t.db
    .selectFrom('staff_user')
    .where('username', '=', 'assessment')
    .select(['id', 'team_id'])
    .executeTakeFirstOrThrow();
  assessment = { id: worker.id, team_id: worker.team_id! };
});
afterAll(() => t.close());

/** A joint section 47 discussion on Friday 20 November 2026 at 09:30 (ICPC due Friday 11 December). */
function discussionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'convenedAt-day': '20',
    'convenedAt-month': '11',
    'convenedAt-year': '2026',
    'convenedAt-time': '09:30',
    chair: String(frontDoorManagerIds[0]),
    'attendee-council-attended': 'yes',
    'attendee-council-name': 'Priya Sandhu',
    'attendee-police-attended': 'yes',
    'attendee-police-name': 'DC Rowe',
    'attendee-health-attended': 'yes',
    'attendee-health-name': 'Dr Amos Kerr',
    informationShared: 'School saw bruising to the upper arm.',
    outcome: 'joint_s47',
    rationale: 'The child says a parent caused the bruising.',
    actionCount: '3',
    ...overrides,
  };
}

async function newChild(givenName: string) {
  t.clock.set(TEST_NOW);
  return (await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName, immediateRisk: true }))
    .contactChildId;
}

function discussionIdOf(location: unknown): number {
  return Number(/^\/strategy-discussions\/(\d+)$/.exec(String(location))![1]);
}

async function ownerOf(id: number) {
  return t.db
    .selectFrom('strategy_discussion')
    .select(['team_id', 'worker_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('who owns a strategy discussion and its section 47 enquiry', () => {
  it('offers the person recording it in their team by default, and saves that owner', async () => {
    const contactChildId = await newChild('Aurelio');
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const form = await practitioner.get(`/screening/${contactChildId}/strategy-discussions`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(new RegExp(`<option value="${frontDoorTeamId}" selected>`));
    expect(form.body).toMatch(new RegExp(`<option value="${practitionerId}" selected>`));

    const saved = await practitioner.post(
      `/screening/${contactChildId}/strategy-discussions`,
      discussionForm()
    );
    expect(saved.statusCode).toBe(303);
    const id = discussionIdOf(saved.headers.location);
    expect(await ownerOf(id)).toEqual({ team_id: frontDoorTeamId, worker_id: practitionerId });
    const page = await practitioner.get(`/strategy-discussions/${id}`);
    expect(page.body).toContain('Owned by');
  });

  it('refuses a worker who is not in the owning team, saying so, and keeps what was typed', async () => {
    const contactChildId = await newChild('Berenike');
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const before = await t.db
      .selectFrom('strategy_discussion')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await practitioner.post(
      `/screening/${contactChildId}/strategy-discussions`,
      discussionForm({ ownerTeam: String(frontDoorTeamId), ownerWorker: String(assessment.id) })
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Sam Okafor is not in Front Door (MASH)');
    expect(response.body).toContain('href="#ownerWorker"');
    expect(response.body).toContain('School saw bruising to the upper arm.');
    const after = await t.db
      .selectFrom('strategy_discussion')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('can never be left without an owning team or worker in the database', async () => {
    const contactChildId = await newChild('Cassius');
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const saved = await practitioner.post(
      `/screening/${contactChildId}/strategy-discussions`,
      discussionForm()
    );
    const id = discussionIdOf(saved.headers.location);
    await expect(
      t.db
        .updateTable('strategy_discussion')
        .set({ worker_id: sql<number>`null` })
        .where('id', '=', id)
        .execute()
    ).rejects.toThrow();
    await expect(
      t.db
        .updateTable('strategy_discussion')
        .set({ team_id: sql<number>`null` })
        .where('id', '=', id)
        .execute()
    ).rejects.toThrow();
  });
});

describe('a joint section 47 enquiry once the front door’s work is closed', () => {
  let contactChildId: number;
  let id: number;

  it('stays in the owning team’s and worker’s queue, with its conference date', async () => {
    contactChildId = await newChild('Delphine');
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const saved = await practitioner.post(
      `/screening/${contactChildId}/strategy-discussions`,
      discussionForm({ ownerTeam: String(assessment.team_id), ownerWorker: String(assessment.id) })
    );
    expect(saved.statusCode).toBe(303);
    id = discussionIdOf(saved.headers.location);
    // The harmful path: the front door's contact is closed while the enquiry is still open.
    await t.db
      .updateTable('contact_child')
      .set({ status: 'completed', completed_at: TEST_NOW })
      .where('id', '=', contactChildId)
      .execute();

    const manager = await t.signedIn(demoUser('team_manager'));
    const work = await manager.get('/work');
    expect(work.statusCode).toBe(200);
    const row = new RegExp(
      `data-enquiry="${id}" data-team="${assessment.team_id}" data-worker="${assessment.id}"[\\s\\S]*?front-door work closed[\\s\\S]*?Sam Okafor[\\s\\S]*?11 December 2026`
    );
    expect(work.body).toMatch(row);
    const owner = await t.signedIn('assessment');
    // The demo council may already give this worker enquiries: the count is theirs, this one included.
    const owned = await t.db
      .selectFrom('strategy_discussion')
      .where('worker_id', '=', assessment.id)
      .where(openEnquiry)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const count = Number(owned.n);
    expect(count).toBeGreaterThanOrEqual(1);
    expect((await owner.get('/')).body).toContain(
      `${count} open section 47 ${count === 1 ? 'enquiry' : 'enquiries'} owned by you`
    );
  });

  it('chases the conference date with the owner and their managers, then stops once it is held', async () => {
    const assessmentManagers = (
      await t.db
        .selectFrom('staff_user')
        .where('team_id', '=', assessment.team_id)
        .where('role', '=', 'team_manager')
        .where('active', '=', true)
        .select('id')
        .orderBy('id')
        .execute()
    ).map((row) => row.id);
    const icpcNotifications = () =>
      t.db
        .selectFrom('notification')
        .select(['kind', 'user_id', 'team_id', 'strategy_discussion_id', 'message'])
        .where('strategy_discussion_id', '=', id)
        .orderBy('id')
        .execute();

    // Monday 7 December: 4 working days before Friday 11 December, not yet.
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    await runDeadlineSweep(t.db, t.clock);
    expect(await icpcNotifications()).toEqual([]);

    // Tuesday 8 December: within 3 working days.
    t.clock.set(new Date('2026-12-08T10:00:00Z'));
    await runDeadlineSweep(t.db, t.clock);
    await runDeadlineSweep(t.db, t.clock);
    const soon = await icpcNotifications();
    expect(soon.map((row) => [row.kind, row.user_id])).toEqual([
      ['icpc_due_soon', assessment.id],
      ...assessmentManagers.map((managerId) => ['icpc_due_soon', managerId]),
    ]);
    expect(soon[0]!.message).toContain('the initial child protection conference is due by 11 December 2026');

    // Monday 14 December: missed.
    t.clock.set(new Date('2026-12-14T10:00:00Z'));
    await runDeadlineSweep(t.db, t.clock);
    const missed = (await icpcNotifications()).filter((row) => row.kind === 'icpc_overdue');
    expect(missed.map((row) => row.user_id)).toEqual([assessment.id, ...assessmentManagers]);
    const owner = await t.signedIn('assessment');
    const page = await owner.get('/notifications');
    expect(page.body).toContain('Child protection conference overdue');
    expect(page.body).toContain(`href="/strategy-discussions/${id}"`);

    // The conference is held (late): nothing more is chased, and it leaves the queue.
    const version = await t.db
      .selectFrom('strategy_discussion')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const held = await owner.post(`/strategy-discussions/${id}/section-47`, {
      version: String(version.version),
      s47Outcome: 'icpc',
      's47CompletedOn-day': '4',
      's47CompletedOn-month': '12',
      's47CompletedOn-year': '2026',
      'icpcHeldOn-day': '14',
      'icpcHeldOn-month': '12',
      'icpcHeldOn-year': '2026',
    });
    expect(held.statusCode).toBe(303);
    t.clock.set(new Date('2026-12-15T10:00:00Z'));
    const before = (await icpcNotifications()).length;
    await runDeadlineSweep(t.db, t.clock);
    expect(await icpcNotifications()).toHaveLength(before);
    const manager = await t.signedIn(demoUser('team_manager'));
    expect((await manager.get('/work')).body).not.toContain(`data-enquiry="${id}"`);
  });
});

describe('giving an enquiry to another team and worker', () => {
  it('is for managers, refuses a worker outside the team, and moves the enquiry to its new owner', async () => {
    const contactChildId = await newChild('Evander');
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const saved = await practitioner.post(
      `/screening/${contactChildId}/strategy-discussions`,
      discussionForm()
    );
    const id = discussionIdOf(saved.headers.location);
    const change = { ownerTeam: String(assessment.team_id), ownerWorker: String(assessment.id) };
    expect((await practitioner.post(`/strategy-discussions/${id}/owner`, change)).statusCode).toBe(403);

    const manager = await t.signedIn(demoUser('team_manager'));
    const wrong = await manager.post(`/strategy-discussions/${id}/owner`, {
      ownerTeam: String(assessment.team_id),
      ownerWorker: String(practitionerId),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('is not in Assessment and Family Help');
    expect(await ownerOf(id)).toEqual({ team_id: frontDoorTeamId, worker_id: practitionerId });
    const blank = await manager.post(`/strategy-discussions/${id}/owner`, { ownerTeam: '', ownerWorker: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Select the team that owns the section 47 enquiry');

    const moved = await manager.post(`/strategy-discussions/${id}/owner`, change);
    expect(moved.statusCode).toBe(303);
    expect(await ownerOf(id)).toEqual({ team_id: assessment.team_id, worker_id: assessment.id });
    expect((await manager.get(`/strategy-discussions/${id}?owner=1`)).body).toContain(
      'Now owned by Sam Okafor'
    );
    expect(frontDoorManagerIds.length).toBeGreaterThan(0);
  });
});

describe('the open enquiries on the work page', () => {
  it('pages through them, fifty at a time, each once, with how many are open in all', async () => {
    const contactChildId = await newChild('Perpetua');
    // Sixty more open enquiries, due long after any other, so they fill the last pages.
    const added = await sql<{ id: number }>`
      insert into strategy_discussion
        (contact_child_id, convened_at, outcome, recorded_by, recorded_at, team_id, worker_id, icpc_due_on)
      select ${contactChildId}, ${TEST_NOW}, 'joint_s47', ${practitionerId}, ${TEST_NOW}, ${assessment.team_id},
        ${assessment.id}, date '2099-01-01' + n
      from generate_series(1, 60) as n
      returning id`.execute(t.db);
    const ours = added.rows.map((row) => row.id);
    const manager = await t.signedIn(demoUser('team_manager'));
    const first = await manager.get('/work');
    const total = Number(/([\d,]+) open\. Showing 1 to 50\./.exec(first.body)?.[1]?.replace(/,/g, ''));
    expect(total).toBeGreaterThanOrEqual(60);
    expect(first.body).toContain('href="/work?page=2#enquiries"');
    const pages = Math.ceil(total / 50);
    const seen: number[] = [];
    for (let page = 1; page <= pages; page++) {
      const body = (await manager.get(`/work?page=${page}`)).body;
      const ids = [...body.matchAll(/data-enquiry="(\d+)"/g)].map((match) => Number(match[1]));
      expect(ids.length, `page ${page}`).toBe(page < pages ? 50 : total - 50 * (pages - 1));
      seen.push(...ids);
    }
    expect(new Set(seen).size).toBe(total);
    // Soonest conference first: the sixty due in 2099 are the last of all, in order.
    expect(seen.slice(-60)).toEqual(ours);
    // Past the last page (enquiries closed since the link was made): back to the first.
    const beyond = await manager.get(`/work?page=${pages + 1}`);
    expect(beyond.statusCode).toBe(303);
    expect(beyond.headers.location).toBe('/work#enquiries');
    expect((await manager.get('/work?page=first')).body).toContain(`${total.toLocaleString('en-GB')} open.`);
  });

  it('counts them only as far as a thousand, then pages on with next and previous', async () => {
    const contactChildId = await newChild('Quirinus');
    await sql`
      insert into strategy_discussion
        (contact_child_id, convened_at, outcome, recorded_by, recorded_at, team_id, worker_id, icpc_due_on)
      select ${contactChildId}, ${TEST_NOW}, 'single_agency_s47', ${practitionerId}, ${TEST_NOW},
        ${assessment.team_id}, ${assessment.id}, date '2098-01-01' + n
      from generate_series(1, 1000) as n`.execute(t.db);
    const manager = await t.signedIn(demoUser('team_manager'));
    const second = await manager.get('/work?page=2');
    expect(second.body).toContain('More than 1,000 open. Showing 51 to 100.');
    expect(second.body).toContain('href="/work?page=1#enquiries"');
    expect(second.body).toContain('href="/work?page=3#enquiries"');
    expect([...second.body.matchAll(/data-enquiry="/g)]).toHaveLength(50);
  });
});
