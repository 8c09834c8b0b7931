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

  it('counts every category in full, shows the five reddest and oldest of each, and links to all of them', async () => {
    for (let i = 0; i < 6; i++) {
      await recordTestContact(t.db, {
        receivedAt: new Date('2026-11-17T10:00:00Z'),
        givenName: `Overdue${i}`,
      });
    }
    const manager = await t.signedIn(demoUser('team_manager'));
    const home = (await manager.get('/')).body;
    const overdue = Number(/Overdue work \(([\d,]+)\)/.exec(home)![1]!.replace(',', ''));
    expect(overdue).toBeGreaterThanOrEqual(7);
    const section = home.slice(home.indexOf('id="home-overdue"'));
    const table = section.slice(0, section.indexOf('</table>'));
    expect(table.match(/href="\/screening\/\d+#decision"/g)).toHaveLength(5);
    expect(section).toContain(`href="/decisions#overdue">See all ${overdue}`);
    for (const heading of ['Lower ratings for red contacts to confirm (', 'Decisions to authorise (']) {
      expect(home).toContain(heading);
    }
    // The full list agrees with the count.
    const all = (await manager.get('/decisions')).body;
    expect(all).toContain(`Overdue, with no decision yet (${overdue})`);
    const list = all.slice(all.indexOf('id="overdue"'));
    expect(list.match(/href="\/screening\/\d+"/g)).toHaveLength(overdue);
  });

  it('gives every role a working home page', async () => {
    for (const role of ROLES) {
      const agent = await t.signedIn(demoUser(role));
      const page = await agent.get('/');
      expect(page.statusCode, role).toBe(200);
    }
  });
});
