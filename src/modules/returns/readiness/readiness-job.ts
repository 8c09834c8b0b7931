import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { startRepeatingJob, type JobLogger } from '../../../platform/jobs/repeating-job.ts';
import { runDailyReadinessCheck } from './readiness.service.ts';

/**
 * How often each process looks whether today's check has run. Looking costs one indexed read; the
 * check itself runs once a London day, in whichever process looks first after midnight.
 */
export const READINESS_CHECK_INTERVAL_MS = 15 * 60_000;

/**
 * Runs the daily readiness check now and then every `intervalMs` until stopped (see
 * runDailyReadinessCheck: safe with several processes on one database).
 */
export function startReadinessCheck(deps: {
  db: Db;
  clock: Clock;
  intervalMs: number;
  logger: JobLogger;
}): () => Promise<void> {
  return startRepeatingJob({
    name: 'return readiness check',
    verb: 'ran',
    intervalMs: deps.intervalMs,
    logger: deps.logger,
    run: () => runDailyReadinessCheck(deps.db, deps.clock.now()),
  });
}
