/**
 * `npm run bench:matching`: accuracy (Febrl 3 and 4, the English-children set) and speed (search
 * latency at a million people on PostgreSQL and 100,000 on PGlite, bulk matching 100,000 queries
 * against a million people through `frontdoor match`), written into BENCHMARKS.md.
 *
 * PostgreSQL: MATCHING_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres); the
 * benchmark creates its own database and drops it after. Smaller runs: MATCHING_BENCH_PEOPLE,
 * MATCHING_BENCH_QUERIES (BENCHMARKS.md is then not written). `--accuracy`: only the accuracy on data
 * the engine was not shaped on (matching-accuracy.ts), in a section of its own.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FITTED_MODEL } from '../src/shared/matching/fitted-model.ts';
import { parseCsv } from '../src/shared/csv.ts';
import { englishRuns } from './english-runs.ts';
import { generateEnglishSet } from './english-set.ts';
import { dedupeFebrl3, linkFebrl4 } from './febrl-evaluation.ts';
import { bestCandidates, linkageMetrics } from './linkage-evaluation.ts';
import { generatePeople, generateQueries } from './million-people.ts';
import { writePeopleCsv } from './people-csv.ts';
import { measureSearchLatency } from './search-latency.ts';
import { writeBenchmarksMarkdown, type BenchmarkReport } from './benchmarks-markdown.ts';
import { machine } from './machine.ts';
import { runAccuracyBenchmark } from './matching-accuracy.ts';

const EVALUATION_SEED = 2026;
const PEOPLE = Number(process.env.MATCHING_BENCH_PEOPLE ?? 1_000_000);
const QUERIES = Number(process.env.MATCHING_BENCH_QUERIES ?? 100_000);
const PGLITE_PEOPLE = Math.min(100_000, PEOPLE);
const SEARCHES = 550;
const LAST_REPORT = '.tmp/matching-benchmarks.json';
/**
 * Where the bulk step compiles Front Door (`npm run build` into a folder of its own, so a server running
 * from dist/ is left alone), relative to the repository.
 */
