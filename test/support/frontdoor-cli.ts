import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { openPool, type DatabasePool } from '../../src/platform/db/pool.ts';
import { createDb, type Db } from '../../src/platform/db/database.ts';
import { databaseUrlFor } from './postgres-urls.ts';

const CLI = fileURLToPath(new URL('../../bin/frontdoor.js', import.meta.url));

/**
 * A database with nothing in it, not even the tables, as a council's is before `frontdoor init`: a new,
 * uniquely named database on DATABASE_URL's server, or a new PGlite data folder on disk (the CLI runs in
 * another process, so not in memory).
 */
export interface BlankDatabase {
  /** The environment that points the CLI at this database. */
  env: NodeJS.ProcessEnv;
  /** Opens the database in this process, once the CLI has finished with it. */
  open(): Promise<{ db: Db; pool: DatabasePool }>;
  /** Closes what `open` opened and removes the database. */
  close(): Promise<void>;
}

export async function createBlankDatabase(): Promise<BlankDatabase> {
  const databaseUrl = process.env.DATABASE_URL;
  return databaseUrl ? blankPostgresDatabase(databaseUrl) : blankPgliteFolder();
}

async function blankPostgresDatabase(serverUrl: string): Promise<BlankDatabase> {
  const name = `frontdoor_blank_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = databaseUrlFor(serverUrl, name);
  return withOpening({ DATABASE_URL: url }, { databaseUrl: url, dataDir: '' }, async () => {
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  });
}

async function blankPgliteFolder(): Promise<BlankDatabase> {
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'frontdoor-blank-'));
  return withOpening({ DATABASE_URL: '', DATA_DIR: dataDir }, { dataDir }, () =>
    fs.promises.rm(dataDir, { recursive: true, force: true })
  );
}

function withOpening(
  env: NodeJS.ProcessEnv,
  poolOptions: Parameters<typeof openPool>[0],
  remove: () => Promise<void>
): BlankDatabase {
  let opened: { db: Db; pool: DatabasePool } | undefined;
  return {
    // One role for the CLI and the app, as a council without a separate owner role runs it.
    env: { ...env, MIGRATION_DATABASE_URL: '' },
    async open() {
      const pool = await openPool(poolOptions);
      opened = { db: createDb(pool), pool };
      return opened;
    },
    async close() {
      await opened?.db.destroy();
      await opened?.pool.close();
      await remove();
    },
  };
}

/** Runs `frontdoor ARGS` as a council would, in its own process, and answers what it printed. */
export async function runFrontdoor(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
  });
  return stdout;
}
