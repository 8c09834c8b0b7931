import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../../../test/support/actors.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { RecordAccess } from '../../platform/access/record-access.ts';
import { ManualClock } from '../../platform/clock.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import { listLocalities, setChildPopulation } from './localities.service.ts';

/*
 * A locality's child population on the demo council: saved with its audit row, refused when another
 * save came first, and used at once by the performance pages' rates per 10,000 children.
 */

let t: TestApp;
let admin: RecordAccess;

beforeAll(async () => {
  t = await createTestApp();
  const actor = await actorFor(t.db, demoUser('administrator'));
  admin = new RecordAccess(t.db, new ManualClock(TEST_NOW), actor, {
    ip: '127.0.0.1',
    requestId: 'localities',
  });
});

afterAll(() => t.close());

describe('the child population of a locality', () => {
  it('is saved with an audit row of the figure before and after', async () => {
    const [first] = await listLocalities(t.db);
    await setChildPopulation(admin, {
      localityId: first!.id,
      population: 12_345,
      opened: first!.childPopulation,
    });
    expect((await listLocalities(t.db)).find((row) => row.id === first!.id)!.childPopulation).toBe(12_345);
    const audited = await t.db
      .selectFrom('audit_event')
      .where('record_type', '=', 'locality')
      .where('record_id', '=', String(first!.id))
      .select('details')
      .executeTakeFirstOrThrow();
    expect(audited.details).toEqual({ childPopulation: { from: first!.childPopulation, to: 12_345 } });
  });

  it('refuses a save over a figure someone else saved since the form was opened', async () => {
    const [, second] = await listLocalities(t.db);
    const opened = second!.childPopulation;
    await setChildPopulation(admin, { localityId: second!.id, population: 5_000, opened });
    await expect(
      setChildPopulation(admin, { localityId: second!.id, population: 6_000, opened })
    ).rejects.toThrow(EditConflictError);
    expect((await listLocalities(t.db)).find((row) => row.id === second!.id)!.childPopulation).toBe(5_000);
  });

  it('changes the rates per 10,000 children on the performance pages at once', async () => {
    const analyst = await t.signedIn('analyst');
    const localities = await listLocalities(t.db);
    for (const locality of localities)
      await setChildPopulation(admin, {
        localityId: locality.id,
        population: 10_000,
        opened: locality.childPopulation,
      });
    const before = await analyst.get('/performance/demand');
    const children = (10_000 * localities.length).toLocaleString('en-GB');
    expect(before.body).toContain(`in a population of ${children} children`);

    const [first] = localities;
    await setChildPopulation(admin, { localityId: first!.id, population: 30_000, opened: 10_000 });
    const after = await analyst.get('/performance/demand');
    const more = (10_000 * localities.length + 20_000).toLocaleString('en-GB');
    expect(after.body).toContain(`in a population of ${more} children`);
    const one = await analyst.get(`/performance/demand?locality=${first!.id}`);
    expect(one.body).toContain('in a population of 30,000 children');
  });
});
