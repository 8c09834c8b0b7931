/** A bulk-matching worker: builds its own index, matches its share of the queries, returns the results. */
import { parentPort, workerData } from 'node:worker_threads';
import type { PersonRecord } from '../../../shared/matching/prepared-person.ts';
import { matchInThisThread, toArrays, type WorkerInput, type WorkerMessage } from './bulk-match.ts';

const { indexText, queries } = workerData as WorkerInput;
const results = matchInThisThread(JSON.parse(indexText) as PersonRecord[], queries, (done) =>
  parentPort?.postMessage({ kind: 'progress', done } satisfies WorkerMessage)
);
const message = toArrays(results);
const buffers = [message.candidates, message.scores, message.decisions].map(
  (array) => array.buffer as ArrayBuffer
);
parentPort?.postMessage(message, buffers);
