import { describe, expect, it } from 'vitest';
import { startRepeatingJob } from './repeating-job.ts';

describe('a repeating job', () => {
  it('runs at once, logs what a run returns, and logs nothing for a run with nothing to say', async () => {
    const logged: { details: object; message: string }[] = [];
    const results = [{ raised: 2 }, null];
    let runs = 0;
    let secondRun: () => void;
    const twoRuns = new Promise<void>((resolve) => (secondRun = resolve));
    const stop = startRepeatingJob({
      name: 'test job',
      verb: 'raised things',
      intervalMs: 1,
      logger: { info: (details, message) => logged.push({ details, message }), error: () => {} },
      run: async () => {
        runs += 1;
        if (runs === 2) secondRun();
        return results[runs - 1] ?? null;
      },
    });
    await twoRuns;
    await stop();
    expect(logged[0]).toEqual({ details: { raised: 2 }, message: 'test job raised things' });
    expect(logged).toHaveLength(1);
  });

  it('logs a failure by its name and code only, never its message, and carries on', async () => {
    const failures: object[] = [];
    let twoSeen: () => void;
    const two = new Promise<void>((resolve) => (twoSeen = resolve));
    const stop = startRepeatingJob({
      name: 'test job',
      verb: 'ran',
      intervalMs: 1,
      logger: {
        info: () => {},
        error: (details, message) => {
          failures.push({ details, message });
          if (failures.length === 2) twoSeen();
        },
      },
      run: () =>
        Promise.reject(
          Object.assign(new Error('duplicate key value (Ysolde Marchbanks)'), { code: '23505' })
        ),
    });
    await two;
    await stop();
    expect(failures[0]).toEqual({
      details: { errorName: 'Error', code: '23505' },
      message: 'test job failed',
    });
    expect(JSON.stringify(failures)).not.toContain('Ysolde');
  });

  it('resolves stop() only after the run in progress has finished', async () => {
    let finish: () => void;
    let finished = false;
    const stop = startRepeatingJob({
      name: 'test job',
      verb: 'ran',
      intervalMs: 60_000,
      logger: { info: () => {}, error: () => {} },
      run: () =>
        new Promise((resolve) => {
          finish = () => {
            finished = true;
            resolve(null);
          };
        }),
    });
    const stopped = stop();
    finish!();
    await stopped;
    expect(finished).toBe(true);
  });
});
