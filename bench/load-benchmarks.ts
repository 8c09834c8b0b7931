/**
 * `npm run bench:load` (issue 17): open-loop mixed traffic against Front Door processes over HTTP.
 *
 * Requests are sent on a fixed schedule whatever the answers do (open loop), and each latency runs
 * from the request's *scheduled* send time, so a stalled server is charged for the queue it causes (no
 * coordinated omission). 10% are writes (half the staff contact form, half the partner API), the rest
 * page reads across roles. The rate steps up; each step reports the rate achieved, p50/p95/p99, errors
 * and the server processes' CPU per request, with the load average. Run against one process and two
 * processes on one PostgreSQL (DATABASE_URL, required), then resident memory after 1,000 mixed requests
 * on PGlite and on PostgreSQL.
 *
 * It seeds its own council: LOAD_CHILDREN, LOAD_CONTACTS_PER_YEAR, LOAD_YEARS and LOAD_AUDIT_ROWS
 * (defaults: the large council of issue 17), LOAD_RATES (comma-separated requests a second) and
 * LOAD_STEP_SECONDS. Only a run at the defaults writes its section of BENCHMARKS.md, unless
 * LOAD_WRITE=1; other runs print it.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openPool } from '../src/platform/db/pool.ts';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { generateApiKey } from '../src/platform/auth/api-key.ts';
import { ukDateTimeParts } from '../src/shared/uk-time.ts';
import { durationText, machine, writeBenchmarkSection } from './machine.ts';
import { percentile } from './percentile.ts';
import {
  LARGE_COUNCIL,
  dropDatabase,
  freshDatabase,
  loadNow,
  log,
  seedCouncilInto,
} from './bench-council.ts';
import {
  buildProductionServer,
  cpuMsOf,
  postgresCpuMs,
  residentMbOf,
  signIn,
  startServer,
  stopServer,
  type ServerProcess,
  type Session,
} from './load-http.ts';

const numberFrom = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const COUNCIL = {
  children: numberFrom('LOAD_CHILDREN', LARGE_COUNCIL.children),
  contactsPerYear: numberFrom('LOAD_CONTACTS_PER_YEAR', LARGE_COUNCIL.contactsPerYear),
  years: numberFrom('LOAD_YEARS', LARGE_COUNCIL.years),
  auditRows: numberFrom('LOAD_AUDIT_ROWS', LARGE_COUNCIL.auditRows),
};
const AT_DEFAULTS = !['LOAD_CHILDREN', 'LOAD_CONTACTS_PER_YEAR', 'LOAD_YEARS', 'LOAD_AUDIT_ROWS'].some(
  (name) => process.env[name]
);
const RATES = (process.env.LOAD_RATES ?? '30,60,120,200,300').split(',').map(Number);
const STEP_SECONDS = numberFrom('LOAD_STEP_SECONDS', 20);
const MEMORY_REQUESTS = 1000;
/** A request not answered in this long counts as an error (and stops the queue growing without end). */
const TIMEOUT_MS = 10_000;
const WRITE_SHARE = 0.1;
const TARGET_P95_MS = 300;

interface Read {
  username: string;
  label: string;
  url: string;
}

interface Traffic {
  reads: Read[];
  sessions: Map<string, Session>;
  apiKeys: string[];
}

