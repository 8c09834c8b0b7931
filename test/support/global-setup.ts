import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPool } from '../../src/platform/db/pool.ts';
import { createDb, migrateToLatest } from '../../src/platform/db/database.ts';
import { seedDemoCouncil } from '../../src/demo/seed-demo-council.ts';
import { databaseUrlFor } from './postgres-urls.ts';
import { browserAvailable, CHROMIUM_PATH } from './browser.ts';
import { xmllintAvailable } from './xmllint.ts';
import { TEMPLATE_DATABASE_ENV, TEMPLATE_DUMP_ENV, TEST_NOW, TEST_SEED } from './test-fixtures.ts';

/**
 * Migrates and seeds one small demo council once per run. Each test file then starts from a
 * copy: a PGlite data-folder dump, or a PostgreSQL template database when DATABASE_URL is set.
 */
export default async function setup(): Promise<() => Promise<void>> {
  checkTools();
  if (process.env.DATABASE_URL) return preparePostgresTemplate(process.env.DATABASE_URL);
  return preparePgliteDump();
}

/**
 * Without chromium the browser tests, and without xmllint the schema tests, are skipped with one line
 * each, unless REQUIRE_BROWSER=1 (as .ci/run sets it) makes a missing tool a failure.
 */
function checkTools(): void {
  const missing = [
    browserAvailable ? null : `Browser tests need chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`,
    xmllintAvailable ? null : 'Schema tests need xmllint (apt-get install -y libxml2-utils)',
  ].filter((message) => message !== null);
  for (const message of missing) {
    if (process.env.REQUIRE_BROWSER === '1') throw new Error(`${message}; REQUIRE_BROWSER=1 is set.`);
    console.log(`${message}: skipping them and running the rest.`);
  }
}

/** The pools come from openPool, as the app's do, so values are parsed the same way (dates stay text). */
async function preparePgliteDump() {
  const database = await openPool({ dataDir: 'memory://' });
  const db = createDb(database);
  await migrateToLatest(db);
  await seedDemoCouncil(db, { ...TEST_SEED, now: TEST_NOW });
  const dump = await database.dumpDataDir!();
  await db.destroy();
  await database.close();
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
  const database = await openPool({ databaseUrl: databaseUrlFor(databaseUrl, template), dataDir: '' });
  const db = createDb(database);
  await migrateToLatest(db);
  await seedDemoCouncil(db, { ...TEST_SEED, now: TEST_NOW });
  await db.destroy();
  await database.close();
  return async () => {
    await admin.query(`drop database if exists ${template}`);
    await admin.end();
  };
}
