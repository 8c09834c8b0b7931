/**
 * `npm run bench:returns`: how long the statutory returns take on a large council on PostgreSQL —
 * the CIN census built and checked against every rule, Annex A, and the Standard Safeguarding Dataset
 * extract — written into BENCHMARKS.md. The council is generated with the demo seed at the size the
 * issue names (150,000 children, five years of 50,000 contacts) into its own database, dropped after.
 *
 * PostgreSQL: RETURNS_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * Smaller runs for trying it out: RETURNS_BENCH_CHILDREN, RETURNS_BENCH_YEARS, RETURNS_BENCH_CONTACTS
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
import { buildCensus, latestCensusYear } from '../src/modules/returns/returns.service.ts';
import { writeCensusXml } from '../src/modules/returns/cin-census/census-xml.ts';
import { checkCensus } from '../src/modules/returns/cin-census/check-census.ts';
import { buildAnnexA } from '../src/modules/returns/annex-a/annex-a-export.ts';
import { exportSsd } from '../src/modules/returns/ssd/ssd-export.ts';
import { machine, writeBenchmarkSection } from './machine.ts';

const TARGET = { children: 150_000, years: 5, contactsPerYear: 50_000 };
const SIZE = {
  children: Number(process.env.RETURNS_BENCH_CHILDREN ?? TARGET.children),
  years: Number(process.env.RETURNS_BENCH_YEARS ?? TARGET.years),
  contactsPerYear: Number(process.env.RETURNS_BENCH_CONTACTS ?? TARGET.contactsPerYear),
};
const FULL_SIZE = JSON.stringify(SIZE) === JSON.stringify(TARGET);
const RUNS = 3;
const POSTGRES_URL = process.env.RETURNS_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'frontdoor_bench_returns';

interface Timing {
  name: string;
  target: number;
  runs: number[];
  rows: string;
}

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}

/** One warm-up, then RUNS timed runs: the warm-up fills the database's caches as a live service has them. */
async function measure<T>(name: string, target: number, work: () => Promise<T>, rows: (result: T) => string) {
  await work();
  const runs: number[] = [];
  let last: T | undefined;
  for (let run = 0; run < RUNS; run++) {
    const { seconds, result } = await timed(work);
    runs.push(seconds);
    last = result;
    log(`${name}: ${seconds.toFixed(2)} s`);
  }
  return { name, target, runs, rows: rows(last as T) } satisfies Timing;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DATABASE}`);
  await admin.query(`create database ${DATABASE}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${DATABASE}`;
  const pool = await openPool({ databaseUrl: url.toString(), dataDir: '' });
  const db = createDb(pool);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-ssd-'));
  try {
    await migrateToLatest(db);
    log(`Seeding ${SIZE.children.toLocaleString('en-GB')} children, ${SIZE.years} years of contacts`);
    const seeded = await timed(() => seedDemoCouncil(db, { ...SIZE, now: startedAt }));
    log(`Seeded in ${seeded.seconds.toFixed(0)} s`);
    const timings = await measureReturns(db, startedAt, folder);
    const report = { startedAt, loadBefore, loadAfter: os.loadavg(), seeded, timings };
    if (FULL_SIZE) writeSection(report);
    else console.log(sectionOf(report));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await db.destroy();
    await pool.close();
    await admin.query(`drop database if exists ${DATABASE}`);
    await admin.end();
  }
}

async function measureReturns(db: Db, now: Date, folder: string): Promise<Timing[]> {
  const year = latestCensusYear(now);
  const asAt = now.toISOString().slice(0, 10);
  return [
    await measure(
      `CIN census ${year}: built, checked against all 109 rules, written as XML`,
      5,
      async () => {
        const census = await buildCensus(db, year, now);
        const check = checkCensus(census);
        return { children: census.Children.length, xml: writeCensusXml(census).length, check };
      },
      ({ children, check }) =>
        `${children.toLocaleString('en-GB')} children; ${check.errors} errors, ${check.queries} queries`
    ),
    await measure(
      `Annex A as at ${asAt}`,
      5,
      () => buildAnnexA(db, asAt),
      ({ rowsPerList }) =>
        `${Object.values(rowsPerList)
          .reduce((sum, rows) => sum + rows, 0)
          .toLocaleString('en-GB')} rows on 11 sheets`
    ),
    await measure(
      'Standard Safeguarding Dataset extract (CSV)',
      20,
      () => exportSsd(db, folder),
      (rows) =>
        `${Object.values(rows)
          .reduce((sum, count) => sum + count, 0)
          .toLocaleString('en-GB')} rows in ${Object.keys(rows).length} tables`
    ),
  ];
}

type Report = {
  startedAt: Date;
  loadBefore: number[];
  loadAfter: number[];
  seeded: { seconds: number; result: Awaited<ReturnType<typeof seedDemoCouncil>> };
  timings: Timing[];
};

function sectionOf(report: Report): string {
  const loads = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');
  const box = machine();
  const rows = report.timings.map((timing) => {
    const worst = Math.max(...timing.runs);
    const median = [...timing.runs].sort((a, b) => a - b)[Math.floor(timing.runs.length / 2)]!;
    return `| ${timing.name} | ${timing.rows} | ${median.toFixed(2)} s | ${worst.toFixed(2)} s | < ${timing.target} s: ${worst < timing.target ? '**met**' : '**missed**'} |`;
  });
  const seeded = report.seeded.result;
  return `## Statutory returns

Measured with \`npm run bench:returns\` on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, on
PostgreSQL (the machine's local server). Machine: \`nproc\` ${box.nproc}, ${box.cpu}, Node ${box.node}; \`free -h\`:

\`\`\`
${box.memory}
\`\`\`

Load average ${loads(report.loadBefore)} at the start and ${loads(report.loadAfter)} at the end (1, 5, 15
minutes) on ${box.nproc} cores; times are wall-clock under that load.

The council: the demo seed at ${SIZE.children.toLocaleString('en-GB')} children and ${SIZE.years} years of
${SIZE.contactsPerYear.toLocaleString('en-GB')} contacts (${seeded.people.toLocaleString('en-GB')} people,
${seeded.contacts.toLocaleString('en-GB')} contacts, ${seeded.referrals.toLocaleString('en-GB')} referrals,
with their onward records), seeded in ${report.seeded.seconds.toFixed(0)} s. Each return ran once to warm
the caches, then ${RUNS} times.

| Return | What it held | Median | Worst | Target |
| --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

function writeSection(report: Report): void {
  writeBenchmarkSection('returns', sectionOf(report));
  log('BENCHMARKS.md updated');
}

await main();