interface StepResult {
  offered: number;
  achieved: number;
  sent: number;
  errors: number;
  /** Errors by status (0: no answer within the timeout, or the connection failed). */
  errorStatuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  cpuMsPerRequest: number;
  /** PostgreSQL's CPU (all its processes) and the load generator's own, per request. */
  databaseCpuMsPerRequest: number;
  generatorCpuMsPerRequest: number;
  load: string;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error('Set DATABASE_URL to a PostgreSQL server (a database of its own is made there).');
  const startedAt = new Date();
  const loadBefore = loadNow();
  log('Compiling the production build');
  buildProductionServer();
  const pgUrl = await freshDatabase(databaseUrl, 'frontdoor_load_bench');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-load-'));
  try {
    log(`Seeding the council on PostgreSQL: ${JSON.stringify(COUNCIL)}`);
    const apiKeys = await seedCouncil({ databaseUrl: pgUrl, dataDir: '' }, startedAt);
    const steps: Record<'one' | 'two', StepResult[]> = { one: [], two: [] };
    let sessions: Map<string, Session> | undefined;
    for (const [label, count] of [
      ['one', 1],
      ['two', 2],
    ] as const) {
      const servers = await Promise.all(
        Array.from({ length: count }, () => startServer({ DATABASE_URL: pgUrl }))
      );
      try {
        // Sessions live in the database, so one sign-in serves every process and run.
        sessions ??= await signInEveryone(servers[0]!.baseUrl);
        const traffic = await trafficFor(pgUrl, servers[0]!.baseUrl, sessions, apiKeys);
        for (const rate of RATES) {
          await settle(servers);
          const result = await step(servers, traffic, rate);
          steps[label].push(result);
          log(
            `${count} process(es), ${rate}/s: achieved ${result.achieved.toFixed(0)}/s, p95 ${result.p95.toFixed(0)} ms, ` +
              `errors ${result.errors} ${JSON.stringify(result.errorStatuses)}, CPU ${result.cpuMsPerRequest.toFixed(1)} ms/request ` +
              `(PostgreSQL ${result.databaseCpuMsPerRequest.toFixed(1)}, load generator ${result.generatorCpuMsPerRequest.toFixed(1)})`
          );
          if (result.p95 > TIMEOUT_MS / 2) break; // far past saturation: higher rates say nothing more
        }
      } finally {
        await Promise.all(servers.map(stopServer));
      }
    }
    const postgresMemory = await memoryAfterMixedRequests({ DATABASE_URL: pgUrl }, pgUrl, sessions!, apiKeys);
    log(`PostgreSQL: ${postgresMemory.toFixed(0)} MB resident after ${MEMORY_REQUESTS} requests`);

    log('Seeding the same council on PGlite for its memory');
    const pgliteKeys = await seedCouncil({ dataDir }, startedAt);
    const pgliteMemory = await memoryAfterMixedRequests(
      { DATA_DIR: dataDir, DATABASE_URL: '' },
      undefined,
      undefined,
      pgliteKeys,
      dataDir
    );
    log(`PGlite: ${pgliteMemory.toFixed(0)} MB resident after ${MEMORY_REQUESTS} requests`);
    const pgliteStarts = await startTimes({ DATA_DIR: dataDir, DATABASE_URL: '' });
    log(`PGlite: started again in ${pgliteStarts.map((seconds) => seconds.toFixed(1)).join(', ')} s`);

    const section = sectionOf({
      startedAt,
      finishedAt: new Date(),
      loadBefore,
      loadAfter: loadNow(),
      steps,
      postgresMemory,
      pgliteMemory,
      pgliteStarts,
    });
    if (AT_DEFAULTS || process.env.LOAD_WRITE === '1') writeBenchmarkSection('load', section);
    else console.log(section);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase(databaseUrl, 'frontdoor_load_bench');
  }
}

/** Migrates and seeds the council, and makes partner API keys enough for the highest rate (120 a minute each). */
function seedCouncil(where: { databaseUrl?: string; dataDir: string }, now: Date): Promise<string[]> {
  return seedCouncilInto(where, COUNCIL, now, (db) =>
    makeApiKeys(db, Math.ceil((Math.max(...RATES) * WRITE_SHARE * 60) / 2 / 100) + 1)
  );
}

async function makeApiKeys(db: Db, count: number): Promise<string[]> {
  const police = await db
    .selectFrom('agency')
    .select('id')
    .where('kind', '=', 'police')
    .executeTakeFirstOrThrow();
  const admin = await db
    .selectFrom('staff_user')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const generated = generateApiKey();
    await db
      .insertInto('partner_api_key')
      .values({
        agency_id: police.id,
        name: `Load benchmark ${i + 1}`,
        prefix: generated.prefix,
        key_hash: generated.keyHash,
        created_by: admin.id,
        created_at: new Date(),
      })
      .execute();
    keys.push(generated.key);
  }
  return keys;
}

const USERS = ['practitioner', 'manager', 'partner.police', 'outofhours', 'assessment', 'admin'];

async function signInEveryone(baseUrl: string): Promise<Map<string, Session>> {
  const sessions = new Map<string, Session>();
  for (const username of USERS) sessions.set(username, await signIn(baseUrl, username));
  return sessions;
}

/**
 * Waits until every process answers its health check within 200 ms: requests abandoned at a step's
 * timeout may still be queued inside a process, and the next step should not inherit them.
 */
async function settle(servers: ServerProcess[]): Promise<void> {
  for (const server of servers) {
    for (;;) {
      const began = performance.now();
      await fetch(`${server.baseUrl}/health`).then((response) => response.arrayBuffer());
      if (performance.now() - began < 200) break;
    }
  }
}

