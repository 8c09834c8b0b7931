import { Writable } from 'node:stream';

/** A stream the service's logger writes to, and what it has written so far. */
export function captureLog(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => withoutTimings(chunks.join('')) };
}

/**
 * Timings and the process id are numbers that can contain a searched-for run of digits by chance
 * (a response time of 198.62015 "contains" the year 2015), so they are zeroed before a log is searched.
 */
function withoutTimings(log: string): string {
  return log
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.stringify({ ...JSON.parse(line), time: 0, responseTime: 0, pid: 0 }))
    .join('\n');
}
