/**
 * `npm run bench:pages`: the pages a practitioner, a manager, a partner, an out-of-hours worker and an
 * assessment social worker walk through (issue 15), timed as the server answers them — routing, the
 * session, every read through the access layer with its audit row, and the HTML — on the demo council as
 * `npm start` creates it (embedded database). Targets: every page under 150 ms at the 95th percentile
 * (issue 15), and under 50 ms (issue 17).
 * Requests go in-process (Fastify's inject), so no network time is counted.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openPool, type DatabasePool } from '../src/platform/db/pool.ts';
import { createDb, migrateToLatest, type Db } from '../src/platform/db/database.ts';
import { seedDemoCouncil } from '../src/demo/seed-demo-council.ts';
import { TestAgent } from '../test/support/test-agent.ts';
import { durationText, machine, writeBenchmarkSection } from './machine.ts';
import { percentile } from './percentile.ts';
import { LARGE_COUNCIL, dropDatabase, keptCouncil, log } from './bench-council.ts';

const TARGET_MS = 150;
const TARGET_ISSUE_17_MS = 50;
const TARGET_LARGE_MS = 100;
const RUNS = Number(process.env.PAGE_BENCH_RUNS ?? 30);
/** Audit history behind the demo council (none, as `npm start` makes it; e.g. 1000000 to try the audit search at scale). */
const AUDIT_ROWS = Number(process.env.PAGE_BENCH_AUDIT_ROWS ?? 0);
/** `large`: the large council of issue 17 on PostgreSQL rather than the demo council on the embedded database. */
const LARGE = process.env.PAGE_BENCH_COUNCIL === 'large';
/** The PostgreSQL server the large council is seeded on, in a database of the benchmark's own. */
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const LARGE_DATABASE = 'frontdoor_pages_bench';
/** `1`: keep the large council's database after the run, and use it again (migrated) if it is there. */
const KEEP = process.env.PAGE_BENCH_KEEP === '1';
/** Only the pages whose label contains this (case-insensitive), for a quick look at a few. */
const ONLY = process.env.PAGE_BENCH_ONLY?.toLowerCase();
const WARM_UP = 3;

interface Page {
  role: string;
  username: string;
  label: string;
  url: string;
}

interface Timing extends Page {
  status: number;
  ms: number[];
  /** The size of the page, and the rows of its tables (header rows left out): a list that does not page shows here. */
  kB: number;
  rows: number;
}

interface Council {
  db: Db;
  pool: DatabasePool;
  seeded: { people: number; contacts: number };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const council = LARGE ? await largeCouncil(startedAt) : await demoCouncil(startedAt);
  const { db, pool, seeded } = council;
  const app = await buildApp({ db, clock: systemClock });
  const timedFrom = new Date();
  const loadTimedFrom = os.loadavg();
  try {
    const timings: Timing[] = [];
    const agents = new Map<string, TestAgent>();
    const pages = (await pagesOf(db)).filter((page) => !ONLY || page.label.toLowerCase().includes(ONLY));
    for (const page of pages) {
      let agent = agents.get(page.username);
      if (!agent) {
        agent = new TestAgent(app, systemClock, { beforeSecondFactorCode: () => allowCodeAgain(db) });
        await agent.signIn(page.username);
        agents.set(page.username, agent);
      }
      timings.push(await measure(agent, page));
    }
    const report = {
      startedAt,
      timedFrom,
      finishedAt: new Date(),
      loadBefore,
      loadTimedFrom,
      loadAfter: os.loadavg(),
      seeded,
      timings,
    };
    const whole = RUNS === 30 && !ONLY;
    if (LARGE && whole) writeBenchmarkSection('pages-large', largeSectionOf(report));
    else if (LARGE) console.log(largeSectionOf(report));
    else if (whole && AUDIT_ROWS === 0) writeBenchmarkSection('pages', sectionOf(report));
    else console.log(sectionOf(report));
  } finally {
    await app.close();
    await db.destroy();
    await pool.close();
    if (LARGE && !KEEP) await dropDatabase(SERVER_URL, LARGE_DATABASE);
  }
}

