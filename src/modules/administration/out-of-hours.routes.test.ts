import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../../test/support/demo-users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { arrangementInForceAt } from '../../platform/council/out-of-hours-arrangement.ts';

/* /admin/out-of-hours: the team, on-call managers and handover time, versioned and audited. */

let t: TestApp;
let admin: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn(demoUser('administrator'));
});

afterAll(() => t.close());

async function staffWithRole(role: 'team_manager' | 'front_door_practitioner') {
  return t.db
    .selectFrom('staff_user')
    .where('role', '=', role)
    .where('active', '=', true)
    .select(['id', 'display_name'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

async function teamOfKind(kind: 'out_of_hours' | 'front_door') {
  return t.db
    .selectFrom('team')
    .where('kind', '=', kind)
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

describe('out-of-hours arrangements', () => {
  it('are for administrators only, and show what applies before any are saved', async () => {
    const page = await admin.get('/admin/out-of-hours');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('have not been saved yet');
    expect(page.body).toContain('Emergency duty team’s number, shown to referrers');
    const manager = await t.signedIn(demoUser('team_manager'));
    expect((await manager.get('/admin/out-of-hours')).statusCode).toBe(403);
    const before = await arrangementInForceAt(t.db, t.clock.now());
    expect(before).toMatchObject({ version: 0, receivingTeamId: (await teamOfKind('out_of_hours')).id });
  });

  it('refuses missing answers with specific errors, keeping what was typed', async () => {
    const refused = await admin.post('/admin/out-of-hours', {
      version: '0',
      receivingTeamId: '',
      handoverTime: '8.30am',
      reason: 'New rota from January',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose the team that receives contacts when the service is closed');
    expect(refused.body).toContain('Choose at least one on-call manager');
    expect(refused.body).toContain('Enter the handover time as hours and minutes, like 08:30');
    expect(refused.body).toContain('value="8.30am"');
    expect(refused.body).toContain('New rota from January');
  });

  it('refuses an on-call manager who is not an active manager, naming them', async () => {
    const practitioner = await staffWithRole('front_door_practitioner');
    const manager = await staffWithRole('team_manager');
    const refused = await admin.post('/admin/out-of-hours', {
      version: '0',
      receivingTeamId: String((await teamOfKind('out_of_hours')).id),
      onCallManagerIds: [String(manager.id), String(practitioner.id)],
      handoverTime: '08:30',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`${practitioner.display_name} is not an active manager`);
    expect(await t.db.selectFrom('out_of_hours_arrangement').selectAll().execute()).toHaveLength(0);
  });

  it('saves a new version, audited, applying to contacts received after it', async () => {
    const manager = await staffWithRole('team_manager');
    const team = await teamOfKind('front_door');
    const before = t.clock.now();
    t.clock.advanceMinutes(1);
    const saved = await admin.post('/admin/out-of-hours', {
      version: '0',
      receivingTeamId: String(team.id),
      onCallManagerIds: String(manager.id),
      handoverTime: '9:00',
      reason: 'Front door takes the calls overnight',
    });
    expect(saved.statusCode).toBe(303);
    expect(await arrangementInForceAt(t.db, t.clock.now())).toEqual({
      version: 1,
      receivingTeamId: team.id,
      onCallManagerIds: [manager.id],
      handoverTime: '09:00',
    });
    expect((await arrangementInForceAt(t.db, before)).version).toBe(0);
    const audit = await t.db
      .selectFrom('audit_event')
      .where('record_type', '=', 'out_of_hours_arrangement')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'out_of_hours.change', record_id: '1' });

    const stale = await admin.post('/admin/out-of-hours', {
      version: '0',
      receivingTeamId: String(team.id),
      onCallManagerIds: String(manager.id),
      handoverTime: '07:45',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('value="07:45"');

    const page = await admin.get('/admin/out-of-hours');
    expect(page.body).toContain('Version 1 (in force)');
    expect(page.body).toContain(manager.display_name);
    expect(page.body).toContain('Front door takes the calls overnight');
  });
});