/** The pages read under load, on real records of the seeded council; any page not answering 200 is left out. */
async function trafficFor(
  databaseUrl: string | undefined,
  baseUrl: string,
  sessions: Map<string, Session>,
  apiKeys: string[],
  dataDir?: string
): Promise<Traffic> {
  const reads = await candidateReads(databaseUrl, dataDir);
  const working: Read[] = [];
  for (const read of reads) {
    const response = await fetch(`${baseUrl}${read.url}`, {
      headers: { cookie: sessions.get(read.username)!.cookie },
      redirect: 'manual',
    });
    await response.arrayBuffer();
    if (response.status === 200) working.push(read);
    else log(`Left out ${read.username} ${read.url}: ${response.status}`);
  }
  return { reads: working, sessions, apiKeys };
}

async function candidateReads(databaseUrl: string | undefined, dataDir?: string): Promise<Read[]> {
  const pool = await openPool({ databaseUrl, dataDir: dataDir ?? '' });
  const db = createDb(pool);
  try {
    const open = await sql<{ contact_id: number; id: number; person_id: number; family_name: string }>`
      select cc.contact_id, cc.id, cc.person_id, p.family_name from contact_child cc
      join person p on p.id = cc.person_id
      where cc.status <> 'completed' and not p.restricted order by cc.id desc limit 20`.execute(db);
    const handover = await sql<{
      id: number;
    }>`select h.id from handover h join staff_user u on u.team_id = h.to_team_id
      where u.username = 'assessment' order by h.offered_at desc limit 1`.execute(db);
    const quiet = await sql<{ username: string }>`
      select username from staff_user u where not exists (select 1 from audit_event e where e.actor_user_id = u.id)
      order by id limit 1`.execute(db);
    const reads: Read[] = [];
    const add = (username: string, label: string, url: string) => reads.push({ username, label, url });
    add('practitioner', 'Home', '/');
    add('practitioner', 'Contacts queue', '/contacts');
    add('manager', 'Home (oversight)', '/');
    add('manager', 'Decisions', '/decisions');
    add('partner.police', 'Information requests', '/information-requests');
    add('outofhours', 'Out of hours', '/out-of-hours');
    add('assessment', 'Handovers', '/handovers');
    if (handover.rows[0]) add('assessment', 'A handover', `/handovers/${handover.rows[0].id}`);
    add('admin', 'Audit trail by action', '/admin/audit?action=person.view');
    add('admin', 'Audit trail by user', `/admin/audit?user=${quiet.rows[0]?.username ?? 'manager'}`);
    add('admin', 'Continuum of need versions', '/admin/thresholds');
    for (const row of open.rows.slice(0, 5)) {
      add('practitioner', 'A contact', `/contacts/${row.contact_id}`);
      add('practitioner', 'Screening a child', `/screening/${row.id}`);
      add('practitioner', 'A child’s record', `/people/${row.person_id}`);
      add('practitioner', 'Queue searched by surname', `/contacts?q=${encodeURIComponent(row.family_name)}`);
      add('manager', 'Screening a child', `/screening/${row.id}`);
    }
    return reads;
  } finally {
    await db.destroy();
    await pool.close();
  }
}

let writeCount = 0;

/** One request of the mix, against one process; resolves with its status (0 for a network error or timeout). */
async function sendOne(baseUrl: string, traffic: Traffic, random: number): Promise<number> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    let response: Response;
    if (random < WRITE_SHARE / 2) response = await staffContactForm(baseUrl, traffic, signal);
    else if (random < WRITE_SHARE) response = await partnerContact(baseUrl, traffic, signal);
    else {
      const read =
        traffic.reads[Math.floor(((random - WRITE_SHARE) / (1 - WRITE_SHARE)) * traffic.reads.length)]!;
      response = await fetch(`${baseUrl}${read.url}`, {
        headers: { cookie: traffic.sessions.get(read.username)!.cookie },
        redirect: 'manual',
        signal,
      });
    }
    const body = await response.text();
    if (response.status >= 400) reportFirstRefusal(response.status, response.url, body);
    return response.status;
  } catch {
    return 0;
  }
}

const refusalsSeen = new Set<string>();