/** The demo council as `npm start` creates it, on the embedded database in memory. */
async function demoCouncil(now: Date): Promise<Council> {
  const pool = await openPool({ dataDir: 'memory://' });
  const db = createDb(pool);
  await migrateToLatest(db);
  log('Seeding the demo council');
  const seeded = await seedDemoCouncil(db, { now, auditRows: AUDIT_ROWS });
  return { db, pool, seeded };
}

/**
 * The large council of issue 17 on PostgreSQL, seeded into a database of the benchmark's own. With
 * PAGE_BENCH_KEEP=1 a council seeded by an earlier run is used again (brought up to the latest migration),
 * so pages can be timed again without seeding for a quarter of an hour.
 */
async function largeCouncil(now: Date): Promise<Council> {
  const url = await keptCouncil(SERVER_URL, LARGE_DATABASE, LARGE_COUNCIL, now, KEEP);
  const pool = await openPool({ databaseUrl: url, dataDir: '' });
  const db = createDb(pool);
  await migrateToLatest(db);
  const counted = (table: 'person' | 'contact') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  return { db, pool, seeded: { people: await counted('person'), contacts: await counted('contact') } };
}

async function allowCodeAgain(db: Db): Promise<void> {
  await db.updateTable('staff_user').set({ totp_last_step: null }).execute();
}

async function measure(agent: TestAgent, page: Page): Promise<Timing> {
  const ms: number[] = [];
  let status = 0;
  let body = '';
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const started = performance.now();
    const response = await agent.get(page.url);
    const elapsed = performance.now() - started;
    status = response.statusCode;
    body = response.body;
    if (status !== 200) throw new Error(`${page.label} (${page.url}) as ${page.username} answered ${status}`);
    if (run >= WARM_UP) ms.push(elapsed);
  }
  const kB = Buffer.byteLength(body) / 1024;
  const rows = (body.match(/<tr[\s>]/g)?.length ?? 0) - (body.match(/<thead[\s>]/g)?.length ?? 0);
  log(
    `${page.role}, ${page.label}: p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, ${kB.toFixed(0)} kB, ${rows} rows`
  );
  return { ...page, status, ms, kB, rows };
}

