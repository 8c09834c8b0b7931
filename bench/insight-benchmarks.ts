/**
 * `npm run bench:insight`: how long a performance page's data takes — the refresh of the facts, the
 * section's measures for the period, their 24-month trends and the section's breakdowns, called as the
 * page calls them — on a large council on PostgreSQL (150,000 children, five years of 50,000 contacts,
 * in a database of its own, dropped after) and on the demo council in the embedded database (PGlite), as
 * `npm start` runs it. Written into BENCHMARKS.md.
 *
 * Before each timed page a few contact-children are changed, as a live service's writes would, so the
 * refresh has real work to fold in and the trends have months to count again; the writes are not timed.
 *
 * PostgreSQL: INSIGHT_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * Smaller runs for trying it out: INSIGHT_BENCH_CHILDREN, INSIGHT_BENCH_YEARS, INSIGHT_BENCH_CONTACTS set
 * the large council's size, INSIGHT_BENCH_RUNS the runs, INSIGHT_BENCH_SECTIONS the pages (a comma-separated
 * list of sections); BENCHMARKS.md is then not written.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { openPool, type DatabasePool } from '../src/platform/db/pool.ts';
import { createDb, migrateToLatest, type Db } from '../src/platform/db/database.ts';
import { seedDemoCouncil } from '../src/demo/seed-demo-council.ts';
import { refreshInsightFacts, rebuildInsightFacts } from '../src/modules/performance/insight-facts.ts';
import type { InsightFilters, InsightScope } from '../src/modules/performance/insight-scope.ts';
import { defaultPeriod } from '../src/modules/performance/insight-query.ts';
import type { MeasureSection } from '../src/modules/performance/measures.ts';
import {
  figuresOf,
  SECTION_BREAKDOWNS,
  TREND_MONTHS,
} from '../src/modules/performance/performance.service.ts';
import { sectionPage } from '../src/modules/performance/performance-pages.ts';
import { londonDateOf } from '../src/shared/working-time.ts';
import { startTableUpkeep, vacuumWhatChanged } from '../src/platform/db/table-upkeep.ts';
import { durationText, machine, writeBenchmarkSection } from './machine.ts';
import { percentile } from './percentile.ts';

const TARGET = { children: 150_000, years: 5, contactsPerYear: 50_000 };
const SIZE = {
  children: Number(process.env.INSIGHT_BENCH_CHILDREN ?? TARGET.children),
  years: Number(process.env.INSIGHT_BENCH_YEARS ?? TARGET.years),
  contactsPerYear: Number(process.env.INSIGHT_BENCH_CONTACTS ?? TARGET.contactsPerYear),
};
const RUNS = Number(process.env.INSIGHT_BENCH_RUNS ?? 30);
const ALL_SECTIONS: MeasureSection[] = ['demand', 'decisions', 'timeliness'];
/** INSIGHT_BENCH_SECTIONS (e.g. 'timeliness'): only these pages, for trying a change out. */
const SECTIONS = (process.env.INSIGHT_BENCH_SECTIONS?.split(',') ?? ALL_SECTIONS) as MeasureSection[];
const FULL_SIZE =
  JSON.stringify(SIZE) === JSON.stringify(TARGET) && RUNS === 30 && SECTIONS.length === ALL_SECTIONS.length;
const WARM_UP = 3;
/** Contact-children changed before each timed page. */
const CHANGES_PER_PAGE = 5;
const POSTGRES_URL = process.env.INSIGHT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'frontdoor_bench_insight';
const QUIET = { info: () => {}, error: () => {} };

interface Council {
  name: string;
  target: number;
  seconds: { seed: number; rebuild: number };
  sizes: { people: number; contacts: number; facts: number; referrals: number };
  pages: PageTiming[];
}

interface PageTiming {
  section: MeasureSection;
  filters: string;
  /** The first view with these filters: no month of the trend counted yet. */
  first: number;
  ms: number[];
}

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const councils = [
    await onPostgres(startedAt),
    await measureCouncil(
      'Demo council, embedded database (PGlite)',
      150,
      await openPool({ dataDir: 'memory://' }),
      { now: startedAt }
    ),
  ];
  const report = { startedAt, finishedAt: new Date(), loadBefore, loadAfter: os.loadavg(), councils };
  if (FULL_SIZE) writeSection(report);
  else console.log(sectionOf(report));
}

