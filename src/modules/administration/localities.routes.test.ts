import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../../test/support/demo-users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { listLocalities } from './localities.service.ts';

/* The localities page: an administrator records each locality's children; bad input keeps what was typed. */

let t: TestApp;
let admin: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn(demoUser('administrator'));
});

afterAll(() => t.close());

describe('/admin/localities', () => {
  it('lists each locality with its child population, to administrators only', async () => {
    const page = await admin.get('/admin/localities');
    expect(page.statusCode).toBe(200);
    for (const locality of await listLocalities(t.db)) expect(page.body).toContain(locality.name);
    const manager = await t.signedIn(demoUser('team_manager'));
    expect((await manager.get('/admin/localities')).statusCode).toBe(403);
  });

  it('refuses a figure that is not a whole number from 0 to 2,000,000, keeping what was typed', async () => {
    const [locality] = await listLocalities(t.db);
    const opened = String(locality!.childPopulation ?? '');
    const decimal = await admin.post(`/admin/localities/${locality!.id}`, { population: '2450.5', opened });
    expect(decimal.statusCode).toBe(400);
    expect(decimal.body).toContain('Enter a whole number of children, like 24500');
    expect(decimal.body).toContain('value="2450.5"');
    expect(decimal.body).toContain(`href="#locality-${locality!.id}-population"`);
    const tooMany = await admin.post(`/admin/localities/${locality!.id}`, { population: '3000000', opened });
    expect(tooMany.body).toContain('The number of children must be 2,000,000 or fewer');
    expect((await listLocalities(t.db))[0]!.childPopulation).toBe(locality!.childPopulation);
  });

  it('saves a figure, and refuses one over a figure saved since the page was opened', async () => {
    const [locality] = await listLocalities(t.db);
    const opened = String(locality!.childPopulation ?? '');
    const saved = await admin.post(`/admin/localities/${locality!.id}`, { population: '24,500', opened });
    expect(saved.statusCode).toBe(303);
    const after = await admin.get(saved.headers.location as string);
    expect(after.body).toContain(`Saved: ${locality!.name} has 24,500 children aged 0 to 17.`);
    const stale = await admin.post(`/admin/localities/${locality!.id}`, { population: '25000', opened });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this figure since you opened it');
    expect(stale.body).toContain('value="25000"');
    expect((await listLocalities(t.db))[0]!.childPopulation).toBe(24_500);
  });
});
