import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the outcomes a council offers', () => {
  it('lets an administrator add an outcome, offered at once, and switch one off without deleting it', async () => {
    const admin = await t.signedIn(demoUser('administrator'));
    const bad = await admin.post('/admin/outcomes', { code: 'Youth Panel', label: '', needsTeam: 'no' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('lower-case letters, numbers and underscores');
    expect(bad.body).toContain('Enter the outcome as practitioners will see it');
    expect(bad.body).toContain('Say whether the outcome counts as a referral');
    expect(bad.body).toContain('value="Youth Panel"');

    const added = await admin.post('/admin/outcomes', {
      code: 'youth_panel',
      label: 'Refer to the youth panel',
      needsTeam: 'no',
      isReferral: 'no',
    });
    expect(added.statusCode).toBe(303);
    const again = await admin.post('/admin/outcomes', {
      code: 'youth_panel',
      label: 'Twice',
      needsTeam: 'no',
      isReferral: 'no',
    });
    expect(again.body).toContain('There is already an outcome with this code');

    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Melisande',
    });
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await practitioner.get(`/screening/${contactChildId}/decision`)).body).toContain(
      'Refer to the youth panel'
    );

    await admin.post('/admin/outcomes/lado/active', { active: 'no' });
    const form = (await practitioner.get(`/screening/${contactChildId}/decision`)).body;
    expect(form).not.toContain('Refer to the LADO');
    const lado = await t.db
      .selectFrom('outcome_option')
      .select('active')
      .where('code', '=', 'lado')
      .executeTakeFirstOrThrow();
    expect(lado.active).toBe(false);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['outcome.add', 'outcome.change'])
      .execute();
    expect(audit.map((row) => row.action).sort()).toEqual(['outcome.add', 'outcome.change']);
    expect((await practitioner.get('/admin/outcomes')).statusCode).toBe(403);
  });
});
