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
import { durationText, machine, writeBenchmarkSection } from './machine.ts';
import { percentile } from './percentile.ts';
import {
  makeApiKeys,
  sendOne,
  signInEveryone,
  TIMEOUT_MS,
  trafficFor,
  trafficViaServer,
  WRITE_SHARE,
  type Traffic,
} from './load-traffic.ts';
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
const TARGET_P95_MS = 300;

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