const BUILD_FOLDER = '.tmp/matching-benchmark-build';
const POSTGRES_URL = process.env.MATCHING_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function main(): Promise<void> {
  const report: Partial<BenchmarkReport> = {
    startedAt: new Date(),
    machine: machine(),
    loadBefore: os.loadavg(),
  };
  log('Febrl 4 (4a → 4b) and Febrl 3 (deduplication)');
  report.febrl = {
    linkFitted: linkFebrl4(FITTED_MODEL),
    linkEm: linkFebrl4('em'),
    dedupeFitted: dedupeFebrl3(FITTED_MODEL),
    dedupeEm: dedupeFebrl3('em'),
  };
  log('English-children set');
  report.english = englishAccuracy();
  log(`Generating ${PEOPLE.toLocaleString('en-GB')} people and ${QUERIES.toLocaleString('en-GB')} queries`);
  const people = generatePeople(77, PEOPLE);
  const queries = generateQueries(78, people, QUERIES);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-bench-'));
  try {
    log('Bulk matching through frontdoor match');
    report.bulk = await bulkMatching(folder, people, queries);
    log(`Search latency on PostgreSQL at ${PEOPLE.toLocaleString('en-GB')} people`);
    const searches = generateQueries(79, people, SEARCHES);
    report.postgres = await measureSearchLatency({ postgresUrl: POSTGRES_URL }, people, searches);
    log(`Search latency on PGlite at ${PGLITE_PEOPLE.toLocaleString('en-GB')} people`);
    const fewer = people.slice(0, PGLITE_PEOPLE);
    report.pglite = await measureSearchLatency('pglite', fewer, generateQueries(80, fewer, SEARCHES));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  report.loadAfter = os.loadavg();
  report.finishedAt = new Date();
  const complete = report as BenchmarkReport;
  fs.mkdirSync(path.dirname(LAST_REPORT), { recursive: true });
  fs.writeFileSync(LAST_REPORT, JSON.stringify(complete, null, 2));
  log(`Results in ${LAST_REPORT}`);
  if (PEOPLE === 1_000_000 && QUERIES === 100_000) {
    writeBenchmarksMarkdown(complete);
    log('BENCHMARKS.md written');
  }
}

/** `--rewrite`: writes BENCHMARKS.md again from the last full run's results (after editing its wording). */
function rewriteFromLastReport(): void {
  const report = JSON.parse(fs.readFileSync(LAST_REPORT, 'utf8'), (key, value) =>
    key === 'startedAt' || key === 'finishedAt' ? new Date(value as string) : value
  ) as BenchmarkReport;
  writeBenchmarksMarkdown(report);
}

function englishAccuracy(): BenchmarkReport['english'] {
  const set = generateEnglishSet(EVALUATION_SEED, 30_000, 8_000);
  const { index, runs } = englishRuns(set);
  const outcomes = bestCandidates(index, runs, FITTED_MODEL);
  const byKind: Record<string, { queries: number; matched: number; wrongFamilyMatches: number }> = {};
  set.queries.forEach((query, at) => {
    const outcome = outcomes[at];
    const kind = (byKind[query.kind] ??= { queries: 0, matched: 0, wrongFamilyMatches: 0 });
    kind.queries++;
    if (outcome?.decision === 'match') kind.matched++;
    if (outcome?.decision === 'match' && outcome.best !== undefined && outcome.family?.has(outcome.best)) {
      kind.wrongFamilyMatches++;
    }
  });
  return { indexSize: set.index.length, metrics: linkageMetrics(outcomes), byKind };
}

async function bulkMatching(
  folder: string,
  people: ReturnType<typeof generatePeople>,
  queries: ReturnType<typeof generateQueries>
): Promise<BenchmarkReport['bulk']> {
  const [indexFile, queriesFile, outFile] = ['index.csv', 'queries.csv', 'out.csv'].map((name) =>
    path.join(folder, name)
  );
  writePeopleCsv(indexFile as string, people);
  writePeopleCsv(queriesFile as string, queries);
  // Timed as production runs it: the compiled command, with no TypeScript transform at run time in the
  // main thread or in the workers (bulk-match.ts starts the compiled worker beside it).
  execFileSync(process.execPath, ['scripts/build.js'], {
    stdio: 'ignore',
    env: { ...process.env, BUILD_OUT_DIR: BUILD_FOLDER },
  });
  const command = [
    path.join(BUILD_FOLDER, 'cli/frontdoor.js'),
    'match',
    '--index',
    indexFile,
    '--queries',
    queriesFile,
    '--out',
    outFile,
  ] as string[];
  const timed = async () => {
    const [began, cpuBefore] = [performance.now(), childCpuSeconds()];
    await run(command);
    return [(performance.now() - began) / 1000, childCpuSeconds() - cpuBefore] as const;
  };
  const [seconds, cpuSeconds] = await timed().finally(() =>
    fs.rmSync(BUILD_FOLDER, { recursive: true, force: true })
  );
  const [, ...rows] = parseCsv(fs.readFileSync(outFile as string, 'utf8'));
  let [right, wrong, possible] = [0, 0, 0];
  rows.forEach(([, indexId, , decision], at) => {
    if (decision === 'possible') possible++;
    if (decision !== 'match') return;
    if (indexId === queries[at]?.truth) right++;
    else wrong++;
  });
  return {
    people: people.length,
    queries: queries.length,
    seconds,
    cpuSeconds,
    command: 'frontdoor match --index index.csv --queries queries.csv --out out.csv',
    precision: right / Math.max(1, right + wrong),
    recall: right / queries.length,
    possible,
  };
}

/** Runs a script with this Node, in its own process. */
function run(command: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command.join(' ')} failed with exit code ${code}`))
    );
  });
}

/** CPU time (user + system) of this process's finished children and their threads, from the kernel. */
function childCpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // cutime and cstime: fields 16 and 17 of /proc/self/stat, here 13 and 14 after the command name.
  const ticks = Number(fields[13]) + Number(fields[14]);
  return ticks / 100;
}

if (process.argv.includes('--rewrite')) rewriteFromLastReport();
else if (process.argv.includes('--accuracy')) runAccuracyBenchmark();
else await main();