/** Says once per address and status why a request was refused (the error summary, or the JSON error). */
function reportFirstRefusal(status: number, url: string, body: string): void {
  const key = `${status} ${new URL(url).pathname.replace(/\d+/g, 'N')}`;
  if (refusalsSeen.has(key)) return;
  refusalsSeen.add(key);
  const summary = [...body.matchAll(/<a href="#[^"]*">([^<]*)<\/a>/g)].map((match) => match[1]).join('; ');
  log(`Refused: ${key}: ${(summary || body).slice(0, 300)}`);
}

/**
 * A made-up name for the nth written child, unlike any other, so no write stops to ask about a possible
 * match. The first letter varies too: when every name began with Q, children born on one day shared a
 * blocking key (date of birth and initials) and writes began to stop for a possible match.
 */
function syntheticName(seed: number): string {
  let name = '';
  for (let hash = seed | 0; name.length < 10;) {
    hash = (Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) + 0x9e3779b9) | 0;
    name += String.fromCharCode((name ? 97 : 65) + ((hash >>> 8) % 26));
  }
  return name;
}

/** A date of birth for the nth written child, spread over twelve years. */
function syntheticBirth(n: number): { day: string; month: string; year: string } {
  return { day: String(1 + (n % 28)), month: String(1 + (n % 12)), year: String(2010 + (n % 12)) };
}

function staffContactForm(baseUrl: string, traffic: Traffic, signal: AbortSignal): Promise<Response> {
  const session = traffic.sessions.get('practitioner')!;
  const n = ++writeCount;
  const birth = syntheticBirth(n);
  // A minute ago in UK time, as the form's own default would say: never in the future, whatever the hour.
  const received = ukDateTimeParts(new Date(Date.now() - 60_000));
  return fetch(`${baseUrl}/contacts/new`, {
    method: 'POST',
    redirect: 'manual',
    signal,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    body: new URLSearchParams({
      _csrf: session.csrf,
      'received-day': received.day,
      'received-month': received.month,
      'received-year': received.year,
      'received-time': received.time,
      channel: 'phone',
      referralSource: '2A',
      referrerName: 'Ms Load Test',
      referrerOrganisation: 'Northmoor Primary',
      childCount: '1',
      personCount: '0',
      'child-0-givenName': syntheticName(n + process.pid * 1_000_003),
      'child-0-familyName': syntheticName(n * 7919 + process.pid),
      'child-0-dob-day': birth.day,
      'child-0-dob-month': birth.month,
      'child-0-dob-year': birth.year,
      'child-0-sex': n % 2 ? 'F' : 'M',
      presentingConcerns: 'Synthetic contact written by the load benchmark.',
      concerns: '18C',
      consentStatus: 'not_sought',
      familyAware: 'no',
      consentReason: 'Seeking consent could put the child at greater risk',
      lawfulBasisPersonalData: 'ukgdpr-6-1-e',
      lawfulBasisSpecialCategory: 'ukgdpr-9-2-g-dpa-sch1-18',
      lawfulBasis: 'Children Act 1989 s47',
      action: 'record',
    }),
  });
}

