/**
 * A bulk-matching worker: prepares its share of the people and sends their blocking entries and name
 * counts; given back the whole blocking index and counts, scores every query against the candidates
 * in its share and returns each query's best two of them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { blockingEntries, findCandidates } from '../../../shared/matching/blocking.ts';
import { FITTED_MODEL } from '../../../shared/matching/fitted-model.ts';
import { countNameFrequencies } from '../../../shared/matching/model.ts';
import {
  preparePerson,
  type PersonRecord,
  type PreparedPerson,
} from '../../../shared/matching/prepared-person.ts';
import { scorePrepared } from '../../../shared/matching/score-pair.ts';
import {
  DECISIONS,
  KEPT_PER_SHARE,
  PROGRESS_EVERY,
  type MainMessage,
  type WorkerInput,
  type WorkerMessage,
} from './bulk-match.ts';

const { first, peopleText, queriesText } = workerData as WorkerInput;
const readText = (text: Uint8Array) =>
  JSON.parse(Buffer.from(text.buffer, text.byteOffset, text.length).toString('utf8')) as PersonRecord[];
const people = readText(peopleText).map(preparePerson);
const entries = blockingEntries(people, first);
const merged = new Promise<MainMessage>((resolve) => parentPort?.once('message', resolve));
parentPort?.postMessage(
  { kind: 'share', entries, frequencies: countNameFrequencies(people) } satisfies WorkerMessage,
  [entries.buffer as ArrayBuffer]
);
// Prepared while the other shares are merged.
const queries = readText(queriesText).map(preparePerson);
const { blocking, frequencies } = await merged;

const slots = queries.length * KEPT_PER_SHARE;
const bests = {
  candidates: new Int32Array(slots).fill(-1),
  scores: new Float64Array(slots),
  decisions: new Uint8Array(slots),
  found: new Int32Array(slots),
};
queries.forEach((query, at) => {
  if (at % PROGRESS_EVERY === 0)
    parentPort?.postMessage({ kind: 'progress', done: at } satisfies WorkerMessage);
  const scored = findCandidates(blocking, query).flatMap((candidate, found) => {
    // Only this share's people: the other threads score theirs.
    if (candidate < first || candidate >= first + people.length) return [];
    const person = people[candidate - first] as PreparedPerson;
    return [{ candidate, found, pair: scorePrepared(query, person, FITTED_MODEL, frequencies) }];
  });
  // Best first, ties in the order found: the order ranking.ts gives them.
  scored.sort((a, b) => b.pair.score - a.pair.score);
  scored.slice(0, KEPT_PER_SHARE).forEach(({ candidate, found, pair }, slot) => {
    const to = at * KEPT_PER_SHARE + slot;
    bests.candidates[to] = candidate;
    bests.scores[to] = pair.score;
    bests.decisions[to] = DECISIONS.indexOf(pair.decision);
    bests.found[to] = found;
  });
});
parentPort?.postMessage(
  { kind: 'done', ...bests } satisfies WorkerMessage,
  Object.values(bests).map((array) => array.buffer as ArrayBuffer)
);
