import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../../test/support/test-database.ts';
import { createDb, type Db } from '../../../platform/db/database.ts';
import { openPool, type DatabasePool } from '../../../platform/db/pool.ts';
import { runDailyReadinessCheck } from './readiness.service.ts';

/*
 * Several app processes on one PostgreSQL each look for today's readiness check: exactly one runs it.
 * Two node processes race for a day; then two connection pools stand for two processes, to hold one
 * still while the other looks. On the embedded database only one process may open the data folder, so
 * there the runs share one pool.
 */

/** A module of the app, as an import specifier for a script run by another node process. */
const moduleAt = (relative: string) => JSON.stringify(path.join(import.meta.dirname, relative));

/** A node process of its own that looks for the day's run once and prints what it did. */
async function lookInAnotherProcess(databaseUrl: string, at: Date): Promise<unknown> {
  const script = `
    import { openPool } from ${moduleAt('../../../platform/db/pool.ts')};
    import { createDb } from ${moduleAt('../../../platform/db/database.ts')};
    import { runDailyReadinessCheck } from ${moduleAt('readiness.service.ts')};
    const pool = await openPool({ databaseUrl: ${JSON.stringify(databaseUrl)}, dataDir: '' });
    const db = createDb(pool);
    const result = await runDailyReadinessCheck(db, new Date(${JSON.stringify(at.toISOString())}));
    await db.destroy();
    await pool.close();
    console.log(JSON.stringify(result));`;
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    script,
  ]);
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const NOW = new Date('2026-11-20T10:00:00Z');

let database: TestDatabase;
let second: { db: Db; pool: DatabasePool } | undefined;

beforeAll(async () => {
  database = await openTestDatabase();
  if (database.url) {
    const pool = await openPool({ databaseUrl: database.url, dataDir: '' });
    second = { db: createDb(pool), pool };
  }
});

afterAll(async () => {
  if (second) {
    await second.db.destroy();
    await second.pool.close();
  }
  await database.close();
});

/** The two processes' databases: two pools on PostgreSQL, the one embedded database otherwise. */
const processes = (): [Db, Db] => [database.db, second?.db ?? database.db];

async function runsOn(date: string) {
  return database.db
    .selectFrom('readiness_run')
    .where('run_date', '=', date)
    .select(['id', 'errors', 'queries'])
    .execute();
}

/** Resolves once some connection to this database is waiting on a lock. */
async function someoneWaitsOnALock(db: Db): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if (rows[0]!.waiting > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('exactly one run a day with several processes', () => {
  it.skipIf(!process.env.DATABASE_URL)(
    'runs once when two node processes look at the same moment',
    async () => {
      const at = new Date('2026-11-19T10:00:00Z');
      const results = await Promise.all([
        lookInAnotherProcess(database.url!, at),
        lookInAnotherProcess(database.url!, at),
      ]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect(await runsOn('2026-11-19')).toHaveLength(1);
    }
  );

  it('runs once when two processes, twice each, look at the same moment', async () => {
    const [a, b] = processes();
    const results = await Promise.all([
      runDailyReadinessCheck(a, NOW),
      runDailyReadinessCheck(b, NOW),
      runDailyReadinessCheck(a, NOW),
      runDailyReadinessCheck(b, NOW),
    ]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    const runs = await runsOn('2026-11-20');
    expect(runs).toHaveLength(1);
    const ran = results.find((result) => result !== null)!;
    expect(runs[0]).toMatchObject({ errors: ran.errors, queries: ran.queries });
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'waits for a process that has claimed the day: does nothing when it finishes, runs when it fails',
    async () => {
      const [a, b] = processes();
      for (const [day, othersRun] of [
        ['2026-11-21', 'finishes'],
        ['2026-11-22', 'fails'],
      ] as const) {
        const at = new Date(`${day}T10:00:00Z`);
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let claimed!: () => void;
        const hasClaimed = new Promise<void>((resolve) => (claimed = resolve));
        // Process B claims the day and is still running its check.
        const other = b
          .transaction()
          .execute(async (trx) => {
            await trx
              .insertInto('readiness_run')
              .values({
                collection_year: 2027,
                run_date: day,
                run_at: at,
                ran_by: null,
                children: 0,
                errors: 0,
                queries: 0,
              })
              .execute();
            claimed();
            await released;
            if (othersRun === 'fails') throw new Error('the process stopped');
          })
          .catch(() => 'failed');
        await hasClaimed;
        // Process A looks meanwhile, and waits on B's claim of the day.
        const mine = runDailyReadinessCheck(a, at);
        await someoneWaitsOnALock(a);
        release();
        await other;
        const result = await mine;
        const runs = await runsOn(day);
        expect(runs, day).toHaveLength(1);
        if (othersRun === 'finishes') expect(result).toBeNull();
        else expect(result).toMatchObject({ year: 2027 });
      }
    }
  );
});
