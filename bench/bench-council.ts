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

/**
 * The council in database `name` on the server: seeded there now, or, with `keep`, one an earlier run seeded
 * and marked whole (a run cut short while seeding never is), so a benchmark can run again without seeding.
 * Returns the database's address.
 */
export async function keptCouncil(
  serverUrl: string,
  name: string,
  council: CouncilSize,
  now: Date,
  keep: boolean
): Promise<string> {
  const url = databaseUrlOf(serverUrl, name);
  const marker = JSON.stringify(council);
  if (keep && (await databaseExists(serverUrl, name)) && (await markerOf(url)) === marker) {
    log(`Using the council seeded before in ${name}`);
    return url;
  }
  await freshDatabase(serverUrl, name);
  log(`Seeding the council on PostgreSQL: ${marker}`);
  await seedCouncilInto({ databaseUrl: url, dataDir: '' }, council, now, async (db) => {
    await sql`comment on database ${sql.id(name)} is ${sql.lit(marker)}`.execute(db);
  });
  return url;
}

async function markerOf(url: string): Promise<string | null> {
  const pool = await openPool({ databaseUrl: url, dataDir: '' });
  const db = createDb(pool);
  try {
    const found = await sql<{ comment: string | null }>`
      select shobj_description(oid, 'pg_database') as comment from pg_database where datname = current_database()`.execute(
      db
    );
    return found.rows[0]?.comment ?? null;
  } finally {
    await db.destroy();
    await pool.close();
  }
}