async function onPostgres(now: Date): Promise<Council> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DATABASE}`);
    await admin.query(`create database ${DATABASE}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${DATABASE}`;
    const pool = await openPool({ databaseUrl: url.toString(), dataDir: '' });
    return await measureCouncil(
      `Large council, PostgreSQL: ${SIZE.children.toLocaleString('en-GB')} children, ${SIZE.years} years of ${SIZE.contactsPerYear.toLocaleString('en-GB')} contacts`,
      300,
      pool,
      { ...SIZE, now }
    );
  } finally {
    await admin.query(`drop database if exists ${DATABASE}`);
    await admin.end();
  }
}

async function measureCouncil(
  name: string,
  target: number,
  pool: DatabasePool,
  seedOptions: Parameters<typeof seedDemoCouncil>[1]
): Promise<Council> {
  const db = createDb(pool);
  try {
    await migrateToLatest(db);
    log(`${name}: seeding`);
    const seed = await seconds(() => seedDemoCouncil(db, seedOptions));
    log(`Seeded in ${seed.seconds.toFixed(0)} s; building the facts`);
    const rebuild = await seconds(() => rebuildInsightFacts(db));
    log(`Facts built in ${rebuild.seconds.toFixed(1)} s`);
    await refreshInsightFacts(db);
    // The embedded database has no autovacuum: the service keeps its tables in order itself, on start and
    // every minute while it runs, and so does the benchmark.
    const stopUpkeep =
      pool.kind === 'pglite' ? (await vacuumWhatChanged(db), startTableUpkeep(db, QUIET)) : async () => {};
    const variants = await filterVariants(db);
    // A running service has drawn its pages before: every page once first, timed as its "first view" (no
    // month of its trends counted, no chart drawn), so the first page timed after is not also the first the
    // process (its JIT, its Vega views) has seen.
    const firstViews = new Map<string, number>();
    for (const { label, filters } of variants)
      for (const section of SECTIONS) {
        const started = performance.now();
        await page(db, section, scopeOf(filters, seedOptions.now), seedOptions.now);
        firstViews.set(`${section} ${label}`, performance.now() - started);
      }
    const pages: PageTiming[] = [];
    for (const { label, filters } of variants) {
      for (const section of SECTIONS) {
        const timing = await measurePage(db, section, label, filters, seedOptions.now);
        pages.push({ ...timing, first: firstViews.get(`${section} ${label}`)! });
      }
    }
    await stopUpkeep();
    return {
      name,
      target,
      seconds: { seed: seed.seconds, rebuild: rebuild.seconds },
      sizes: {
        people: seed.result.people,
        contacts: seed.result.contacts,
        referrals: seed.result.referrals,
        facts: rebuild.result,
      },
      pages,
    };
  } finally {
    await db.destroy();
    await pool.close();
  }
}

/** Unfiltered, two filters an analyst might choose, and a police partner's own figures with one more. */
async function filterVariants(db: Db): Promise<{ label: string; filters: InsightFilters }[]> {
  const locality = await db
    .selectFrom('locality')
    .select(['id', 'name'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const police = await db
    .selectFrom('agency')
    .select('id')
    .where('kind', '=', 'police')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return [
    { label: 'none', filters: {} },
    {
      label: `locality (${locality.name}) and age 10 to 15`,
      filters: { localityId: locality.id, ageBand: '10_to_15' },
    },
    { label: 'police (a partner) and sex F', filters: { agencyId: police.id, sex: 'F' } },
  ];
}

/** A page as the performance service builds it: its figures, then its charts and view model (no HTML). */
async function page(db: Db, section: MeasureSection, scope: InsightScope, now: Date): Promise<void> {
  await sectionPage(await figuresOf(db, section, scope, now), scope, true);
}

function scopeOf(filters: InsightFilters, now: Date): InsightScope {
  return { ...filters, period: defaultPeriod(londonDateOf(now)) };
}

async function measurePage(
  db: Db,
  section: MeasureSection,
  label: string,
  filters: InsightFilters,
  now: Date
): Promise<PageTiming> {
  const scope = scopeOf(filters, now);
  const ms: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    await changeSomeContacts(db);
    const started = performance.now();
    await page(db, section, scope, now);
    if (run >= WARM_UP) ms.push(performance.now() - started);
  }
  const timing = { section, filters: label, first: 0, ms };
  log(
    `${section}, filters ${label}: p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms`
  );
  return timing;
}

/**
 * What a busy front door does between two page views: a few children's contacts change in a way the
 * figures see (passed to another team), so each refresh rewrites their facts and moves their months on.
 */
async function changeSomeContacts(db: Db): Promise<void> {
  await sql`update contact_child
    set team_id = (select t.id from team t where t.id <> coalesce(contact_child.team_id, 0) order by t.id limit 1)
    where id in (select id from contact_child order by random() limit ${CHANGES_PER_PAGE})`.execute(db);
}

async function seconds<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}

type Report = {
  startedAt: Date;
  finishedAt: Date;
  loadBefore: number[];
  loadAfter: number[];
  councils: Council[];
};

function sectionOf(report: Report): string {
  const loads = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');
  const count = (value: number) => value.toLocaleString('en-GB');
  const box = machine();
  const councils = report.councils.map((council) => {
    const worst = Math.max(...council.pages.map((timing) => percentile(timing.ms, 95)));
    const rows = council.pages.map(
      (timing) =>
        `| ${timing.section} | ${timing.filters} | ${percentile(timing.ms, 50).toFixed(0)} ms | ${percentile(timing.ms, 95).toFixed(0)} ms | ${Math.max(...timing.ms).toFixed(0)} ms | ${timing.first.toFixed(0)} ms |`
    );
    return `### ${council.name}

