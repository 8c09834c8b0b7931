import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter kept in the database, so the limit holds across every app process.
 * Old windows for the key are removed as we go, keeping the table small.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date
): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  await db
    .deleteFrom('rate_limit_hit')
    .where('key', '=', key)
    .where('window_start', '<', windowStart)
    .execute();
  const row = await db
    .insertInto('rate_limit_hit')
    .values({ key, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`rate_limit_hit.hits + 1` })
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  return { allowed: row.hits <= limit, retryAfterSeconds };
}
