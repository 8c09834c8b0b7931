/**
 * Bulk matching of a list of queries against an index of people (a partner's list against ours):
 * each query's best candidate, its score and decision. Large runs are split across worker threads,
 * each holding its own copy of the index.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FITTED_MODEL } from '../../../shared/matching/fitted-model.ts';
import { PersonIndex } from '../../../shared/matching/person-index.ts';
import { preparePerson, type PersonRecord } from '../../../shared/matching/prepared-person.ts';
import type { Decision } from '../../../shared/matching/score-pair.ts';

export interface BulkMatch {
  /** Position in the index of the best candidate, if any shares a blocking key. */
  readonly candidate?: number;
  readonly score?: number;
  readonly decision: Decision;
}

export interface BulkMatchOptions {
  /** Worker threads to use; 1 matches in this thread. Defaults to the machine's cores for large runs. */
  readonly threads?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Below this many queries, starting threads (each building its own index) costs more than it saves. */
const QUERIES_WORTH_THREADS = 20_000;
const PROGRESS_EVERY = 1_000;
const DECISIONS: readonly Decision[] = ['match', 'possible', 'none'];

export async function matchInBulk(
  index: readonly PersonRecord[],
  queries: readonly PersonRecord[],
  options: BulkMatchOptions = {}
): Promise<BulkMatch[]> {
  const threads =
    options.threads ?? (queries.length >= QUERIES_WORTH_THREADS ? os.availableParallelism() : 1);
  if (threads <= 1) return matchInThisThread(index, queries, options.onProgress);
  const size = Math.ceil(queries.length / threads);
  const done = Array<number>(threads).fill(0);
  // Written once as text, which reaches each worker as one copy of a string: cloning a million objects
  // for every worker took the main thread seconds, one worker after the other.
  const indexText = JSON.stringify(index);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, part) =>
      matchInWorker(indexText, queries.slice(part * size, (part + 1) * size), (count) => {
        done[part] = count;
        options.onProgress?.(
          done.reduce((sum, value) => sum + value, 0),
          queries.length
        );
      })
    )
  );
  return parts.flat();
}

export function matchInThisThread(
  index: readonly PersonRecord[],
  queries: readonly PersonRecord[],
  onProgress?: (done: number, total: number) => void
): BulkMatch[] {
  const people = PersonIndex.of(index);
  return queries.map((query, at) => {
    if (at % PROGRESS_EVERY === 0) onProgress?.(at, queries.length);
    const [best] = people.rank(preparePerson(query), FITTED_MODEL, 1);
    return best
      ? { candidate: best.candidate, score: best.score, decision: best.decision }
      : { decision: 'none' };
  });
}

/** What a worker sends back: results in typed arrays (transferred, not copied), or progress. */
export type WorkerMessage =
  | { kind: 'progress'; done: number }
  | { kind: 'done'; candidates: Int32Array; scores: Float64Array; decisions: Uint8Array };

/**
 * A worker loads the worker module beside this one: compiled JavaScript in a production build, else the
 * TypeScript through tsx, as bin/frontdoor.js does, whatever loaded this module.
 */
const WORKER_ENTRY = new URL(
  `./bulk-match.worker${path.extname(fileURLToPath(import.meta.url))}`,
  import.meta.url
).href;
const WORKER_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const ready = workerData.entry.endsWith('.ts')
  ? import('tsx/esm/api').then(({ register }) => register())
  : Promise.resolve();
ready.then(() => import(workerData.entry));`;

/** What a worker is given: the whole index (as JSON) and its share of the queries. */
export interface WorkerInput {
  readonly entry: string;
  readonly indexText: string;
  readonly queries: readonly PersonRecord[];
}

/**
 * Room for short-lived objects: a worker prepares a million people and scores millions of pairs, and
 * with V8's default young generation most of its time went on collecting garbage.
 */
const WORKER_YOUNG_GENERATION_MB = 64;

function matchInWorker(
  indexText: string,
  queries: readonly PersonRecord[],
  onProgress: (done: number) => void
): Promise<BulkMatch[]> {
  const worker = new Worker(WORKER_BOOTSTRAP, {
    eval: true,
    workerData: { entry: WORKER_ENTRY, indexText, queries } satisfies WorkerInput,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  return new Promise((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') return onProgress(message.done);
      onProgress(queries.length);
      resolve(fromArrays(message));
      void worker.terminate();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`A matching worker stopped with exit code ${code}`));
    });
  });
}

export function toArrays(matches: readonly BulkMatch[]): Extract<WorkerMessage, { kind: 'done' }> {
  return {
    kind: 'done',
    candidates: Int32Array.from(matches, (match) => match.candidate ?? -1),
    scores: Float64Array.from(matches, (match) => match.score ?? Number.NaN),
    decisions: Uint8Array.from(matches, (match) => DECISIONS.indexOf(match.decision)),
  };
}

function fromArrays({
  candidates,
  scores,
  decisions,
}: Extract<WorkerMessage, { kind: 'done' }>): BulkMatch[] {
  return Array.from(candidates, (candidate, at) =>
    candidate < 0
      ? { decision: 'none' }
      : { candidate, score: scores[at], decision: DECISIONS[decisions[at] as number] as Decision }
  );
}