${count(council.sizes.people)} people, ${count(council.sizes.contacts)} contacts, ${count(council.sizes.facts)} contact-children
(facts), ${count(council.sizes.referrals)} referrals; seeded in ${council.seconds.seed.toFixed(0)} s; every fact built from
scratch in ${council.seconds.rebuild.toFixed(1)} s (first use, or after the council's calendar changes).

Target: every page p95 < ${council.target} ms. Worst page p95: **${worst.toFixed(0)} ms**, ${worst < council.target ? '**met**' : '**missed**'}.

| Page | Filters | p50 | p95 | Worst | First view |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
  });
  return `## Performance pages (insight)

Measured with \`npm run bench:insight\` on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
(${durationText(report.startedAt, report.finishedAt)}). Machine: \`nproc\` ${box.nproc}, ${box.cpu}, Node ${box.node}; \`free -h\`:

\`\`\`
${box.memory}
\`\`\`

Load average ${loads(report.loadBefore)} at the start and ${loads(report.loadAfter)} at the end (1, 5, 15 minutes) on
${box.nproc} cores; times are wall-clock under that load.

A page is what the performance service builds for one section (demand, decisions or timeliness): the refresh of
the facts (folding in the changes queued since the last page), then at once the section's measures for the
last 12 complete months, their monthly values over ${TREND_MONTHS} months and the section's breakdowns
(${SECTIONS.map((section) => `${section}: ${SECTION_BREAKDOWNS[section].length}`).join(', ')}). Before each page ${CHANGES_PER_PAGE} random contact-children
are passed to another team (not timed), so every refresh rewrites their facts (and recomputes the other
contacts of the same children), and the months those facts are counted in, anywhere in the five years, are
counted again by the trends; the settled months of a trend are kept from the page before. The period's
figures and the breakdowns of the facts are sums of those months (decision 0010). On the embedded database the
table upkeep the service runs (vacuum and analyse what changed, on start and every minute) runs too.
Every page was drawn once before any was timed, as in a service that has been running: that draw is its
"first view", with no month of its trends counted yet and none of its charts drawn (as after the service
starts, or for filters nobody has chosen since). Then each page ran ${WARM_UP} times to warm the caches, then
${RUNS} timed times. A page includes every chart drawn as SVG (a chart already drawn with the same data is
reused) and the page's view model. Only the template's HTML and the audit row are not included.

${councils.join('\n\n')}`;
}

function writeSection(report: Report): void {
  writeBenchmarkSection('insight', sectionOf(report));
  log('BENCHMARKS.md updated');
}

await main();
