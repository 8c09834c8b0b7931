/**
 * `npm run bench:import`: how long `frontdoor import ssd` takes to bring a large council's history across
 * on PostgreSQL — 150,000 children with five years of 50,000 contacts, seeded in a database of its own,
 * exported as the Standard Safeguarding Dataset, then imported into a second, newly set-up database (both
 * dropped after). Target: under 5 minutes. Written into BENCHMARKS.md at full size.
 *
 * PostgreSQL: IMPORT_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * Smaller runs for trying it out: IMPORT_BENCH_CHILDREN, IMPORT_BENCH_YEARS, IMPORT_BENCH_CONTACTS
 * (BENCHMARKS.md is then not written).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPool } from '../src/platform/db/pool.ts';
import { createDb, migrateToLatest, type Db } from '../src/platform/db/database.ts';
import { seedDemoCouncil } from '../src/demo/seed-demo-council.ts';
import { exportSsd } from '../src/modules/returns/ssd/ssd-export.ts';
import { initialiseCouncil } from '../src/modules/administration/set-up/council-initialisation.ts';
import { importSsd, readSsdFiles } from '../src/modules/returns/ssd-import/ssd-import.ts';
import { machine, writeBenchmarkSection } from './machine.ts';

const TARGET = { children: 150_000, years: 5, contactsPerYear: 50_000 };
const SIZE = {
  children: Number(process.env.IMPORT_BENCH_CHILDREN ?? TARGET.children),
  years: Number(process.env.IMPORT_BENCH_YEARS ?? TARGET.years),
  contactsPerYear: Number(process.env.IMPORT_BENCH_CONTACTS ?? TARGET.contactsPerYear),
};
const FULL_SIZE = JSON.stringify(SIZE) === JSON.stringify(TARGET);
const TARGET_SECONDS = 300;
const POSTGRES_URL = process.env.IMPORT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const [SOURCE, DESTINATION] = ['frontdoor_bench_import_source', 'frontdoor_bench_import_target'];

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function withDatabase<T>(admin: pg.Client, name: string, work: (db: Db) => Promise<T>): Promise<T> {
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const pool = await openPool({ databaseUrl: url.toString(), dataDir: '' });
  const db = createDb(pool);
  try {
    await migrateToLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
    await pool.close();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const extract = fs.mkdtempSync(path.join(os.tmpdir(), 'ssd-bench-'));
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const exported = await withDatabase(admin, SOURCE, async (db) => {
      log(
        `Seeding ${SIZE.children.toLocaleString('en-GB')} children, ${SIZE.years} years of ${SIZE.contactsPerYear.toLocaleString('en-GB')} contacts`
      );
      await seedDemoCouncil(db, { ...SIZE, now: startedAt });
      log('Exporting the Standard Safeguarding Dataset');
      return exportSsd(db, extract);
    });
    await admin.query(`drop database if exists ${SOURCE}`);
    const rows = Object.values(exported).reduce((sum, count) => sum + count, 0);
    log(`Exported ${rows.toLocaleString('en-GB')} rows; importing into a new council`);
    const timing = await withDatabase(admin, DESTINATION, async (db) => {
      await initialiseCouncil(
        db,
        {
          councilName: 'Bench Council',
          adminEmail: 'admin@bench.example',
          adminName: 'Admin',
          laCode: '999',
        },
        startedAt
      );
      const byUserId = (await db.selectFrom('staff_user').select('id').executeTakeFirstOrThrow()).id;
      const began = performance.now();
      const files = readSsdFiles(extract);
      const read = (performance.now() - began) / 1000;
      const result = await importSsd(db, files, { byUserId, now: startedAt });
      const total = (performance.now() - began) / 1000;
      if (result.outcome !== 'imported')
        throw new Error(`The import was refused: ${JSON.stringify(result.refusals.slice(0, 5))}`);
      return { read, total, imported: result.rowsPerTable };
    });
    const loadAfter = os.loadavg();
    const people = timing.imported.person ?? 0;
    log(
      `Imported ${people.toLocaleString('en-GB')} people in ${timing.total.toFixed(1)} s (reading the CSVs ${timing.read.toFixed(1)} s)`
    );
    const summary = [
      '## SSD import (`npm run bench:import`)',
      '',
      `Command: \`npm run bench:import\`. Date: ${startedAt.toISOString()}. Load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadAfter.map((n) => n.toFixed(2)).join(' ')}.`,
      `Machine: ${JSON.stringify({ ...machine(), memory: undefined })}.`,
      '',
      `Large council on PostgreSQL: ${SIZE.children.toLocaleString('en-GB')} children, ${SIZE.years} years of ${SIZE.contactsPerYear.toLocaleString('en-GB')} contacts, exported as the Standard Safeguarding Dataset (${rows.toLocaleString('en-GB')} rows) and imported into a newly set-up council in one transaction.`,
      '',
      '| measure | seconds | target |',
      '|---|---|---|',
      `| import (reading the CSVs, validating, writing) | ${timing.total.toFixed(1)} | ${TARGET_SECONDS} |`,
      `| of which reading the CSVs | ${timing.read.toFixed(1)} | |`,
      '',
      `Records written: ${Object.entries(timing.imported)
        .map(([table, count]) => `${table} ${count.toLocaleString('en-GB')}`)
        .join(', ')}.`,
    ].join('\n');
    console.log(`\n${summary}`);
    if (FULL_SIZE) writeBenchmarkSection('import', summary);
    else log('A reduced size: BENCHMARKS.md is not written.');
  } finally {
    fs.rmSync(extract, { recursive: true, force: true });
    await admin.query(`drop database if exists ${SOURCE}`);
    await admin.query(`drop database if exists ${DESTINATION}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
