import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export interface Machine {
  nproc: string;
  memory: string;
  node: string;
  cpu: string;
}

/** What a benchmark ran on, for BENCHMARKS.md. */
export function machine(): Machine {
  return {
    nproc: execFileSync('nproc', [], { encoding: 'utf8' }).trim(),
    memory: execFileSync('free', ['-h'], { encoding: 'utf8' }).trimEnd(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
  };
}

/** How long a run took, in whole minutes as a reader would say it ("under a minute", "1 minute", "9 minutes"). */
export function durationText(from: Date, to: Date): string {
  const minutes = Math.round((to.getTime() - from.getTime()) / 60_000);
  return minutes === 0 ? 'under a minute' : minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * Writes a benchmark's section of BENCHMARKS.md between its `<!-- name:start -->` and `<!-- name:end -->`
 * markers, replacing what was there (or adding it at the end the first time).
 */
export function writeBenchmarkSection(name: string, body: string): void {
  const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
  const file = 'BENCHMARKS.md';
  const section = `${start}\n${body}\n${end}`;
  const existing = fs.readFileSync(file, 'utf8');
  const updated = existing.includes(start)
    ? existing.replace(new RegExp(`${start}[\\s\\S]*${end}`), section)
    : `${existing.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, updated);
}
