import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openPool, type DatabasePool } from '../../src/platform/db/pool.ts';
import { createDb, migrateToLatest, type Db } from '../../src/platform/db/database.ts';
import { databaseUrlFor } from './postgres-urls.ts';
import { TEST_NOW } from './test-fixtures.ts';
import { TestAgent } from './test-agent.ts';

export interface EmptyDatabase {
  db: Db;
  pool: DatabasePool;
  close(): Promise<void>;
}

/** A migrated database with no council in it (issue 18's starting point), on PGlite or PostgreSQL. */
export async function openEmptyDatabase(): Promise<EmptyDatabase> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pool = await openPool({ dataDir: 'memory://' });
    const db = createDb(pool);
    await migrateToLatest(db);
    return { db, pool, close: () => db.destroy().then(() => pool.close()) };
  }
  const name = `frontdoor_empty_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const pool = await openPool({ databaseUrl: databaseUrlFor(databaseUrl, name), dataDir: '' });
  const db = createDb(pool);
  await migrateToLatest(db);
  return {
    db,
    pool,
    close: async () => {
      await db.destroy();
      await pool.close();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

export interface EmptyApp {
  app: FastifyInstance;
  db: Db;
  pool: DatabasePool;
  clock: ManualClock;
  agent(): TestAgent;
  close(): Promise<void>;
}

/** The whole application on an empty database, as a council going live first starts it. */
export async function createEmptyApp(): Promise<EmptyApp> {
  const database = await openEmptyDatabase();
  const clock = new ManualClock(TEST_NOW);
  const app = await buildApp({ db: database.db, clock });
  return {
    app,
    db: database.db,
    pool: database.pool,
    clock,
    agent: () => new TestAgent(app, clock),
    async close() {
      await app.close();
      await database.close();
    },
  };
}
