import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import { capacityFingerprint, FingerprintedCache } from './capacity-cache.ts';
import { monthPeriod } from './synthetic-month.ts';

describe('a fingerprinted cache', () => {
  it('computes once for each key and fingerprint, again when the fingerprint changes, and forgets the least used', async () => {
    const cache = new FingerprintedCache<string>(2);
    let computed = 0;
    const compute = (value: string) => async () => {
      computed++;
      return value;
    };
    expect(await cache.get('2026-10', 'a', compute('first'))).toBe('first');
    expect(await cache.get('2026-10', 'a', compute('again'))).toBe('first');
    expect(computed).toBe(1);
    expect(await cache.get('2026-10', 'b', compute('changed'))).toBe('changed');
    expect(computed).toBe(2);
    await cache.get('2026-09', 'a', compute('september'));
    await cache.get('2026-10', 'b', compute('unused'));
    await cache.get('2026-08', 'a', compute('august'));
    expect(computed).toBe(4);
    // September was the least recently used of the three, so it went; October is kept, and used again.
    expect(await cache.get('2026-10', 'b', compute('unused'))).toBe('changed');
    expect(await cache.get('2026-09', 'a', compute('september again'))).toBe('september again');
    expect(computed).toBe(5);
  });

  it('does not keep a failed computation', async () => {
    const cache = new FingerprintedCache<number>();
    await expect(cache.get('k', 'f', () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(await cache.get('k', 'f', async () => 7)).toBe(7);
  });
});

describe('the capacity figures’ fingerprint', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const october = monthPeriod('2026-10');
  const fingerprint = async () => capacityFingerprint(t.db, october, await councilSettings(t.db));

  it('stays the same while the month’s data and the settings do, and changes with either', async () => {
    const first = await fingerprint();
    expect(await fingerprint()).toBe(first);

    // A decision authorised in the month, authorised a minute later.
    const decision = await t.db
      .selectFrom('decision')
      .where('authorised_at', '>=', october.from)
      .where('authorised_at', '<', october.to)
      .select(['id', 'authorised_at'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('decision')
      .set({ authorised_at: new Date(decision.authorised_at!.getTime() + 60_000) })
      .where('id', '=', decision.id)
      .execute();
    const afterDecision = await fingerprint();
    expect(afterDecision).not.toBe(first);

    // A contact received in the month rated differently.
    const child = await t.db
      .selectFrom('contact_child as cc')
      .innerJoin('contact as c', 'c.id', 'cc.contact_id')
      .where('c.received_at', '>=', october.from)
      .where('c.received_at', '<', october.to)
      .where('cc.rag', '=', 'green')
      .select('cc.id')
      .executeTakeFirstOrThrow();
    await t.db.updateTable('contact_child').set({ rag: 'amber' }).where('id', '=', child.id).execute();
    const afterRating = await fingerprint();
    expect(afterRating).not.toBe(afterDecision);

    // The council's settings.
    const settings = await councilSettings(t.db);
    const changed = await capacityFingerprint(t.db, october, { ...settings, changed: true });
    expect(changed).not.toBe(afterRating);

    // Data of another month leaves October's alone.
    const august = monthPeriod('2026-08');
    const other = await t.db
      .selectFrom('decision')
      .where('authorised_at', '>=', august.from)
      .where('authorised_at', '<', new Date(august.to.getTime() - 2 * 86_400_000))
      .innerJoin('contact_child as cc', 'cc.id', 'decision.contact_child_id')
      .innerJoin('contact as c', 'c.id', 'cc.contact_id')
      .where('c.received_at', '<', august.to)
      .select(['decision.id', 'decision.authorised_at'])
      .orderBy('decision.id')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('decision')
      .set({ authorised_at: new Date(other.authorised_at!.getTime() + 60_000) })
      .where('id', '=', other.id)
      .execute();
    expect(await fingerprint()).toBe(afterRating);
  });

  it('serves a repeat view of the page from the cache with the same figures, each view audited', async () => {
    const qa = await t.signedIn('qa');
    const views = async () =>
      (
        await t.db
          .selectFrom('audit_event')
          .where('action', '=', 'performance.view')
          .where('record_type', '=', 'capacity')
          .select('id')
          .execute()
      ).length;
    const before = await views();
    const figures = (body: string) =>
      body.slice(body.indexOf('<main'), body.indexOf('</main>')).replace(/name="_csrf" value="[^"]*"/g, '');
    const first = await qa.get('/assurance/capacity?month=2026-10');
    const second = await qa.get('/assurance/capacity?month=2026-10');
    expect(first.statusCode).toBe(200);
    expect(figures(second.body)).toBe(figures(first.body));
    expect(await views()).toBe(before + 2);
  });
});
