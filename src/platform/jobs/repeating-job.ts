/** Where a job says what it did: pino's logger, or a test's recorder. */
export interface JobLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Runs `run` now and then every `intervalMs` until stopped. What a run returns is logged as
 * "<name> <verb>" (nothing when it returns null); a failed run is logged as "<name> failed" with the
 * error's name and code only (messages can quote the data), and the next run goes ahead as planned.
 * `stop()` resolves once any run in progress has finished, so the database can then be closed.
 */
export function startRepeatingJob(job: {
  /** e.g. "deadline sweep"; with `verb`, e.g. "raised notifications", it names the log lines. */
  name: string;
  verb: string;
  intervalMs: number;
  logger: JobLogger;
  run: () => Promise<object | null>;
}): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const runOnce = async () => {
    try {
      const details = await job.run();
      if (details) job.logger.info({ ...details }, `${job.name} ${job.verb}`);
    } catch (error) {
      const { name, code } = (error ?? {}) as { name?: string; code?: string };
      job.logger.error({ errorName: name ?? 'Error', code }, `${job.name} failed`);
    }
  };
  const tick = () => {
    running = runOnce().then(() => {
      if (!stopped) timer = setTimeout(tick, job.intervalMs);
    });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
