import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { ROLES } from '../../platform/access/permissions.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('home pages', () => {
  it('shows a manager the overdue contacts, linked to their screening page', async () => {
    // Received two working days before the test clock, so its one working day has passed.
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: new Date('2026-11-18T10:00:00Z'),
      givenName: 'Leocadia',
    });
    const manager = await t.signedIn(demoUser('team_manager'));
    const page = await manager.get('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Overdue work');
    expect(page.body).toContain(`href="/screening/${contactChildId}#decision"`);
    expect(page.body).toContain('Overdue by');
  });

  it('gives every role a working home page', async () => {
    for (const role of ROLES) {
      const agent = await t.signedIn(demoUser(role));
      const page = await agent.get('/');
      expect(page.statusCode, role).toBe(200);
    }
  });
});
