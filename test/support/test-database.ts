import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPool, type DatabasePool } from '../../src/platform/db/pool.ts';
import { createDb, type Db } from '../../src/platform/db/database.ts';
import { databaseUrlFor } from './postgres-urls.ts';
import { TEMPLATE_DATABASE_ENV, TEMPLATE_DUMP_ENV } from './test-fixtures.ts';

export interface TestDatabase {
  db: Db;
  pool: DatabasePool;
  /** The copy's connection string, on PostgreSQL. */
  url?: string;
  close(): Promise<void>;
}

/** A private copy of the seeded test council for one test file, on PGlite or PostgreSQL. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) return openPostgresCopy(databaseUrl);
  const dumpFile = process.env[TEMPLATE_DUMP_ENV];
  if (!dumpFile) throw new Error('The test template is missing: run tests through vitest (global setup).');
  const pool = await openPool({ dataDir: 'memory://', loadDataDir: new Blob([fs.readFileSync(dumpFile)]) });
  const db = createDb(pool);
  return { db, pool, close: () => db.destroy().then(() => pool.close()) };
}

async function openPostgresCopy(databaseUrl: string): Promise<TestDatabase> {
  const name = `frontdoor_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${process.env[TEMPLATE_DATABASE_ENV]}`);
  const url = databaseUrlFor(databaseUrl, name);
  const pool = await openPool({ databaseUrl: url, dataDir: '' });
  const db = createDb(pool);
  return {
    db,
    pool,
    url,
    close: async () => {
      await db.destroy();
      await pool.close();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}
