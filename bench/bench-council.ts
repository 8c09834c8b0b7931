/**
 * What the load and page benchmarks share: the large council of issue 17, a PostgreSQL database of a
 * benchmark's own, and seeding with progress on the console.
 */
import os from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { openPool, type DatabasePool } from '../src/platform/db/pool.ts';
import { createDb, migrateToLatest, type Db } from '../src/platform/db/database.ts';
import { seedDemoCouncil, type SeedOptions, type SeedSummary } from '../src/demo/seed-demo-council.ts';

/** The large council of issue 17: 150,000 children, 5 years of 50,000 contacts, 5 million audit rows. */
export const LARGE_COUNCIL = {
  children: 150_000,
  contactsPerYear: 50_000,
  years: 5,
  auditRows: 5_000_000,
} as const;

export type CouncilSize = { children: number; contactsPerYear: number; years: number; auditRows: number };

export const loadNow = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(', ');

/** A line on the console with the time (UTC) and the load average beside it. */
export function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message} (load ${loadNow()})`);
}

/** A database of the benchmark's own on the server, dropped and made again. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  await dropDatabase(serverUrl, name);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return databaseUrlOf(serverUrl, name);
}

/** The address of database `name` on the server of `serverUrl`. */
export function databaseUrlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Whether database `name` exists on the server. */
export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    return found.rowCount === 1;
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

export function progressLogger(): SeedOptions['onProgress'] {
  let last = '';
  return (stage, done, total) => {
    const line = `${stage} ${Math.floor((done / total) * 10) * 10}%`;
    if (line !== last) log((last = line));
  };
}

/**
 * Opens the database, migrates it, seeds the council (logging progress), vacuums it on PostgreSQL and
 * hands the open database to `then` before closing it.
 */
export async function seedCouncilInto<T>(
  where: { databaseUrl?: string; dataDir: string },
  council: CouncilSize,
  now: Date,
  then: (db: Db, summary: SeedSummary, pool: DatabasePool) => Promise<T>
): Promise<T> {
  const pool = await openPool(where);
  const db = createDb(pool);
  try {
    await migrateToLatest(db);
    const summary = await seedDemoCouncil(db, { ...council, now, onProgress: progressLogger() });
    // Vacuumed now, as a council's settled tables are: otherwise autovacuum reaches the freshly written
    // millions of rows during the first measurements and is counted as the service's cost.
    if (pool.kind !== 'pglite') {
      log('Vacuuming the seeded council');
      await sql`vacuum (analyze)`.execute(db);
    }
    return await then(db, summary, pool);
  } finally {
    await db.destroy();
    await pool.close();
  }
}
