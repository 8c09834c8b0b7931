import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { createDb, migrateToLatest } from '../../src/platform/db/database.ts';
import { seedDemoCouncil } from '../../src/demo/seed-demo-council.ts';
import { databaseUrlFor } from './postgres-urls.ts';
import { browserAvailable, CHROMIUM_PATH } from './browser.ts';
import { TEMPLATE_DATABASE_ENV, TEMPLATE_DUMP_ENV, TEST_NOW, TEST_SEED } from './test-fixtures.ts';

/**
 * Migrates and seeds one small demo council once per run. Each test file then starts from a
 * copy: a PGlite data-folder dump, or a PostgreSQL template database when DATABASE_URL is set.
 */
export default async function setup(): Promise<() => Promise<void>> {
  checkBrowser();
  if (process.env.DATABASE_URL) return preparePostgresTemplate(process.env.DATABASE_URL);
  return preparePgliteDump();
}

/** Without chromium the browser tests are skipped with one line, unless REQUIRE_BROWSER=1 makes it a failure. */
function checkBrowser(): void {
  if (browserAvailable) return;
  const message = `Browser tests need chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`${message}; REQUIRE_BROWSER=1 is set.`);
  console.log(`${message}: skipping them and running the rest.`);
}

async function preparePgliteDump() {
  const lite = await PGlite.create({ extensions: { pg_trgm, fuzzystrmatch } });
  const pool = new pg.Pool(createPgConfig(lite));
  const db = createDb({ pool, kind: 'pglite', close: async () => {} });
  await migrateToLatest(db);
  await seedDemoCouncil(db, { ...TEST_SEED, now: TEST_NOW });
  await db.destroy();
  const dump = await lite.dumpDataDir('gzip');
  await lite.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-test-')), 'template.tar.gz');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_DUMP_ENV] = file;
  return async () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

async function preparePostgresTemplate(databaseUrl: string) {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const template = `frontdoor_test_template_${process.pid}`;
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  process.env[TEMPLATE_DATABASE_ENV] = template;
  const pool = new pg.Pool({
    connectionString: databaseUrlFor(databaseUrl, template),
    options: '-c timezone=UTC',
  });
  const db = createDb({ pool, kind: 'postgres', close: async () => {} });
  await migrateToLatest(db);
  await seedDemoCouncil(db, { ...TEST_SEED, now: TEST_NOW });
  await db.destroy();
  return async () => {
    await admin.query(`drop database if exists ${template}`);
    await admin.end();
  };
}
