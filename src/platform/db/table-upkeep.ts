import { sql } from 'kysely';
import type { Db } from './database.ts';
import { startRepeatingJob, type JobLogger } from '../jobs/repeating-job.ts';

/** A table is re-analysed once its size has moved this far from what its statistics say (autovacuum's 10%). */
const CHANGED_FRACTION = 0.1;
/** ...and by at least this many pages, so small tables are not analysed for every few rows. */
const CHANGED_PAGES = 8;
/** A table is vacuumed once it holds this many dead rows and a fifth of its rows more (autovacuum's defaults). */
const DEAD_ROWS = 50;
const DEAD_FRACTION = 0.2;

/**
 * Does for the embedded database what autovacuum does on a server, which it lacks: vacuums and analyses
 * each table whose statistics are out of date or which holds many dead rows. Without it every scan reads
 * the dead rows of every update and delete for ever: an emptied queue table costs more with every row it
 * has held.
 *
 * Out of date: never analysed, or grown or shrunk by a tenth since (its size on disk against the page count
 * its last vacuum or analyse recorded in pg_class), as the catalogue's record survives a restart. Dead rows:
 * the activity counters (pg_stat_user_tables), which the embedded database loses on every restart, so a
 * quiet restart vacuums nothing. Returns the tables it vacuumed.
 */
export async function vacuumWhatChanged(db: Db): Promise<string[]> {
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<{ name: string }>`
    select c.relname as name
    from pg_class c
    left join pg_stat_user_tables s on s.relid = c.oid
    where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
      and (c.reltuples < 0
        or abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages)
           > greatest(${CHANGED_PAGES}::float8, c.relpages * ${CHANGED_FRACTION}::float8)
        or coalesce(s.n_dead_tup, 0) > ${DEAD_ROWS} + ${DEAD_FRACTION}::float8 * greatest(c.reltuples, 0))
    order by c.relname`.execute(db);
  // One table at a time, so the service's own statements run in between.
  for (const { name } of rows) await sql`vacuum (analyze) ${sql.table(name)}`.execute(db);
  return rows.map((row) => row.name);
}

/** Keeps the embedded database's tables in order in the background (every `intervalMs`). */
export function startTableUpkeep(db: Db, logger: JobLogger, intervalMs = 60_000): () => Promise<void> {
  return startRepeatingJob({
    name: 'table upkeep',
    verb: 'vacuumed tables',
    intervalMs,
    logger,
    run: async () => {
      const tables = await vacuumWhatChanged(db);
      return tables.length > 0 ? { tables: tables.length } : null;
    },
  });
}
