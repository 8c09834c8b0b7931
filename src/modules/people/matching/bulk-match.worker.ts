/**
 * A bulk-matching worker: prepares its share of the people and sends its share of the blocking index
 * and its name counts; given every share, finds the candidates of its range of the queries (in every
 * share) and sends them; given every range's candidates, scores every query against the candidates in
 * its own share and returns each query's best two of them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildBlockingShare, findCandidatesInShares } from '../../../shared/matching/blocking.ts';
import { FITTED_MODEL } from '../../../shared/matching/fitted-model.ts';
import { countNameFrequencies } from '../../../shared/matching/model.ts';
import { preparePerson, type PreparedPerson } from '../../../shared/matching/prepared-person.ts';
import { scorePrepared, type PairScore } from '../../../shared/matching/score-pair.ts';
import {
  decodePeople,
  DECISIONS,
  KEPT_PER_SHARE,
  PROGRESS_EVERY,
  queryRange,
  type MainMessage,
  type QueryCandidates,
  type WorkerInput,
  type WorkerMessage,
} from './bulk-match.ts';

const { part, parts, first, count } = workerData as WorkerInput;

/** The main thread's messages in the order they come, as they are awaited. */
const arrived: MainMessage[] = [];
let waiting: ((message: MainMessage) => void) | undefined;
parentPort?.on('message', (message: MainMessage) => {
  if (waiting) waiting(message);
  else arrived.push(message);
  waiting = undefined;
});
function next<K extends MainMessage['kind']>(kind: K): Promise<Extract<MainMessage, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const take = (message: MainMessage) =>
      message.kind === kind
        ? resolve(message as Extract<MainMessage, { kind: K }>)
        : reject(new Error(`A matching worker was sent ${message.kind}, not ${kind}`));
    const message = arrived.shift();
    if (message) take(message);
    else waiting = take;
  });
}
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) =>
  parentPort?.postMessage(message, transfer);

const people: PreparedPerson[] = [];
while (people.length < count) {
  for (const record of decodePeople((await next('people')).people)) people.push(preparePerson(record));
}
const share = buildBlockingShare(people, first, true);
send({ kind: 'share', ...share, frequencies: countNameFrequencies(people) });
// Prepared while the other shares are built.
const queries = decodePeople((await next('queries')).people).map(preparePerson);
const { shares, frequencies } = await next('index');

const slots = queries.length * KEPT_PER_SHARE;
const bests = {
  candidates: new Int32Array(slots).fill(-1),
  scores: new Float64Array(slots),
  decisions: new Uint8Array(slots),
  found: new Int32Array(slots),
};
let scored = 0;

/**
 * Scores the query against the candidates in this share and keeps the best two: best first, ties in the
 * order found (the order ranking.ts gives them).
 */
function scoreQuery(at: number, candidates: ArrayLike<number>, from: number, to: number): void {
  if (scored++ % PROGRESS_EVERY === 0) send({ kind: 'progress', done: scored - 1 });
  let best: { candidate: number; found: number; pair: PairScore } | undefined;
  let runnerUp: typeof best;
  for (let found = 0; found < to - from; found++) {
    const candidate = candidates[from + found] as number;
    // Only this share's people: the other threads score theirs.
    if (candidate < first || candidate >= first + people.length) continue;
    const person = people[candidate - first] as PreparedPerson;
    const kept = {
      candidate,
      found,
      // Bulk output has no use for the reasons: not worded.
      pair: scorePrepared(queries[at] as PreparedPerson, person, FITTED_MODEL, frequencies, false),
    };
    if (!best || kept.pair.score > best.pair.score) [best, runnerUp] = [kept, best];
    else if (!runnerUp || kept.pair.score > runnerUp.pair.score) runnerUp = kept;
  }
  [best, runnerUp].forEach((kept, slot) => {
    if (!kept) return;
    const to = at * KEPT_PER_SHARE + slot;
    bests.candidates[to] = kept.candidate;
    bests.scores[to] = kept.pair.score;
    bests.decisions[to] = DECISIONS.indexOf(kept.pair.decision);
    bests.found[to] = kept.found;
  });
}

// This worker's range of the queries: their candidates found in every share (for the other workers
// too) and scored against this share's people as they are found.
const range = queryRange(part, parts, queries.length);
const offsets = new Int32Array(new SharedArrayBuffer((range.to - range.from + 1) * 4));
let found = new Int32Array(1024);
for (let at = range.from; at < range.to; at++) {
  const candidates = findCandidatesInShares(shares, queries[at] as PreparedPerson);
  const start = offsets[at - range.from] as number;
  if (start + candidates.length > found.length) {
    const grown = new Int32Array(Math.max(found.length * 2, start + candidates.length));
    grown.set(found);
    found = grown;
  }
  found.set(candidates, start);
  offsets[at - range.from + 1] = start + candidates.length;
  scoreQuery(at, candidates, 0, candidates.length);
}
const total = offsets[range.to - range.from] as number;
const mine: QueryCandidates = {
  from: range.from,
  offsets,
  candidates: new Int32Array(new SharedArrayBuffer(total * 4)),
};
mine.candidates.set(found.subarray(0, total));
send({ kind: 'candidates', ...mine });

// The other ranges' queries, from the candidates their workers found.
for (const [index, other] of (await next('candidates')).parts.entries()) {
  if (index === part) continue;
  for (let query = 0; query < other.offsets.length - 1; query++) {
    const [from, to] = [other.offsets[query] as number, other.offsets[query + 1] as number];
    scoreQuery(other.from + query, other.candidates, from, to);
  }
}
send(
  { kind: 'done', ...bests },
  Object.values(bests).map((array) => array.buffer as ArrayBuffer)
);
