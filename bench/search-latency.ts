/**
 * Latency of one search (findPersonMatches) against a loaded person index, on PostgreSQL or PGlite:
 * searches written the way practitioners type them (names and date of birth, with the corruption
 * model's typos), and full records (every field a partner sends), timed one after another.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, migrateToLatest, type Db } from '../src/platform/db/database.ts';
import { migrations } from '../src/platform/db/migrations/index.ts';
import * as personMatching from '../src/platform/db/migrations/0003-person-matching.ts';
import { openPool, type DatabasePool } from '../src/platform/db/pool.ts';
import { findPersonMatches, type PersonQuery } from '../src/modules/people/matching/find-person-matches.ts';
import type { LabelledRecord } from './english-set.ts';
import { loadPeople } from './load-people.ts';

export const BENCH_DATABASE = 'frontdoor_bench_matching';
const WARM_UP = 50;

export interface LatencyResult {
  /** The database's own version string. */
  readonly server: string;
  readonly people: number;
  readonly loadSeconds: number;
  readonly searches: number;
  readonly form: Percentiles;
  readonly full: Percentiles;
  /** Share of searches whose first result is the person searched for. */
  readonly topIsRight: number;
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
}

type Query = PersonQuery & { truth: string };

export async function measureSearchLatency(
  target: { postgresUrl: string } | 'pglite',
  people: readonly LabelledRecord[],
  queries: readonly Query[]
): Promise<LatencyResult> {
  const { pool, drop } = await openBenchDatabase(target);
  const db = createDb(pool);
  try {
    await migrateToLatest(db);
    if (!('0003-person-matching' in migrations)) await personMatching.up(db as never);
    const began = performance.now();
    await loadPeople(db, people);
    const loadSeconds = (performance.now() - began) / 1000;
    const form = queries.map(({ givenName, familyName, dateOfBirth, truth }) => ({
      givenName,
      familyName,
      dateOfBirth,
      truth,
    }));
    await timeSearches(db, form.slice(0, WARM_UP));
    const formTimes = await timeSearches(db, form.slice(WARM_UP));
    const fullTimes = await timeSearches(db, queries.slice(WARM_UP));
    const { rows } = await sql<{ server_version: string }>`show server_version`.execute(db);
    return {
      server: rows[0]?.server_version ?? 'unknown',
      people: people.length,
      loadSeconds,
      searches: formTimes.times.length,
      form: percentiles(formTimes.times),
      full: percentiles(fullTimes.times),
      topIsRight: (formTimes.right + fullTimes.right) / (formTimes.times.length + fullTimes.times.length),
    };
  } finally {
    await db.destroy();
    await pool.close();
    await drop();
  }
}

async function timeSearches(db: Db, queries: readonly Query[]) {
  const times: number[] = [];
  let right = 0;
  for (const { truth, ...query } of queries) {
    const began = performance.now();
    const [best] = await findPersonMatches(db, query);
    times.push(performance.now() - began);
    if (best && `P${best.personId}` === truth) right++;
  }
  return { times, right };
}

function percentiles(times: readonly number[]): Percentiles {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    mean: sorted.reduce((sum, time) => sum + time, 0) / sorted.length,
  };
}

async function openBenchDatabase(
  target: { postgresUrl: string } | 'pglite'
): Promise<{ pool: DatabasePool; drop: () => Promise<void> }> {
  if (target === 'pglite') return { pool: await openPool({ dataDir: 'memory://' }), drop: async () => {} };
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: target.postgresUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`drop database if exists ${BENCH_DATABASE}`);
  await admin(`create database ${BENCH_DATABASE}`);
  const url = new URL(target.postgresUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  return {
    pool: await openPool({ databaseUrl: url.toString(), dataDir: '' }),
    drop: () => admin(`drop database if exists ${BENCH_DATABASE}`),
  };
}
