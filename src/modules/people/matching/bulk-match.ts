/**
 * Bulk matching of a list of queries against an index of people (a partner's list against ours):
 * each query's best candidate, its score and decision. Large runs are split across worker threads by
 * the index, not the queries: each thread is sent its share of the people a slice at a time (from a
 * people CSV file, only which rows: the file's bytes are shared, and each thread parses its own rows),
 * prepares them as they come and builds its share of the blocking index in memory the threads share; the
 * shares are searched together as one index, and the name counts are added up. Each thread then finds the
 * candidates (in every share) of its own range of the queries, once for all the threads, and scores
 * every query against its own share's candidates; the shares' two best candidates per query are ranked
 * together, as if one index had been searched.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlockingIndex } from '../../../shared/matching/blocking.ts';
import { FITTED_MODEL } from '../../../shared/matching/fitted-model.ts';
import { mergeNameFrequencies, type NameFrequencies } from '../../../shared/matching/model.ts';
import { PersonIndex } from '../../../shared/matching/person-index.ts';
import { preparePerson, type PersonRecord } from '../../../shared/matching/prepared-person.ts';
import { rankCandidates } from '../../../shared/matching/ranking.ts';
import type { Decision } from '../../../shared/matching/score-pair.ts';
import { peopleCount, peopleRows, type PeopleCsv } from './bulk-match-csv.ts';

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
  /** People written to a worker at a time (PEOPLE_PER_MESSAGE; fewer in tests). */
  readonly peoplePerMessage?: number;
}

/** People written to a worker at a time. */
const PEOPLE_PER_MESSAGE = 20_000;
/** Below this many queries, starting threads costs more than it saves. */
const QUERIES_WORTH_THREADS = 20_000;
export const PROGRESS_EVERY = 1_000;
export const DECISIONS: readonly Decision[] = ['match', 'possible', 'none'];
/** Each share's best candidates a query keeps: the best and the runner-up, for the ambiguity rule. */
export const KEPT_PER_SHARE = 2;

/**
 * People to match: records, or a people CSV file as read (readPeopleCsvFile), whose rows the workers
 * parse themselves.
 */
export type BulkPeople = readonly PersonRecord[] | PeopleCsv;

function countOf(people: BulkPeople): number {
  return 'starts' in people ? peopleCount(people) : people.length;
}

function recordsOf(people: BulkPeople): readonly PersonRecord[] {
  return 'starts' in people ? peopleRows(people, 0, peopleCount(people)) : people;
}

/** People `from` up to `to`, as a worker is sent them. */
function encodePeople(people: BulkPeople, from: number, to: number): EncodedPeople {
  return 'starts' in people
    ? { format: 'csv', csv: people, from, to }
    : { format: 'records', text: encodeRecords(people.slice(from, to)) };
}

export function decodePeople(people: EncodedPeople): PersonRecord[] {
  return people.format === 'csv'
    ? peopleRows(people.csv, people.from, people.to)
    : decodeRecords(people.text);
}