/** The pages each role walks, with the busiest real records of the seeded council behind them. */
async function pagesOf(db: Db): Promise<Page[]> {
  const open = await sql<{ contact_id: number; contact_child_id: number }>`
    select cc.contact_id, cc.id as contact_child_id from contact_child cc
    where cc.status <> 'completed' and cc.person_id is not null order by cc.id desc limit 1`.execute(db);
  const busiest = await sql<{ person_id: number; family_name: string }>`
    select cc.person_id, p.family_name from contact_child cc join person p on p.id = cc.person_id
    where not p.restricted group by cc.person_id, p.family_name order by count(*) desc, cc.person_id limit 1`.execute(
    db
  );
  const handover = await sql<{ id: number }>`
    select h.id from handover h join staff_user s on s.team_id = h.to_team_id and s.username = 'assessment'
    order by h.offered_at desc limit 1`.execute(db);
  const request = await sql<{ id: number }>`
    select ir.id from information_request ir join agency a on a.id = ir.agency_id
    where a.kind = 'police' order by ir.id desc limit 1`.execute(db);
  const quiet = await sql<{ username: string }>`
    select username from staff_user u
    where not exists (select 1 from audit_event e where e.actor_user_id = u.id) order by id limit 1`.execute(
    db
  );
  // The user with the most events: their filter matches the most rows.
  const busiestActor = await sql<{ username: string }>`
    select u.username from staff_user u
    join (select actor_user_id, count(*) as n from audit_event group by actor_user_id) e on e.actor_user_id = u.id
    order by e.n desc, u.id limit 1`.execute(db);
  const { contact_id: contactId, contact_child_id: childId } = open.rows[0]!;
  const { person_id: personId, family_name: surname } = busiest.rows[0]!;
  const practitioner = (label: string, url: string) => ({
    role: 'Practitioner',
    username: 'practitioner',
    label,
    url,
  });
  const manager = (label: string, url: string) => ({ role: 'Team manager', username: 'manager', label, url });
  const partner = (label: string, url: string) => ({
    role: 'Police partner',
    username: 'partner.police',
    label,
    url,
  });
  const assessment = (label: string, url: string) => ({
    role: 'Assessment social worker',
    username: 'assessment',
    label,
    url,
  });
  const admin = (label: string, url: string) => ({ role: 'Administrator', username: 'admin', label, url });
  const qa = (label: string, url: string) => ({ role: 'QA officer', username: 'qa', label, url });
  const quietUser = quiet.rows[0]?.username ?? 'analyst';
  return [
    practitioner('Home', '/'),
    practitioner('Contacts queue', '/contacts'),
    practitioner('Contacts queue searched by surname', `/contacts?q=${encodeURIComponent(surname)}`),
    practitioner('A contact', `/contacts/${contactId}`),
    practitioner('Screening a child', `/screening/${childId}`),
    practitioner('The busiest child’s record (timeline)', `/people/${personId}`),
    practitioner('Consultations', '/consultations'),
    practitioner('MASH meeting', '/mash-meeting'),
    manager('Home (oversight)', '/'),
    manager('Decisions', '/decisions'),
    manager('Screening a child', `/screening/${childId}`),
    partner('Information requests', '/information-requests'),
    ...(request.rows[0]
      ? [partner('An information request', `/information-requests/${request.rows[0].id}`)]
      : []),
    { role: 'Out-of-hours worker', username: 'outofhours', label: 'Out of hours', url: '/out-of-hours' },
    assessment('Handovers', '/handovers'),
    ...(handover.rows[0] ? [assessment('A handover', `/handovers/${handover.rows[0].id}`)] : []),
    ...auditSearches(busiestActor.rows[0]?.username ?? 'practitioner', quietUser, personId).map(
      ([label, query]) =>
        admin(`Audit trail ${label}`, `/admin/audit${query ? `?${new URLSearchParams(query)}` : ''}`)
    ),
    admin('Continuum of need versions', '/admin/thresholds'),
    // Lists not walked above.
    practitioner('People searched by surname', `/people?familyName=${encodeURIComponent(surname)}`),
    practitioner('My work', '/work'),
    practitioner('Notifications', '/notifications'),
    practitioner('Consultation follow-ups', '/consultations/follow-ups'),
    manager('Alerts', '/alerts'),
    manager('Restricted records', '/people/restricted'),
    manager('Who has looked at the busiest child', `/people/${personId}/access-log`),
    qa('Likely duplicates', '/people/duplicates'),
    qa('Audit samples', '/assurance/samples'),
    qa('Case audits', '/assurance/audits'),
    qa('Audit actions', '/assurance/actions'),
    partner('MASH meetings (partner)', '/mash-meeting/partner'),
    {
      role: 'Out-of-hours worker',
      username: 'outofhours',
      label: 'Out-of-hours handover',
      url: '/out-of-hours/handover',
    },
    admin('Staff', '/admin/staff'),
    admin('Teams', '/admin/teams'),
    admin('Agencies', '/admin/agencies'),
    admin('Partner API keys', '/admin/api-keys'),
  ];
}

/**
 * The audit search in every combination of its filters (user, action, record type, record, dates) and
 * its deepest page, with a busy user and one with no events, a common action and a rare one.
 */
