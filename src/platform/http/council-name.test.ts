import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

/* The council's name in every page's header follows the council row, not what it was at start. */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the council name in the header', () => {
  it('shows a rename on the next page, made here or by another process, without a restart', async () => {
    const visitor = t.agent();
    const { name } = await t.db.selectFrom('council').select('name').executeTakeFirstOrThrow();
    expect((await visitor.get('/sign-in')).body).toContain(`– Front Door – ${name}</title>`);

    // As first-run set-up or another process on the same database would rename it.
    await t.db.updateTable('council').set({ name: 'Eastmere Borough Council' }).execute();
    const renamed = (await visitor.get('/sign-in')).body;
    expect(renamed).toContain('– Front Door – Eastmere Borough Council</title>');
    expect(renamed).not.toContain(`– Front Door – ${name}</title>`);

    // A signed-in page reads the name with its session: the next page shows a rename too.
    const practitioner = await t.signedIn('practitioner');
    await t.db.updateTable('council').set({ name: 'Westmere District Council' }).execute();
    expect((await practitioner.get('/')).body).toContain('– Front Door – Westmere District Council</title>');
  });
});
