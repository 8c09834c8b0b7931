/**
 * `npm run bench:page-cost` (issue 17): what one request of each kind in bench:load's mix costs, one at a
 * time, on the compiled build against PostgreSQL: the server's CPU, PostgreSQL's CPU, the statements it
 * sends and the bytes it answers. bench:load says how much traffic the service holds; this says which
 * pages to make cheaper.
 *
 * It seeds bench:load's council (the same LOAD_* settings; by default 20,000 children, 3 years of 8,000
 * contacts and 1,000,000 audit rows) into a database of its own, or with PAGE_COST_KEEP=1 uses one an
 * earlier run left. Statements are counted when the server has pg_stat_statements loaded (it is made in
 * the benchmark's database if it can be); otherwise that column says so. Only a run at the defaults
 * writes its section of BENCHMARKS.md.
 */
import { sql } from 'kysely';
import { createDb, migrateToLatest, type Db } from '../src/platform/db/database.ts';
import { openPool } from '../src/platform/db/pool.ts';
import { keptCouncil, loadNow, log, type CouncilSize } from './bench-council.ts';
import {
  buildProductionServer,
  cpuMsOf,
  postgresCpuByProcess,
  startServer,
  stopServer,
  type ServerProcess,
} from './load-http.ts';
import {
  makeApiKeys,
  partnerContact,
  signInEveryone,
  staffContactForm,
  TIMEOUT_MS,
  trafficFor,
  type Traffic,
} from './load-traffic.ts';
import { durationText, machine, writeBenchmarkSection } from './machine.ts';

const numberFrom = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SETTINGS = ['LOAD_CHILDREN', 'LOAD_CONTACTS_PER_YEAR', 'LOAD_YEARS', 'LOAD_AUDIT_ROWS'];
const COUNCIL: CouncilSize = {
  children: numberFrom('LOAD_CHILDREN', 20_000),
  contactsPerYear: numberFrom('LOAD_CONTACTS_PER_YEAR', 8_000),
  years: numberFrom('LOAD_YEARS', 3),
  auditRows: numberFrom('LOAD_AUDIT_ROWS', 1_000_000),
};
const AT_DEFAULTS = !SETTINGS.some((name) => process.env[name]);
const DATABASE = 'frontdoor_page_cost';
/** Requests of each kind measured, after five to warm it: CPU time is read in 10 ms ticks. */
const REQUESTS = numberFrom('PAGE_COST_REQUESTS', 100);

interface Kind {
  label: string;
  send: () => Promise<Response>;
}

interface Cost {
  label: string;
  serverMs: number;
  postgresMs: number;
  statements: number | null;
  bytes: number;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('Set DATABASE_URL to a PostgreSQL server (a database of its own is made there).');
  const startedAt = new Date();
  const loadBefore = loadNow();
  log('Compiling the production build');
  buildProductionServer();
  const url = await keptCouncil(serverUrl, DATABASE, COUNCIL, startedAt, process.env.PAGE_COST_KEEP === '1');
  const pool = await openPool({ databaseUrl: url, dataDir: '' });
  const db = createDb(pool);
  try {
    await migrateToLatest(db);
    const apiKeys = await makeApiKeys(db, 2);
    const counting = await statementCounting(db);
    const server = await startServer({ DATABASE_URL: url });
    try {
      const sessions = await signInEveryone(server.baseUrl);
      const traffic = await trafficFor(url, server.baseUrl, sessions, apiKeys);
      const costs: Cost[] = [];
      for (const kind of kindsOf(server, traffic)) {
        costs.push(await costOf(server, kind, counting ? () => statementsSent(db) : undefined));
        log(`${kind.label}: ${JSON.stringify(costs.at(-1))}`);
      }
      const section = sectionOf({
        startedAt,
        finishedAt: new Date(),
        loadBefore,
        loadAfter: loadNow(),
        costs,
      });
      if (AT_DEFAULTS) writeBenchmarkSection('page-cost', section);
      else console.log(section);
    } finally {
      await stopServer(server);
    }
  } finally {
    await db.destroy();
    await pool.close();
  }
}

/** Whether the server counts statements (pg_stat_statements loaded); made in this database if need be. */
async function statementCounting(db: Db): Promise<boolean> {
  try {
    await sql`create extension if not exists pg_stat_statements`.execute(db);
    await statementsSent(db);
    return true;
  } catch {
    log('pg_stat_statements is not loaded on this server: statements are not counted');
    return false;
  }
}