function auditSearches(
  busiestUser: string,
  quietUser: string,
  personId: number
): [string, Record<string, string>][] {
  const busy = { user: busiestUser };
  const quiet = { user: quietUser };
  const common = { action: 'person.view' };
  const rare = { action: 'person.details_change' };
  const type = { recordType: 'contact' };
  const rareType = { recordType: 'information_request' };
  const record = { recordType: 'person', recordId: String(personId) };
  const id = { recordId: String(personId) };
  const year = { from: isoDay(-365), to: isoDay(0) };
  const month = { from: isoDay(-400), to: isoDay(-370) };
  return [
    ['newest', {}],
    ['page 2', { page: '2' }],
    ['deepest page (100)', { page: '100' }],
    ['by the busiest user', busy],
    ['by a user with no events', quiet],
    ['by action (common)', common],
    ['by action (rare)', rare],
    ['by record type', type],
    ['by a rare record type', rareType],
    ['by record', record],
    ['by record id alone', id],
    ['by record id and dates', { ...id, ...year }],
    ['by dates (a month a year ago)', month],
    ['from a date', { from: month.from }],
    ['to a date', { to: month.to }],
    ['by user and action', { ...busy, ...common }],
    ['by user and a rare action', { ...busy, ...rare }],
    ['by a user with no events and action', { ...quiet, ...common }],
    ['by user and dates', { ...busy, ...month }],
    ['by a user with no events and dates', { ...quiet, ...month }],
    ['by action and dates', { ...common, ...month }],
    ['by a rare action and dates', { ...rare, ...month }],
    ['by record and dates', { ...record, ...year }],
    ['by record type and dates', { ...type, ...month }],
    ['by user, action and dates', { ...busy, ...common, ...month }],
    ['by user and record', { ...busy, ...record }],
    ['by user and record type', { ...busy, ...type }],
    ['by action and record', { ...common, ...record }],
    ['by action and record type (none match)', { ...common, ...type }],
    ['by user, action and record type (none match)', { ...busy, ...common, ...type }],
    ['by user and a rare record type', { ...busy, ...rareType }],
    ['by a rare action and record type', { ...rare, ...type }],
    ['by user, action and record', { ...busy, ...common, ...record }],
    ['by user, record type and dates', { ...busy, ...type, ...month }],
    ['by action, record type and dates', { ...common, ...type, ...month }],
    ['by every filter', { ...busy, ...common, ...record, ...year }],
    ['by action, deepest page', { ...common, page: '100' }],
    ['by user, deepest page', { ...busy, page: '100' }],
  ];
}

/** The day `days` from today, as the audit search's date fields take it. */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

interface Report {
  startedAt: Date;
  /** When seeding was done and the first page was asked for. */
  timedFrom: Date;
  finishedAt: Date;
  loadBefore: number[];
  loadTimedFrom: number[];
  loadAfter: number[];
  seeded: { people: number; contacts: number };
  timings: Timing[];
}

