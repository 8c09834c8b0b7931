import { execFileSync } from 'node:child_process';
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
