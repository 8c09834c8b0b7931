import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../../test/support/demo-users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';

/* /admin: staff accounts, teams and localities, partner agencies, timescales, service hours and closure days. */

let t: TestApp;
let admin: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn(demoUser('administrator'));
});

afterAll(() => t.close());

async function ids() {
  const council = await t.db
    .selectFrom('agency')
    .where('kind', '=', 'council')
    .select('id')
    .executeTakeFirstOrThrow();
  const police = await t.db
    .selectFrom('agency')
    .where('kind', '=', 'police')
    .select('id')
    .executeTakeFirstOrThrow();
  const frontDoor = await t.db
    .selectFrom('team')
    .where('kind', '=', 'front_door')
    .select('id')
    .executeTakeFirstOrThrow();
  return { council: String(council.id), police: String(police.id), frontDoor: String(frontDoor.id) };
}

async function version() {
  const row = await t.db.selectFrom('council').select('version').executeTakeFirstOrThrow();
  return String(row.version);
}

describe('administration pages', () => {
  it('are for administrators only', async () => {
    const manager = await t.signedIn(demoUser('team_manager'));
    for (const path of [
      '/admin',
      '/admin/staff',
      '/admin/teams',
      '/admin/agencies',
      '/admin/timescales',
      '/admin/service-hours',
    ]) {
      expect((await admin.get(path)).statusCode, path).toBe(200);
      expect((await manager.get(path)).statusCode, path).toBe(403);
    }
  });
});