function sectionOf(report: Report): string {
  const box = machine();
  const worst = report.timings.reduce((a, b) => (percentile(b.ms, 95) > percentile(a.ms, 95) ? b : a));
  const worstMs = percentile(worst.ms, 95);
  const rows = report.timings.map(
    (t) =>
      `| ${t.role} | ${t.label} | ${percentile(t.ms, 50).toFixed(0)} ms | ${percentile(t.ms, 95).toFixed(0)} ms | ${Math.max(...t.ms).toFixed(0)} ms |`
  );
  return `## Pages a practitioner walks

Measured with \`npm run bench:pages\` on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
(${durationText(report.startedAt, report.finishedAt)}). Machine: \`nproc\` ${box.nproc}, ${box.cpu}, Node ${box.node}; \`free -h\`:

\`\`\`
${box.memory}
\`\`\`

Load average ${loads(report.loadBefore)} at the start and ${loads(report.loadAfter)} at the end (1, 5, 15 minutes).

The demo council as \`npm start\` creates it on the embedded database (${report.seeded.people.toLocaleString('en-GB')} people,
${report.seeded.contacts.toLocaleString('en-GB')} contacts). Each page is requested in-process as its role, signed in: routing, the
session, the reads through the access layer with their audit rows and the HTML; no network. ${WARM_UP} requests
to warm up, then ${RUNS} timed.

Worst page p95: **${worstMs.toFixed(0)} ms** (${worst.role}, ${worst.label}). Target of issue 15, every page
p95 < ${TARGET_MS} ms: ${worstMs < TARGET_MS ? '**met**' : '**missed**'}. Target of issue 17, every page p95 < ${TARGET_ISSUE_17_MS} ms:
${worstMs < TARGET_ISSUE_17_MS ? '**met**' : `**missed** (${report.timings.filter((timing) => percentile(timing.ms, 95) >= TARGET_ISSUE_17_MS).length} of ${report.timings.length} pages at or over it)`}.

| Role | Page | p50 | p95 | Worst |
| --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

const loads = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');

function largeSectionOf(report: Report): string {
  const box = machine();
  const p95 = (timing: Timing) => percentile(timing.ms, 95);
  const worst = report.timings.reduce((a, b) => (p95(b) > p95(a) ? b : a));
  const over = report.timings.filter((timing) => p95(timing) >= TARGET_LARGE_MS);
  const rows = report.timings.map(
    (t) =>
      `| ${t.role} | ${t.label} | ${percentile(t.ms, 50).toFixed(0)} ms | ${p95(t).toFixed(0)} ms | ${Math.max(...t.ms).toFixed(0)} ms | ${t.rows} | ${t.kB.toFixed(0)} kB |`
  );
  const council = `${LARGE_COUNCIL.children.toLocaleString('en-GB')} children, ${LARGE_COUNCIL.years} years of ${LARGE_COUNCIL.contactsPerYear.toLocaleString('en-GB')} contacts, ${LARGE_COUNCIL.auditRows.toLocaleString('en-GB')} audit rows`;
  return `## Pages on the large council (issue 17)

Measured with \`PAGE_BENCH_COUNCIL=large DATABASE_URL=… npm run bench:pages\` on ${report.timedFrom.toISOString().slice(0, 16).replace('T', ' ')} UTC
(${durationText(report.timedFrom, report.finishedAt)} timing pages, ${durationText(report.startedAt, report.timedFrom)} seeding before). Machine: \`nproc\` ${box.nproc}, ${box.cpu}, Node ${box.node}; \`free -h\`:

\`\`\`
${box.memory}
\`\`\`

Load average ${loads(report.loadTimedFrom)} when timing began and ${loads(report.loadAfter)} at the end (1, 5, 15 minutes;
${loads(report.loadBefore)} before seeding).

The large council of issue 17 (${council}: ${report.seeded.people.toLocaleString('en-GB')} people,
${report.seeded.contacts.toLocaleString('en-GB')} contacts), seeded by the benchmark with \`frontdoor seed\`'s generator into a PostgreSQL
database of its own (\`PAGE_BENCH_KEEP=1\` keeps it for the next run). Each page is requested in-process as its role,
signed in: routing, the session, the reads through the access layer with their audit rows and the HTML; no
network. ${WARM_UP} requests to warm up, then ${RUNS} timed. The audit search is timed in every combination of
its filters, with a busy user and one with no events, a common action and a rare one, and its deepest page.

Worst page p95: **${p95(worst).toFixed(0)} ms** (${worst.role}, ${worst.label}). Target of issue 17, every page
p95 < ${TARGET_LARGE_MS} ms on the large council: ${over.length === 0 ? '**met**' : `**missed** (${over.length} of ${report.timings.length} pages at or over it)`}.

Table rows are the rows of the page's tables, header rows left out, and size the HTML, both as the last
request answered: a list that renders everything rather than paging shows in them.

| Role | Page | p50 | p95 | Worst | Table rows | Size |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

await main();