function partnerContact(baseUrl: string, traffic: Traffic, signal: AbortSignal): Promise<Response> {
  const n = ++writeCount;
  const birth = syntheticBirth(n);
  return fetch(`${baseUrl}/api/v1/contacts`, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${traffic.apiKeys[n % traffic.apiKeys.length]}`,
      'idempotency-key': `load-${process.pid}-${n}-${Date.now()}`,
    },
    body: JSON.stringify({
      receivedAt: new Date().toISOString(),
      referralSource: '6',
      referrer: {
        name: 'PC Load',
        role: 'Police constable',
        organisation: 'Example Police',
        phone: '01632 960 001',
      },
      children: [
        {
          givenName: syntheticName(n + process.pid * 1_000_003),
          familyName: syntheticName(n * 104_729 + process.pid),
          dateOfBirth: `${birth.year}-${birth.month.padStart(2, '0')}-${birth.day.padStart(2, '0')}`,
        },
      ],
      concernCodes: ['3B'],
      presentingConcerns: 'Synthetic police notification written by the load benchmark.',
      consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
    }),
  });
}

/**
 * One step: `rate` requests a second for `seconds`, spread over the processes in turn. A timer fires
 * every few milliseconds and sends every request whose time has come, so a slow generator shows up as
 * latency rather than as a lower rate.
 */
async function step(
  servers: ServerProcess[],
  traffic: Traffic,
  rate: number,
  seconds = STEP_SECONDS
): Promise<StepResult> {
  const cpuBefore = servers.reduce((sum, server) => sum + cpuMsOf(server.child.pid!), 0);
  const [databaseCpuBefore, generatorCpuBefore] = [postgresCpuMs(), process.cpuUsage()];
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  const errorStatuses: Record<string, number> = {};
  let sent = 0;
  const began = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && began + (sent * 1000) / rate <= now) {
        const scheduled = began + (sent * 1000) / rate;
        const server = servers[sent % servers.length]!;
        sent += 1;
        inFlight.push(
          sendOne(server.baseUrl, traffic, Math.random()).then((status) => {
            latencies.push(performance.now() - scheduled);
            if (status === 0 || status >= 400) {
              errors += 1;
              errorStatuses[status] = (errorStatuses[status] ?? 0) + 1;
            }
          })
        );
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - began) / 1000;
  const cpuAfter = servers.reduce((sum, server) => sum + cpuMsOf(server.child.pid!), 0);
  const generatorCpu = process.cpuUsage(generatorCpuBefore);
  return {
    offered: rate,
    achieved: (total - errors) / elapsed,
    sent: total,
    errors,
    errorStatuses,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    cpuMsPerRequest: (cpuAfter - cpuBefore) / total,
    databaseCpuMsPerRequest: (postgresCpuMs() - databaseCpuBefore) / total,
    generatorCpuMsPerRequest: (generatorCpu.user + generatorCpu.system) / 1000 / total,
    load: loadNow(),
  };
}

/** Starts one process, sends it 1,000 mixed requests and reads its resident memory. */
async function memoryAfterMixedRequests(
  env: Record<string, string>,
  databaseUrl: string | undefined,
  existing: Map<string, Session> | undefined,
  apiKeys: string[],
  dataDir?: string
): Promise<number> {
  const server = await startServer(env);
  try {
    const sessions = existing ?? (await signInEveryone(server.baseUrl));
    if (dataDir) {
      // The embedded database allows one process: it is this server's now, so read the pages through it.
      return await withTraffic(server, await trafficViaServer(server, sessions, apiKeys));
    }
    return await withTraffic(server, await trafficFor(databaseUrl, server.baseUrl, sessions, apiKeys));
  } finally {
    await stopServer(server);
  }
}

/**
 * 1,000 requests of the mix, eight at a time (closed loop, so a busy machine slows the run rather than
 * failing requests), then the process's resident memory.
 */
async function withTraffic(server: ServerProcess, traffic: Traffic): Promise<number> {
  let next = 0;
  const statuses: Record<string, number> = {};
  const worker = async () => {
    while (next < MEMORY_REQUESTS) {
      next += 1;
      const status = await sendOne(server.baseUrl, traffic, Math.random());
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  log(`Memory run: answers by status ${JSON.stringify(statuses)}`);
  return residentMbOf(server.child.pid!);
}

/** PGlite allows one process, so the memory run finds its records through the pages rather than the database. */
async function trafficViaServer(
  server: ServerProcess,
  sessions: Map<string, Session>,
  apiKeys: string[]
): Promise<Traffic> {
  const home = await fetch(`${server.baseUrl}/contacts`, {
    headers: { cookie: sessions.get('practitioner')!.cookie },
  });
  const html = await home.text();
  const contacts = [...new Set([...html.matchAll(/href="\/contacts\/(\d+)"/g)].map((m) => m[1]))].slice(0, 5);
  const reads: Read[] = [
    { username: 'practitioner', label: 'Home', url: '/' },
    { username: 'practitioner', label: 'Contacts queue', url: '/contacts' },
    { username: 'manager', label: 'Home (oversight)', url: '/' },
    { username: 'manager', label: 'Decisions', url: '/decisions' },
    { username: 'partner.police', label: 'Information requests', url: '/information-requests' },
    { username: 'outofhours', label: 'Out of hours', url: '/out-of-hours' },
    { username: 'assessment', label: 'Handovers', url: '/handovers' },
    { username: 'admin', label: 'Audit trail by action', url: '/admin/audit?action=person.view' },
    { username: 'admin', label: 'Continuum of need versions', url: '/admin/thresholds' },
    ...contacts.map((id) => ({ username: 'practitioner', label: 'A contact', url: `/contacts/${id}` })),
  ];
  return { reads, sessions, apiKeys };
}

interface Report {
  startedAt: Date;
  finishedAt: Date;
  loadBefore: string;
  loadAfter: string;
  steps: Record<'one' | 'two', StepResult[]>;
  postgresMemory: number;
  pgliteMemory: number;
  /** Seconds from starting a process to its listening, on a council already seeded and started before. */
  pgliteStarts: number[];
}

function heldRate(results: StepResult[]): StepResult | undefined {
  return results
    .filter((r) => r.errors === 0 && r.p95 < TARGET_P95_MS && r.achieved >= r.offered * 0.95)
    .at(-1);
}

function sectionOf(report: Report): string {
  const box = machine();
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const table = (results: StepResult[]) =>
    results
      .map(
        (r) =>
          `| ${r.offered} | ${r.achieved.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} of ${r.sent} | ${r.cpuMsPerRequest.toFixed(1)} ms | ${r.databaseCpuMsPerRequest.toFixed(1)} ms | ${r.generatorCpuMsPerRequest.toFixed(1)} ms | ${r.load} |`
      )
      .join('\n');
  const held = (results: StepResult[]) => {
    const best = heldRate(results);
    return best
      ? `**${best.offered} requests a second** (${best.cpuMsPerRequest.toFixed(1)} ms CPU a request)`
      : '**none of the rates tried**';
  };
  const header =
    '| Offered (req/s) | Achieved (req/s) | p50 | p95 | p99 | Errors | Server CPU per request | PostgreSQL CPU per request | Load generator CPU per request | Load average after (1, 5, 15 min) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |';
  const council = `${COUNCIL.children.toLocaleString('en-GB')} children, ${COUNCIL.years} years of ${COUNCIL.contactsPerYear.toLocaleString('en-GB')} contacts, ${COUNCIL.auditRows.toLocaleString('en-GB')} audit rows`;
  return `## Mixed traffic under load (issue 17): today's numbers

Measured with \`${AT_DEFAULTS ? '' : `LOAD_CHILDREN=${COUNCIL.children} LOAD_CONTACTS_PER_YEAR=${COUNCIL.contactsPerYear} LOAD_YEARS=${COUNCIL.years} LOAD_AUDIT_ROWS=${COUNCIL.auditRows} `}LOAD_RATES=${RATES.join(',')} LOAD_STEP_SECONDS=${STEP_SECONDS} DATABASE_URL=… npm run bench:load\`
on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (${durationText(report.startedAt, report.finishedAt)}, seeding included).
Machine: \`nproc\` ${box.nproc}, ${box.cpu}, Node ${box.node}; \`free -h\`:

\`\`\`
${box.memory}
\`\`\`

Load average ${report.loadBefore} at the start and ${report.loadAfter} at the end (1, 5, 15 minutes). The load
generator runs on the same cores as the servers and PostgreSQL: read each figure beside the load average
printed with it.

Council: ${council} (\`frontdoor seed\` with \`--audit-rows\`), seeded by the benchmark into a database of its own.
The servers are the compiled production build (\`npm run build\`, started as \`npm run start:production\` starts them).
Open-loop traffic over HTTP, each latency from the request's scheduled send time (a request not answered in
${TIMEOUT_MS / 1000} s counts as an error); ${WRITE_SHARE * 100}% writes (half the staff contact form as the practitioner,
half \`POST /api/v1/contacts\` as the police), the rest page reads by the practitioner, manager, police partner,
out-of-hours worker, assessment social worker and administrator (audit search and continuum of need included).
Each rate runs for ${STEP_SECONDS} s. CPU per request is the user and system time of the server processes (all
their threads, from /proc) over the step, divided by the requests sent; PostgreSQL's (every postgres process)
and the load generator's are beside it, since all three share the two cores.

Highest rate held (p95 under ${TARGET_P95_MS} ms, no errors, at least 95% of the offered rate achieved):
one process ${held(report.steps.one)}; two processes ${held(report.steps.two)}.

### One process, PostgreSQL

${header}
${table(report.steps.one)}

### Two processes on one PostgreSQL

${header}
${table(report.steps.two)}

### Resident memory after ${MEMORY_REQUESTS.toLocaleString('en-GB')} mixed requests (eight at a time, one process)

| Database | Resident memory |
| --- | --- |
| PostgreSQL | ${report.postgresMemory.toFixed(0)} MB |
| PGlite (embedded, same council) | ${report.pgliteMemory.toFixed(0)} MB |

### Starting again

On the embedded database, after the memory run (so a restart, not the first start after seeding), from
starting the compiled process to its listening: ${report.pgliteStarts.map((seconds) => `${seconds.toFixed(1)} s`).join(', ')}
(target: under 3 s).`;
}

/** Starts and stops a process three times, timing each start until it listens. */
async function startTimes(env: Record<string, string>): Promise<number[]> {
  const seconds: number[] = [];
  for (let run = 0; run < 3; run++) {
    const began = performance.now();
    const server = await startServer(env);
    seconds.push((performance.now() - began) / 1000);
    await stopServer(server);
  }
  return seconds;
}

await main();
