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
import { openPool } from '../src/platform/db/pool.ts';
import { createDb, migrateToLatest, type Db } from '../src/platform/db/database.ts';
import { seedDemoCouncil } from '../src/demo/seed-demo-council.ts';
import { TestAgent } from '../test/support/test-agent.ts';
import { machine, writeBenchmarkSection } from './machine.ts';
import { percentile } from './percentile.ts';

const TARGET_MS = 150;
const TARGET_ISSUE_17_MS = 50;
const RUNS = Number(process.env.PAGE_BENCH_RUNS ?? 30);
/** Audit history behind the demo council (none, as `npm start` makes it; e.g. 1000000 to try the audit search at scale). */
const AUDIT_ROWS = Number(process.env.PAGE_BENCH_AUDIT_ROWS ?? 0);
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
}

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const pool = await openPool({ dataDir: 'memory://' });
  const db = createDb(pool);
  await migrateToLatest(db);
  log('Seeding the demo council');
  const seeded = await seedDemoCouncil(db, { now: startedAt, auditRows: AUDIT_ROWS });
  const app = await buildApp({ db, clock: systemClock });
  try {
    const timings: Timing[] = [];
    const agents = new Map<string, TestAgent>();
    for (const page of await pagesOf(db)) {
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
      finishedAt: new Date(),
      loadBefore,
      loadAfter: os.loadavg(),
      seeded,
      timings,
    };
    if (RUNS === 30 && AUDIT_ROWS === 0) writeBenchmarkSection('pages', sectionOf(report));
    else console.log(sectionOf(report));
  } finally {
    await app.close();
    await db.destroy();
    await pool.close();
  }
}

async function allowCodeAgain(db: Db): Promise<void> {
  await db.updateTable('staff_user').set({ totp_last_step: null }).execute();
}

async function measure(agent: TestAgent, page: Page): Promise<Timing> {
  const ms: number[] = [];
  let status = 0;
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const started = performance.now();
    const response = await agent.get(page.url);
    const elapsed = performance.now() - started;
    status = response.statusCode;
    if (status !== 200) throw new Error(`${page.label} (${page.url}) as ${page.username} answered ${status}`);
    if (run >= WARM_UP) ms.push(elapsed);
  }
  log(
    `${page.role}, ${page.label}: p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms`
  );
  return { ...page, status, ms };
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
    admin('Audit trail, newest', '/admin/audit'),
    admin('Audit trail by action', '/admin/audit?action=person.view'),
    admin('Audit trail by a user with no events', `/admin/audit?user=${quietUser}`),
    admin(
      'Audit trail by user, action and dates',
      '/admin/audit?user=practitioner&action=person.view&from=2025-01-01&to=2026-12-31'
    ),
    admin('Audit trail by record', `/admin/audit?recordType=person&recordId=${personId}`),
    admin('Continuum of need versions', '/admin/thresholds'),
  ];
}

interface Report {
  startedAt: Date;
  finishedAt: Date;
  loadBefore: number[];
  loadAfter: number[];
  seeded: { people: number; contacts: number };
  timings: Timing[];
}

function sectionOf(report: Report): string {
  const loads = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');
  const box = machine();
  const worst = report.timings.reduce((a, b) => (percentile(b.ms, 95) > percentile(a.ms, 95) ? b : a));
  const worstMs = percentile(worst.ms, 95);
  const rows = report.timings.map(
    (t) =>
      `| ${t.role} | ${t.label} | ${percentile(t.ms, 50).toFixed(0)} ms | ${percentile(t.ms, 95).toFixed(0)} ms | ${Math.max(...t.ms).toFixed(0)} ms |`
  );
  return `## Pages a practitioner walks

Measured with \`npm run bench:pages\` on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
(${Math.round((report.finishedAt.getTime() - report.startedAt.getTime()) / 60_000)} minutes). Machine: \`nproc\` ${box.nproc}, ${box.cpu}, Node ${box.node}; \`free -h\`:

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

await main();
