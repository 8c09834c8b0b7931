import { sql } from 'kysely';
import type { Db } from './database.ts';
import { startRepeatingJob, type JobLogger } from '../jobs/repeating-job.ts';

/** A table is re-analysed once its size has moved this far from what its statistics say (autovacuum's 10%). */
const CHANGED_FRACTION = 0.1;
/** ...and by at least this many pages, so small tables are not analysed for every few rows. */
const CHANGED_PAGES = 8;

/**
 * Analyses only the tables whose statistics are out of date: never analysed, or grown or shrunk by a
 * tenth since (their size on disk against the page count their last `analyze` recorded in pg_class).
 * The embedded database has no autovacuum, and its activity counters (pg_stat_user_tables) are lost on
 * every restart, so the catalogue's own record is what survives; on a quiet restart nothing is analysed.
 * Returns the tables it analysed.
 */
export async function analyseWhatChanged(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name
    from pg_class c
    where c.relkind in ('r', 'm') and c.relnamespace = current_schema()::regnamespace
      and (c.reltuples < 0 or abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages)
           > greatest(${CHANGED_PAGES}::float8, c.relpages * ${CHANGED_FRACTION}::float8))
    order by c.relname`.execute(db);
  for (const { name } of rows) await sql`analyze ${sql.table(name)}`.execute(db);
  return rows.map((row) => row.name);
}

/** Keeps statistics current in the background on the embedded database (every `intervalMs`). */
export function startStatisticsUpkeep(
  db: Db,
  logger: JobLogger,
  intervalMs = 10 * 60_000
): () => Promise<void> {
  return startRepeatingJob({
    name: 'statistics upkeep',
    verb: 'analysed tables',
    intervalMs,
    logger,
    run: async () => {
      const tables = await analyseWhatChanged(db);
      return tables.length > 0 ? { tables: tables.length } : null;
    },
  });
}