describe('staff accounts', () => {
  it('refuses an invitation with errors, keeping what was typed', async () => {
    const { council, police } = await ids();
    const page = await admin.post('/admin/staff', {
      displayName: 'Pat Newman',
      email: 'pat at council',
      role: 'front_door_practitioner',
      agencyId: council,
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Enter an email address in the correct format');
    expect(page.body).toContain('value="Pat Newman"');
    expect(page.body).toContain('value="pat at council"');
    expect(page.body.match(/class="govuk-error-summary"/g)).toHaveLength(1);
    const partner = await admin.post('/admin/staff', {
      displayName: 'Pat Newman',
      email: 'pat.newman@police.example',
      role: 'front_door_practitioner',
      agencyId: police,
    });
    expect(partner.statusCode).toBe(400);
    expect(partner.body).toContain(
      'Staff of a partner agency must have the partner agency practitioner role'
    );
    const taken = await admin.post('/admin/staff', {
      displayName: 'Someone',
      email: 'ADMIN',
      role: 'front_door_practitioner',
      agencyId: council,
    });
    expect(taken.body).toContain('Enter an email address in the correct format');
  });

  it('invites a member of staff with a one-time link, and changes, locks out and restores them', async () => {
    const { council, frontDoor } = await ids();
    const invited = await admin.post('/admin/staff', {
      displayName: 'Pat Newman',
      email: 'Pat.Newman@northmoor.example',
      role: 'front_door_practitioner',
      agencyId: council,
      teamId: frontDoor,
    });
    expect(invited.statusCode).toBe(200);
    expect(invited.body).toContain('/set-up/account?token=');
    const pat = await t.db
      .selectFrom('staff_user')
      .where('username', '=', 'pat.newman@northmoor.example')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(pat).toMatchObject({ role: 'front_door_practitioner', password_hash: null, active: true });
    const again = await admin.post('/admin/staff', {
      displayName: 'Pat Again',
      email: 'pat.newman@northmoor.example',
      role: 'front_door_practitioner',
      agencyId: council,
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already an account with this email address');

    const promoted = await admin.post(`/admin/staff/${pat.id}`, {
      role: 'team_manager',
      agencyId: council,
      teamId: frontDoor,
    });
    expect(promoted.statusCode).toBe(303);
    expect((await admin.get(promoted.headers.location as string)).body).toContain('Saved: the new role');
    await t.db
      .updateTable('staff_user')
      .set({
        locked_until: new Date(t.clock.now().getTime() + 3_600_000),
        failed_sign_ins: 6,
        totp_enabled: true,
        totp_secret: 'X',
      })
      .where('id', '=', pat.id)
      .execute();
    expect((await admin.post(`/admin/staff/${pat.id}/unlock`, {})).statusCode).toBe(400);
    expect((await admin.post(`/admin/staff/${pat.id}/unlock`, { confirm: 'yes' })).statusCode).toBe(303);
    expect((await admin.post(`/admin/staff/${pat.id}/second-factor`, { confirm: 'yes' })).statusCode).toBe(
      303
    );
    expect((await admin.post(`/admin/staff/${pat.id}/active`, { active: 'no' })).statusCode).toBe(303);
    const after = await t.db
      .selectFrom('staff_user')
      .where('id', '=', pat.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      role: 'team_manager',
      failed_sign_ins: 0,
      locked_until: null,
      totp_enabled: false,
      totp_secret: null,
      active: false,
    });
    const audited = await t.db
      .selectFrom('audit_event')
      .where('record_type', '=', 'staff_user')
      .where('record_id', '=', String(pat.id))
      .select('action')
      .execute();
    expect(audited.map((row) => row.action).sort()).toEqual(
      ['staff.change', 'staff.deactivate', 'staff.invite', 'staff.reset_second_factor', 'staff.unlock'].sort()
    );
  });

  it('never lets an administrator deactivate or demote themselves', async () => {
    const me = await t.db
      .selectFrom('staff_user')
      .where('username', '=', demoUser('administrator'))
      .selectAll()
      .executeTakeFirstOrThrow();
    const deactivate = await admin.post(`/admin/staff/${me.id}/active`, { active: 'no' });
    expect(deactivate.statusCode).toBe(400);
    expect(deactivate.body).toContain('You cannot deactivate your own account');
    const demote = await admin.post(`/admin/staff/${me.id}`, {
      role: 'qa_officer',
      agencyId: String(me.agency_id),
      teamId: String(me.team_id ?? ''),
    });
    expect(demote.statusCode).toBe(400);
    expect(demote.body).toContain('You cannot take away your own administrator role');
    expect(demote.body).toMatch(/<option value="qa_officer" selected/);
  });
});

describe('teams, localities and agencies', () => {
  it('adds a locality and a team in it; a bad team keeps what was typed', async () => {
    const { council } = await ids();
    const bad = await admin.post('/admin/teams', {
      name: 'Assessment – Riverside',
      kind: '',
      agencyId: council,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose what kind of team it is');
    expect(bad.body).toContain('value="Assessment – Riverside"');
    expect((await admin.post('/admin/teams/localities', { name: 'Riverside' })).statusCode).toBe(303);
    const riverside = await t.db
      .selectFrom('locality')
      .where('name', '=', 'Riverside')
      .select('id')
      .executeTakeFirstOrThrow();
    const saved = await admin.post('/admin/teams', {
      name: 'Assessment – Riverside',
      kind: 'assessment',
      agencyId: council,
      localityId: String(riverside.id),
    });
    expect(saved.statusCode).toBe(303);
    const team = await t.db
      .selectFrom('team')
      .where('name', '=', 'Assessment – Riverside')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(team.locality_id).toBe(riverside.id);
    const clash = await admin.post(`/admin/teams/${team.id}`, {
      name: 'front door (mash)',
      kind: 'assessment',
      agencyId: council,
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain('There is already a team called front door (mash)');
  });

  it('adds a partner agency, whose staff are then invited as partner practitioners', async () => {
    const bad = await admin.post('/admin/agencies', { name: '', kind: 'health' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the agency’s name');
    expect(
      (await admin.post('/admin/agencies', { name: 'Eastmere Hospice', kind: 'health' })).statusCode
    ).toBe(303);
    const hospice = await t.db
      .selectFrom('agency')
      .where('name', '=', 'Eastmere Hospice')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(hospice.kind).toBe('health');
    const invited = await admin.post('/admin/staff', {
      displayName: 'Lee Nurse',
      email: 'lee.nurse@hospice.example',
      role: 'partner_agency_practitioner',
      agencyId: String(hospice.id),
    });
    expect(invited.statusCode).toBe(200);
    expect((await admin.get(`/admin/staff?agency=${hospice.id}`)).body).toContain('Lee Nurse');
  });
});

describe('timescales', () => {
  it('refuses impossible timescales, keeping what was typed', async () => {
    const page = await admin.post('/admin/timescales', {
      version: await version(),
      'red-unit': 'hours',
      'red-amount': '4',
      'amber-unit': 'working_days',
      'amber-amount': '1.5',
      'green-unit': 'working_days',
      'green-amount': 'three',
      'decision-unit': 'working_days',
      'decision-amount': '1',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The amber timescale in working days must be a whole number');
    expect(page.body).toContain('Enter the green timescale as a number, like 4');
    expect(page.body).toContain('value="three"');
  });

  it('applies a change to contacts received after it, leaving work in progress with its due times', async () => {
    const inProgress = await t.db
      .selectFrom('contact_child')
      .where('decision_due_at', 'is not', null)
      .where('rag_due_at', 'is not', null)
      .select(['id', 'rag_due_at', 'decision_due_at'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const form = {
      'red-unit': 'hours',
      'red-amount': '4',
      'amber-unit': 'working_days',
      'amber-amount': '2',
      'green-unit': 'working_days',
      'green-amount': '3',
      'decision-unit': 'working_days',
      'decision-amount': '1',
    };
    const opened = await version();
    const saved = await admin.post('/admin/timescales', { ...form, version: opened });
    expect(saved.statusCode).toBe(303);
    const settings = await councilSettings(t.db);
    expect(settings.ragTimescales.amber).toEqual({ unit: 'working_days', amount: 2 });
    expect(settings.timescaleHistory).toEqual([
      expect.objectContaining({
        until: t.clock.now().toISOString(),
        ragTimescales: expect.objectContaining({ amber: { unit: 'working_days', amount: 1 } }),
      }),
    ]);
    const page = await admin.get('/admin/timescales');
    expect(page.body).toContain('For contacts received before');
    const unchanged = await t.db
      .selectFrom('contact_child')
      .where('id', '=', inProgress.id)
      .select(['rag_due_at', 'decision_due_at'])
      .executeTakeFirstOrThrow();
    expect(unchanged).toEqual({
      rag_due_at: inProgress.rag_due_at,
      decision_due_at: inProgress.decision_due_at,
    });
    // A save from a page opened before that change is refused, keeping what was typed.
    const stale = await admin.post('/admin/timescales', { ...form, 'green-amount': '5', version: opened });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this timescale since you opened it');
    expect(stale.body).toContain('value="5"');
  });
});

describe('service hours and closure days', () => {
  it('refuses bad hours and a closure in the past, keeping what was typed', async () => {
    const hours = await admin.post('/admin/service-hours', {
      version: await version(),
      weekdays: ['1', '2'],
      opens: '20:00',
      closes: '08:00',
      dutyLine: '01632 960 100',
      dutyHours: 'Monday and Tuesday',
      outOfHours: 'call us',
    });
    expect(hours.statusCode).toBe(400);
    expect(hours.body).toContain('The service must close after it opens');
    expect(hours.body).toContain('Enter a phone number in figures');
    expect(hours.body).toContain('value="call us"');
    const past = await admin.post('/admin/service-hours/closures', {
      version: await version(),
      'closure-day': '1',
      'closure-month': '1',
      'closure-year': '2020',
    });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('A closure day must be today or later');
    expect(past.body).toContain('value="2020"');
  });

  it('saves service hours and duty numbers, and adds and removes a closure day', async () => {
    const saved = await admin.post('/admin/service-hours', {
      version: await version(),
      weekdays: ['1', '2', '3', '4', '5', '6'],
      opens: '8:30',
      closes: '18:00',
      dutyLine: '01632 960 111',
      dutyHours: 'Monday to Saturday, 8:30am to 6pm',
      outOfHours: '01632 960 222',
    });
    expect(saved.statusCode).toBe(303);
    let settings = await councilSettings(t.db);
    expect(settings.serviceHours).toEqual({ weekdays: [1, 2, 3, 4, 5, 6], opens: '08:30', closes: '18:00' });
    expect(settings.dutyContact.line).toBe('01632 960 111');
    const closure = { 'closure-day': '29', 'closure-month': '12', 'closure-year': '2026' };
    expect(
      (await admin.post('/admin/service-hours/closures', { ...closure, version: await version() })).statusCode
    ).toBe(303);
    const bankHoliday = await admin.post('/admin/service-hours/closures', {
      'closure-day': '28',
      'closure-month': '12',
      'closure-year': '2026',
      version: await version(),
    });
    expect(bankHoliday.body).toContain('That day is a bank holiday');
    settings = await councilSettings(t.db);
    expect(settings.closures).toContain('2026-12-29');
    expect(
      (
        await admin.post('/admin/service-hours/closures/remove', {
          date: '2026-12-29',
          version: await version(),
        })
      ).statusCode
    ).toBe(303);
    expect((await councilSettings(t.db)).closures).not.toContain('2026-12-29');
  });
});
