import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { analyseWhatChanged } from './statistics.ts';

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

describe('keeping planner statistics current without analysing everything', () => {
  it('analyses a table never analysed, then leaves it until it has changed by a tenth', async () => {
    await grow(5_000);
    expect(await analyseWhatChanged(t.db)).toContain('statistics_probe');
    expect(await analyseWhatChanged(t.db)).not.toContain('statistics_probe');
    await grow(50);
    expect(await analyseWhatChanged(t.db)).not.toContain('statistics_probe');
    await grow(2_000);
    expect(await analyseWhatChanged(t.db)).toContain('statistics_probe');
    const { rows } = await sql<{ reltuples: number }>`
      select reltuples from pg_class where relname = 'statistics_probe' and relnamespace = current_schema()::regnamespace`.execute(
      t.db
    );
    expect(Number(rows[0]!.reltuples)).toBe(7_050);
  });

  it('analyses nothing when nothing has changed', async () => {
    await analyseWhatChanged(t.db);
    expect(await analyseWhatChanged(t.db)).toEqual([]);
  });
});
