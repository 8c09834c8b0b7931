import type { Db } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { startRepeatingJob, type JobLogger } from '../../platform/jobs/repeating-job.ts';

/** One overdue item to chase: its owner, and a key naming the item and the due date it missed. */
export interface OwnerChase {
  eventKey: string;
  userId: number;
  message: string;
}

/**
 * Tells each owner once about their overdue item, and answers how many were told. Each notification's
 * event key is unique, so an item chased by another process at the same moment is not chased twice.
 */
export async function notifyOwners(trx: Db, kind: string, chases: OwnerChase[], now: Date): Promise<number> {
  if (chases.length === 0) return 0;
  const raised = await trx
    .insertInto('notification')
    .values(
      chases.map((chase) => ({
        event_key: chase.eventKey,
        kind,
        contact_child_id: null,
        information_request_id: null,
        team_id: null,
        user_id: chase.userId,
        message: chase.message,
        raised_at: now,
        read_at: null,
      }))
    )
    .onConflict((conflict) => conflict.column('event_key').doNothing())
    .returning('event_key')
    .execute();
  return raised.length;
}

/** Runs a chase now and then every `intervalMs` until stopped, logging only runs that chased something. */
export function startOwnerChase(
  name: string,
  chase: (db: Db, now: Date) => Promise<number>,
  deps: { db: Db; clock: Clock; intervalMs: number; logger: JobLogger }
): () => Promise<void> {
  return startRepeatingJob({
    name,
    verb: 'raised notifications',
    intervalMs: deps.intervalMs,
    logger: deps.logger,
    run: async () => {
      const chased = await chase(deps.db, deps.clock.now());
      return chased > 0 ? { notificationsRaised: chased } : null;
    },
  });
}
