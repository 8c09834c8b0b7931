import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openPool } from '../../platform/db/pool.ts';
import { createDb, migrationStatus, type Db } from '../../platform/db/database.ts';
import { writeAudit } from '../../platform/audit/audit-log.ts';

/**
 * Backup and restore of the embedded database (PGlite): the whole data folder as one gzipped tarball.
 * Both take the data folder's lock, so the service must be stopped first. PostgreSQL is backed up with
 * its own tools (pg_dump, WAL archiving): see README "Backup and restore".
 */

export class BackupError extends Error {}

/** Writes a backup of the embedded database in `dataDir` to `outFile`; returns its size in bytes. */
export async function backupEmbedded(dataDir: string, outFile: string): Promise<number> {
  if (!fs.existsSync(path.join(dataDir, 'pglite')))
    throw new BackupError(`There is no embedded database in ${path.resolve(dataDir)} to back up.`);
  const pool = await openPool({ dataDir });
  try {
    const dump = await pool.dumpDataDir!();
    const bytes = Buffer.from(await dump.arrayBuffer());
    const partial = `${outFile}.partial`;
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, outFile);
    return bytes.length;
  } finally {
    await pool.close();
  }
}

/**
 * Restores a backup into `dataDir`. Refuses when the folder already holds a database, unless `force`,
 * which moves the old one aside (never deletes it). Checks the restored database opens and is
 * migrated, and records the restore in its audit trail.
 */
export async function restoreEmbedded(
  backupFile: string,
  dataDir: string,
  options: { force?: boolean; now: Date }
): Promise<{ movedAside?: string; migrationsApplied: number }> {
  if (!fs.existsSync(backupFile)) throw new BackupError(`There is no backup file ${backupFile}.`);
  const target = path.join(dataDir, 'pglite');
  let movedAside: string | undefined;
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    if (!options.force)
      throw new BackupError(
        `${path.resolve(dataDir)} already holds a database. Restore into an empty DATA_DIR, or add --force ` +
          'to move the existing database aside (it is kept, not deleted).'
      );
    movedAside = `${target}.before-restore-${options.now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, movedAside);
  }
  const pool = await openPool({ dataDir, loadDataDir: new Blob([fs.readFileSync(backupFile)]) });
  const db = createDb(pool);
  try {
    const status = await migrationStatus(db);
    await writeAudit(
      db,
      { action: 'database.restore', recordType: 'database', details: { migrations: status.applied } },
      options.now
    );
    return { movedAside, migrationsApplied: status.applied };
  } finally {
    await db.destroy();
    await pool.close();
  }
}

/** Every table's row count, to compare a restored database with its original. */
export async function tableRowCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(
    db
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db);
    counts[name] = result.rows[0]!.n;
  }
  return counts;
}
