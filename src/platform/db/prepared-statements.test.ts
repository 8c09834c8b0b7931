import type pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { preparingPool } from './prepared-statements.ts';

/** A pool whose one client records what it was asked to run. */
function recordingPool() {
  const sent: unknown[] = [];
  const client = {
    query: (...args: unknown[]) => sent.push(args.length === 1 ? args[0] : args),
    release: () => {},
  };
  const pool = { connect: async () => client, end: async () => {} } as unknown as pg.Pool;
  return { pool, sent };
}

describe('preparingPool', () => {
  it('names a data statement once it has been seen twice, and keeps its name', async () => {
    const { pool, sent } = recordingPool();
    const client = await preparingPool(pool, 10).connect();
    const text = 'select id from person where id = $1';
    for (const id of [1, 2, 3]) await client.query(text, [id]);
    expect(sent).toEqual([
      [text, [1]],
      { name: 'frontdoor_1', text, values: [2] },
      { name: 'frontdoor_1', text, values: [3] },
    ]);
  });

  it('never names transaction control, settings, maintenance, schema changes or several statements', async () => {
    const { pool, sent } = recordingPool();
    const client = await preparingPool(pool, 10).connect();
    const texts = [
      'begin',
      'commit',
      "set local work_mem = '32MB'",
      'vacuum (analyze) "person"',
      'create table t (id int)',
      'select 1; select 2',
    ];
    for (const text of [...texts, ...texts, ...texts]) await client.query(text, []);
    expect(sent.every((query) => Array.isArray(query))).toBe(true);
  });

  it('names no more than it may, so varying texts cannot grow the server without end', async () => {
    const { pool, sent } = recordingPool();
    const client = await preparingPool(pool, 2).connect();
    for (const n of [1, 2, 3]) for (const _ of [1, 2, 3]) await client.query(`select ${n}`, []);
    const names = new Set(
      sent.flatMap((query) => (Array.isArray(query) ? [] : [(query as { name: string }).name]))
    );
    expect([...names]).toEqual(['frontdoor_1', 'frontdoor_2']);
  });

  it('shares the names of one pool between every Kysely over it (a name is one text on a connection)', async () => {
    const { pool, sent } = recordingPool();
    const [first, second] = [
      await preparingPool(pool, 10).connect(),
      await preparingPool(pool, 10).connect(),
    ];
    for (const _ of [1, 2]) await first.query('select 1', []);
    for (const _ of [1, 2]) await second.query('select 2', []);
    await first.query('select 1', []);
    expect(sent.slice(-1)).toEqual([{ name: 'frontdoor_1', text: 'select 1', values: [] }]);
    expect(sent).toContainEqual({ name: 'frontdoor_2', text: 'select 2', values: [] });
  });
});

describe('a prepared statement after a schema change', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());

  it('is sent unnamed from then on when the table it reads changed shape (a newer process migrated it)', async () => {
    await sql`create table reshaped (id integer)`.execute(t.db);
    await sql`insert into reshaped values (1)`.execute(t.db);
    const everything = () => sql<Record<string, unknown>>`select * from reshaped`.execute(t.db);
    for (const _ of [1, 2, 3]) expect((await everything()).rows).toEqual([{ id: 1 }]);
    await sql`alter table reshaped add column note text`.execute(t.db);
    for (const _ of [1, 2]) expect((await everything()).rows).toEqual([{ id: 1, note: null }]);
  });
});
