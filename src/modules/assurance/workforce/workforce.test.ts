/**
 * The workforce and capacity pages on the test council, with its workforce seeded: what each role may see
 * and do, the forms' specific errors with nothing typed lost, and every change saved with its audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';

let t: TestApp;
let qa: TestAgent;
let frontDoor: { id: number; name: string };

beforeAll(async () => {
  t = await createTestApp();
  qa = await t.signedIn('qa');
  frontDoor = await t.db
    .selectFrom('team')
    .where('kind', '=', 'front_door')
    .select(['id', 'name'])
    .executeTakeFirstOrThrow();
});

afterAll(() => t.close());

function auditRows(action: string) {
  return t.db
    .selectFrom('audit_event')
    .where('action', '=', action)
    .select(['event_class', 'record_type', 'record_id', 'details', 'actor_user_id'])
    .orderBy('id')
    .execute();
}

describe('who may see and change the workforce', () => {
  it('shows managers the workforce and capacity without the forms, and lets QA officers record', async () => {
    const manager = await t.signedIn('manager');
    const page = await manager.get('/assurance/workforce');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Workforce: ${frontDoor.name}`);
    expect(page.body).not.toContain('Record a supervision');
    expect((await manager.get(`/assurance/workforce/teams/${frontDoor.id}/supervision`)).statusCode).toBe(
      403
    );
    expect((await manager.get('/assurance/capacity')).statusCode).toBe(200);
    const qaPage = await qa.get(`/assurance/workforce?team=${frontDoor.id}`);
    expect(qaPage.body).toContain('Record a supervision');
    expect((await auditRows('performance.view')).some((row) => row.record_type === 'workforce')).toBe(true);
  });

  it('refuses partners and practitioners', async () => {
    const police = await t.signedIn('partner.police');
    expect((await police.get('/assurance/workforce')).statusCode).toBe(403);
    expect((await police.get('/assurance/capacity')).statusCode).toBe(403);
    const practitioner = await t.signedIn('practitioner');
    expect((await practitioner.get('/assurance/workforce')).statusCode).toBe(403);
    expect((await practitioner.get('/assurance/capacity')).statusCode).toBe(403);
  });
});

describe('the workforce page', () => {
  it('counts open work as the workload page does, posts, vacancies and supervision', async () => {
    const page = await qa.get(`/assurance/workforce?team=${frontDoor.id}`);
    // The demo practitioner's children's contacts not yet completed, counted here by hand.
    const { open } = await t.db
      .selectFrom('contact_child as cc')
      .innerJoin('staff_user as w', 'w.id', 'cc.worker_id')
      .where('w.username', '=', 'practitioner')
      .where('cc.status', '<>', 'completed')
      .select((eb) => eb.fn.countAll<number>().as('open'))
      .executeTakeFirstOrThrow();
    expect(Number(open)).toBeGreaterThan(0);
    const workerRow = page.body.slice(page.body.indexOf('>Jordan Ellis<'));
    const cells = [...workerRow.matchAll(/govuk-table__cell--numeric">([^<]+)</g)].map((match) => match[1]);
    expect(cells[0]).toBe(String(open));
    expect(page.body).toContain('Posts and staff in post');
    expect(page.body).toMatch(/Overdue by \d+ days?/);
    expect(page.body).toContain('Establishment over time');
  });
});

describe('recording the workforce', () => {
  it('saves an establishment with its audit row, and says what is wrong, keeping what was typed', async () => {
    const url = `/assurance/workforce/teams/${frontDoor.id}/establishment`;
    const bad = await qa.post(url, {
      'effectiveFrom-day': '1',
      'effectiveFrom-month': '13',
      'effectiveFrom-year': '2026',
      practitionerPosts: '20.55',
      managerPosts: '',
      supervisionEveryWeeks: '6',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Date the establishment starts must be a real date');
    expect(bad.body).toContain('Practitioner posts can have at most one decimal place');
    expect(bad.body).toContain('Enter the manager posts');
    expect(bad.body).toContain('value="20.55"');
    expect(await auditRows('workforce.establishment')).toEqual([]);

    const good = await qa.post(url, {
      'effectiveFrom-day': '1',
      'effectiveFrom-month': '11',
      'effectiveFrom-year': '2026',
      practitionerPosts: '22.5',
      managerPosts: '4',
      supervisionEveryWeeks: '6',
    });
    expect(good.statusCode).toBe(303);
    const page = await qa.get(good.headers.location as string);
    expect(page.body).toContain('The establishment is saved.');
    expect(page.body).toContain('Due every 6 weeks');
    const [audit] = await auditRows('workforce.establishment');
    expect(audit).toMatchObject({
      event_class: 'change',
      record_type: 'team',
      record_id: String(frontDoor.id),
    });
    expect(audit!.details).toMatchObject({ practitionerPosts: 22.5, managerPosts: 4, replaced: false });
  });

  it('saves employment and refuses a start after the first supervision', async () => {
    const member = await t.db
      .selectFrom('staff_user')
      .where('username', '=', 'practitioner')
      .select(['id', 'display_name'])
      .executeTakeFirstOrThrow();
    const first = await t.db
      .selectFrom('supervision')
      .where('staff_user_id', '=', member.id)
      .select((eb) => eb.fn.min('held_on').as('heldOn'))
      .executeTakeFirstOrThrow();
    const url = `/assurance/workforce/staff/${member.id}/employment`;
    expect((await qa.get(url)).body).toContain('checked');
    const late = await qa.post(url, {
      employmentType: 'agency',
      'startedOn-day': '19',
      'startedOn-month': '11',
      'startedOn-year': '2026',
      fte: '1',
    });
    if (first.heldOn) {
      expect(late.statusCode).toBe(400);
      expect(late.body).toContain('must be on or before their first recorded supervision');
    }
    const saved = await qa.post(url, {
      employmentType: 'agency',
      'startedOn-day': '3',
      'startedOn-month': '3',
      'startedOn-year': '2018',
      fte: '0.8',
    });
    expect(saved.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('staff_employment')
      .where('staff_user_id', '=', member.id)
      .select(['employment_type', 'started_on', 'fte'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ employment_type: 'agency', started_on: '2018-03-03', fte: 0.8 });
    expect(await auditRows('workforce.employment')).toHaveLength(1);
  });

  it('records a supervision once a day, never self-supervised, with its audit row', async () => {
    const member = await t.db
      .selectFrom('staff_user')
      .where('username', '=', 'manager')
      .select(['id', 'display_name'])
      .executeTakeFirstOrThrow();
    // The day is free of any seeded supervision, so the first save is the one that counts.
    await t.db
      .deleteFrom('supervision')
      .where('staff_user_id', '=', member.id)
      .where('held_on', '=', '2026-11-18')
      .execute();
    const url = `/assurance/workforce/teams/${frontDoor.id}/supervision`;
    const fields = {
      staffUserId: String(member.id),
      'heldOn-day': '18',
      'heldOn-month': '11',
      'heldOn-year': '2026',
    };
    const self = await qa.post(url, { ...fields, supervisorId: String(member.id) });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('The supervisor must be someone other than the person supervised');
    expect(await auditRows('workforce.supervision')).toEqual([]);
    const saved = await qa.post(url, { ...fields, supervisorId: '' });
    expect(saved.statusCode).toBe(303);
    const again = await qa.post(url, { ...fields, supervisorId: '' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain(
      `A supervision on 18 November 2026 is already recorded for ${member.display_name}`
    );
    const audits = await auditRows('workforce.supervision');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ event_class: 'change', record_type: 'supervision' });
    const future = await qa.post(url, { ...fields, 'heldOn-day': '21', supervisorId: '' });
    expect(future.body).toContain('Date of the supervision must be today or in the past');
  });
});

describe('the capacity page', () => {
  it('measures a month, recommends staffing and answers a what-if with its replay beside it', async () => {
    const page = await qa.get('/assurance/capacity?month=2026-10');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What is measured and what is assumed');
    expect(page.body).toMatch(/<svg[^>]*role="img"/);
    const whatIf = await qa.get(
      '/assurance/capacity?month=2026-10&weekday_day-practitioners=1&weekday_day-managers=1&weekday_evening-practitioners=0&weekday_evening-managers=0&night-practitioners=0&night-managers=0&weekend_day-practitioners=0&weekend_day-managers=0'
    );
    expect(whatIf.statusCode).toBe(200);
    expect(whatIf.body).toContain('the staffing you entered');
    const bad = await qa.get('/assurance/capacity?month=2026-10&weekday_day-practitioners=two');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Weekday day practitioners must be a whole number, like 0, 1 or 4');
    expect(bad.body).toContain('value="two"');
  });
});