async function statementsSent(db: Db): Promise<number> {
  const { rows } = await sql<{
    n: string | null;
  }>`select sum(calls)::text as n from pg_stat_statements where toplevel`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Each distinct page of bench:load's reads, then its two writes. */
function kindsOf(server: ServerProcess, traffic: Traffic): Kind[] {
  const kinds = new Map<string, Kind>();
  for (const read of traffic.reads) {
    const label = `${read.label} (${read.username})`;
    if (kinds.has(label)) continue;
    const cookie = traffic.sessions.get(read.username)!.cookie;
    kinds.set(label, {
      label,
      send: () => fetch(`${server.baseUrl}${read.url}`, { headers: { cookie }, redirect: 'manual' }),
    });
  }
  const signal = () => AbortSignal.timeout(TIMEOUT_MS);
  return [
    ...kinds.values(),
    { label: 'Staff contact form (write)', send: () => staffContactForm(server.baseUrl, traffic, signal()) },
    { label: 'Partner API contact (write)', send: () => partnerContact(server.baseUrl, traffic, signal()) },
  ];
}

/** One kind of request, sent REQUESTS times one after another: what each cost on average. */
async function costOf(server: ServerProcess, kind: Kind, statements?: () => Promise<number>): Promise<Cost> {
  for (let i = 0; i < 5; i++) await (await kind.send()).arrayBuffer();
  const statementsBefore = statements ? await statements() : 0;
  const [serverBefore, postgresBefore] = [cpuMsOf(server.child.pid!), postgresCpuByProcess(DATABASE)];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const response = await kind.send();
    bytes = (await response.arrayBuffer()).byteLength;
    if (response.status >= 400) throw new Error(`${kind.label} answered ${response.status}`);
  }
  const [serverAfter, postgresAfter] = [cpuMsOf(server.child.pid!), postgresCpuByProcess(DATABASE)];
  // The count's own statement is among those counted.
  const sent = statements ? (await statements()) - statementsBefore - 1 : null;
  return {
    label: kind.label,
    serverMs: (serverAfter - serverBefore) / REQUESTS,
    postgresMs: cpuUsedBetween(postgresBefore, postgresAfter) / REQUESTS,
    statements: sent === null ? null : sent / REQUESTS,
    bytes,
  };
}

/**
 * CPU the processes used between two readings: a backend the server's pool opened meanwhile counts whole;
 * one it closed meanwhile is left out (its last share is lost, rather than counted as negative).
 */
function cpuUsedBetween(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0);
  return used;
}

interface Report {
  startedAt: Date;
  finishedAt: Date;
  loadBefore: string;
  loadAfter: string;
  costs: Cost[];
}

function sectionOf(report: Report): string {
  const box = machine();
  const settings = SETTINGS.map((name, i) => `${name}=${Object.values(COUNCIL)[i]}`).join(' ');
  const rows = report.costs.map(
    (cost) =>
      `| ${cost.label} | ${cost.serverMs.toFixed(1)} ms | ${cost.postgresMs.toFixed(1)} ms | ` +
      `${cost.statements === null ? 'not counted' : cost.statements.toFixed(0)} | ${(cost.bytes / 1024).toFixed(0)} kB |`
  );
  return `## What each request costs, one at a time (issue 17)

Measured with \`DATABASE_URL=… npm run bench:page-cost\` (the council of bench:load: ${settings})
on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (${durationText(report.startedAt, report.finishedAt)}, seeding included).
Machine: \`nproc\` ${box.nproc}, ${box.cpu}, Node ${box.node}. Load average ${report.loadBefore} at the start and
${report.loadAfter} at the end (1, 5, 15 minutes).

Each kind of request in bench:load's mix, sent ${REQUESTS} times one after another (after five to warm it) to one
compiled server on PostgreSQL, signed in as its role. Server CPU is the process's user and system time (all its
threads) per request; PostgreSQL's is that of the backends connected to the benchmark's database (not autovacuum);
statements are those the service sent (pg_stat_statements' top-level ones: what triggers run inside them is not
counted); the size is the last answer's.
Pages a user reads again and again (as bench:load does) skip work a first read does, such as the unusual-access
watch. Sent one at a time, a request costs more than under load (see bench:load's CPU a request), where
wake-ups and the compiler's work are shared: read the rows against each other.

| Request | Server CPU | PostgreSQL CPU | Statements | Answer |
| --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

await main();