export async function matchInBulk(
  index: BulkPeople,
  queries: BulkPeople,
  options: BulkMatchOptions = {}
): Promise<BulkMatch[]> {
  const [indexCount, queryCount] = [countOf(index), countOf(queries)];
  const threads = options.threads ?? (queryCount >= QUERIES_WORTH_THREADS ? os.availableParallelism() : 1);
  if (threads <= 1) return matchInThisThread(recordsOf(index), recordsOf(queries), options.onProgress);
  const share = Math.ceil(indexCount / threads);
  const done = Array<number>(threads).fill(0);
  const workers = Array.from({ length: threads }, (_, part) =>
    startWorker(
      {
        entry: WORKER_ENTRY,
        part,
        parts: threads,
        first: part * share,
        count: Math.max(0, Math.min(share, indexCount - part * share)),
      },
      (count) => {
        done[part] = count;
        const all = done.reduce((sum, value) => sum + value, 0);
        options.onProgress?.(Math.floor(all / threads), queryCount);
      }
    )
  );
  try {
    // The shares are sent a slice at a time, to every worker in turn: each prepares its people as they
    // come while the next are written (writing a whole share before starting the next worker left
    // that worker seconds behind the first). A CSV file's rows cost nothing to send: its bytes are
    // shared, and each worker parses its own.
    const slice = options.peoplePerMessage ?? PEOPLE_PER_MESSAGE;
    for (let from = 0; from < share; from += slice) {
      workers.forEach((worker, part) => {
        const start = part * share + from;
        const end = Math.min(indexCount, part * share + Math.min(share, from + slice));
        if (start < end) worker.post({ kind: 'people', people: encodePeople(index, start, end) });
      });
    }
    const queriesSent = encodePeople(queries, 0, queryCount);
    for (const worker of workers) worker.post({ kind: 'queries', people: queriesSent });
    const shares = await Promise.all(workers.map((worker) => worker.next('share')));
    const blocking: MainMessage = {
      kind: 'index',
      shares: shares.map(({ entries, bucketStarts }) => ({ entries, bucketStarts })),
      frequencies: mergeNameFrequencies(shares.map((message) => message.frequencies)),
    };
    for (const worker of workers) worker.post(blocking);
    const found = await Promise.all(workers.map((worker) => worker.next('candidates')));
    for (const worker of workers) worker.post({ kind: 'candidates', parts: found });
    const bests = await Promise.all(workers.map((worker) => worker.next('done')));
    return Array.from({ length: queryCount }, (_, query) => bestOfShares(bests, query));
  } finally {
    for (const worker of workers) void worker.terminate();
  }
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

/**
 * The query's match among every share's best candidates: put back in the order the blocking index
 * found them (which breaks ties in score) and ranked as one search would rank them all.
 */
function bestOfShares(bests: readonly ShareBests[], query: number): BulkMatch {
  const kept = bests.flatMap((share) =>
    Array.from({ length: KEPT_PER_SHARE }, (_, slot) => query * KEPT_PER_SHARE + slot).flatMap((at) =>
      (share.candidates[at] as number) < 0
        ? []
        : [
            {
              found: share.found[at] as number,
              candidate: share.candidates[at] as number,
              pair: {
                score: share.scores[at] as number,
                decision: DECISIONS[share.decisions[at] as number] as Decision,
                reasons: [],
              },
            },
          ]
    )
  );
  const [best] = rankCandidates(
    kept.sort((a, b) => a.found - b.found),
    FITTED_MODEL,
    1
  );
  return best
    ? { candidate: best.candidate, score: best.score, decision: best.decision }
    : { decision: 'none' };
}

/**
 * A share's best candidates for every query, KEPT_PER_SHARE slots a query, in typed arrays (transferred,
 * not copied): the candidate (-1 for none), its score and decision before the ambiguity rule, and
 * where among all the query's candidates the blocking index found it.
 */
export interface ShareBests {
  readonly candidates: Int32Array;
  readonly scores: Float64Array;
  readonly decisions: Uint8Array;
  readonly found: Int32Array;
}

/**
 * The candidates of a range of queries (every share's people, in the order the blocking index finds
 * them), in shared memory: query `from + n`'s are `candidates[offsets[n]]` up to `candidates[offsets[n + 1]]`.
 */
export interface QueryCandidates {
  readonly from: number;
  readonly offsets: Int32Array;
  readonly candidates: Int32Array;
}

/**
 * What a worker sends: its share of the blocking index (shared) and the share's name counts, then the
 * candidates of its range of the queries, then its best candidates for every query; progress in between.
 */
export type WorkerMessage =
  | ({ kind: 'share'; frequencies: NameFrequencies } & BlockingIndex)
  | ({ kind: 'candidates' } & QueryCandidates)
  | { kind: 'progress'; done: number }
  | ({ kind: 'done' } & ShareBests);

/**
 * People as a worker is sent them: records written by encodeRecords, or rows of a people CSV file (in
 * shared memory) for the worker to parse.
 */
export type EncodedPeople =
  | { readonly format: 'records'; readonly text: Uint8Array }
  | { readonly format: 'csv'; readonly csv: PeopleCsv; readonly from: number; readonly to: number };

/**
 * What a worker is sent: its share of the people, a slice at a time, and the queries; once every share
 * is in, every share of the blocking index and the name counts of them all; once every worker has found
 * its queries' candidates, all of those.
 */
export type MainMessage =
  | { readonly kind: 'people'; readonly people: EncodedPeople }
  | { readonly kind: 'queries'; readonly people: EncodedPeople }
  | {
      readonly kind: 'index';
      readonly shares: readonly BlockingIndex[];
      readonly frequencies: NameFrequencies;
    }
  | { readonly kind: 'candidates'; readonly parts: readonly QueryCandidates[] };

/** The queries a worker finds the candidates of: one of `parts` ranges, each about as long. */
export function queryRange(part: number, parts: number, queries: number): { from: number; to: number } {
  const size = Math.ceil(queries / parts);
  return { from: Math.min(queries, part * size), to: Math.min(queries, (part + 1) * size) };
}

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

/** What a worker is given: where its share of the index starts, and how many people it holds. */
export interface WorkerInput {
  readonly entry: string;
  /** Which of the `parts` workers this is. */
  readonly part: number;
  readonly parts: number;
  /** The position in the index of the share's first person. */
  readonly first: number;
  readonly count: number;
}

/**
 * Room for short-lived objects: a worker prepares its people and scores millions of pairs, and with
 * V8's default young generation most of its time went on collecting garbage.
 */
const WORKER_YOUNG_GENERATION_MB = 64;

/** The fields of a record a worker reads, in the order encodeRecords writes them. */
const RECORD_FIELDS = [
  'givenName',
  'middleNames',
  'familyName',
  'previousFamilyNames',
  'dateOfBirth',
  'sex',
  'postcode',
  'address',
  'nhsNumber',
] as const satisfies readonly (keyof PersonRecord)[];

/**
 * Records as JSON arrays of their fields (half the text of objects, and quicker both ways) in UTF-8 in
 * shared memory, which reaches a worker without a copy: cloning a million objects (or the text) for
 * every worker took the main thread seconds, one worker after the other.
 */
export function encodeRecords(records: readonly PersonRecord[]): Uint8Array {
  const text = JSON.stringify(records.map((record) => RECORD_FIELDS.map((field) => record[field] ?? null)));
  const memory = new SharedArrayBuffer(Buffer.byteLength(text));
  return new Uint8Array(memory, 0, Buffer.from(memory).write(text));
}

export function decodeRecords(text: Uint8Array): PersonRecord[] {
  const rows = JSON.parse(
    Buffer.from(text.buffer, text.byteOffset, text.length).toString('utf8')
  ) as Fields[];
  return rows.map(
    ([
      givenName,
      middleNames,
      familyName,
      previousFamilyNames,
      dateOfBirth,
      sex,
      postcode,
      address,
      nhsNumber,
    ]) => ({
      givenName,
      middleNames,
      familyName,
      previousFamilyNames,
      dateOfBirth,
      sex,
      postcode,
      address,
      nhsNumber,
    })
  );
}

type Fields = [
  givenName: string | null,
  middleNames: string | null,
  familyName: string | null,
  previousFamilyNames: readonly string[] | null,
  dateOfBirth: string | null,
  sex: string | null,
  postcode: string | null,
  address: string | null,
  nhsNumber: string | null,
];

/** A worker thread, and its messages (other than progress) in the order they come, as they are awaited. */
function startWorker(input: WorkerInput, onProgress: (done: number) => void) {
  const worker = new Worker(WORKER_BOOTSTRAP, {
    eval: true,
    workerData: input,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const arrived: WorkerMessage[] = [];
  let waiting: { resolve: (message: WorkerMessage) => void; reject: (error: unknown) => void } | undefined;
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    waiting?.reject(failure);
    waiting = undefined;
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.kind === 'progress') return onProgress(message.done);
    if (waiting) waiting.resolve(message);
    else arrived.push(message);
    waiting = undefined;
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (code !== 0) fail(new Error(`A matching worker stopped with exit code ${code}`));
  });
  const nextMessage = () =>
    new Promise<WorkerMessage>((resolve, reject) => {
      const message = arrived.shift();
      if (message) resolve(message);
      else if (failure !== undefined) reject(failure);
      else waiting = { resolve, reject };
    });
  return {
    async next<K extends WorkerMessage['kind']>(kind: K): Promise<Extract<WorkerMessage, { kind: K }>> {
      const message = await nextMessage();
      if (message.kind !== kind) throw new Error(`A matching worker sent ${message.kind}, not ${kind}`);
      return message as Extract<WorkerMessage, { kind: K }>;
    },
    post: (message: MainMessage) => worker.postMessage(message),
    terminate: () => worker.terminate(),
  };
}
