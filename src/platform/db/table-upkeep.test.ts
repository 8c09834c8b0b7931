import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { vacuumWhatChanged } from './table-upkeep.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await sql`create table statistics_probe (id integer, note text)`.execute(t.db);
});
afterAll(() => t.close());

const grow = (rows: number) =>
  sql`insert into statistics_probe select n, repeat('x', 100) from generate_series(1, ${rows}) as n`.execute(
    t.db
  );

describe('keeping tables in order without vacuuming everything', () => {
  it('analyses a table never analysed, then leaves it until it has changed by a tenth', async () => {
    await grow(5_000);
    expect(await vacuumWhatChanged(t.db)).toContain('statistics_probe');
    expect(await vacuumWhatChanged(t.db)).not.toContain('statistics_probe');
    await grow(50);
    expect(await vacuumWhatChanged(t.db)).not.toContain('statistics_probe');
    await grow(2_000);
    expect(await vacuumWhatChanged(t.db)).toContain('statistics_probe');
    const { rows } = await sql<{ reltuples: number }>`
      select reltuples from pg_class where relname = 'statistics_probe' and relnamespace = current_schema()::regnamespace`.execute(
      t.db
    );
    expect(Number(rows[0]!.reltuples)).toBe(7_050);
  });

  it('analyses nothing when nothing has changed', async () => {
    await vacuumWhatChanged(t.db);
    expect(await vacuumWhatChanged(t.db)).toEqual([]);
  });

  it('vacuums a table emptied by deletes, so its dead rows are no longer read', async () => {
    await sql`create table upkeep_queue (id integer, note text)`.execute(t.db);
    await sql`insert into upkeep_queue select n, repeat('x', 100) from generate_series(1, 5000) as n`.execute(
      t.db
    );
    await vacuumWhatChanged(t.db);
    const pages = async () =>
      Number(
        (await sql<{ pages: number }>`select pg_relation_size('upkeep_queue') / 8192 as pages`.execute(t.db))
          .rows[0]!.pages
      );
    expect(await pages()).toBeGreaterThan(50);
    await sql`delete from upkeep_queue`.execute(t.db);
    // The server counts dead rows once each connection reports them (the embedded database at once).
    await expect.poll(() => vacuumWhatChanged(t.db), { timeout: 30_000 }).toContain('upkeep_queue');
    expect(await pages()).toBe(0);
  });
});
