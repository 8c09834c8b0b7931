import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { TEST_NOW } from '../../test/support/test-fixtures.ts';
import { verifyAuditChain } from '../platform/audit/audit-chain.ts';
import { writeAudit } from '../platform/audit/audit-log.ts';
import { seedAuditHistory } from './audit-history.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

describe('audit history for benchmarks', () => {
  it('writes years of history into the hash chain, which stays intact and keeps sealing new rows', async () => {
    const before = Number(
      (await sql<{ n: string }>`select count(*) as n from audit_event`.execute(t.db)).rows[0]!.n
    );
    await seedAuditHistory(t.db, { rows: 5_000, years: 3, now: TEST_NOW, seed: 1 });
    const spread = await sql<{ n: string; actors: number; actions: number; first: Date; last: Date }>`
      select count(*) as n, count(distinct actor_user_id)::int as actors, count(distinct action)::int as actions,
        min(at) as first, max(at) as last
      from audit_event where chain_seq > ${before}`.execute(t.db);
    const row = spread.rows[0]!;
    expect(Number(row.n)).toBe(5_000);
    expect(row.actors).toBeGreaterThan(10);
    expect(row.actions).toBeGreaterThan(12);
    expect(TEST_NOW.getTime() - new Date(row.first).getTime()).toBeGreaterThan(2.9 * 365 * 86_400_000);
    expect(new Date(row.last).getTime()).toBeLessThan(TEST_NOW.getTime());
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true, rows: before + 5_000 });

    await writeAudit(t.db, { action: 'auth.sign_in' });
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true, rows: before + 5_001 });
    await expect(t.db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
  });
});
