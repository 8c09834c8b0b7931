import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { acquireDataDirLock } from './data-dir-lock.ts';

export interface DatabasePool {
  pool: pg.Pool;
  kind: 'postgres' | 'pglite';
  /** Closes the underlying database (PGlite) and releases the data-folder lock. */
  close(): Promise<void>;
  /** The embedded database's data folder as a gzipped tarball (PGlite only): a backup. */
  dumpDataDir?(): Promise<Blob>;
}

export interface PoolOptions {
  databaseUrl?: string;
  /** PGlite data folder; 'memory://' for an in-memory database. */
  dataDir: string;
  /** A PGlite data-folder dump (from `dumpDataDir`) to start from, used by tests. */
  loadDataDir?: Blob;
}

// int8 and numeric come back as strings by default; our ids and counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
// Dates without time stay 'YYYY-MM-DD' strings so no time zone shifts them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/**
 * PGlite's own start parameters, to which one is added: shared_buffers of 16 MB, not PostgreSQL's 128 MB.
 * The embedded database's buffers live in the service's memory and are never given back, while its data
 * folder is read through the operating system's file cache anyway; on the demo council the smaller pool cut
 * resident memory by about 120 MB with no change in page times (decision 0017).
 */
const PGLITE_DEFAULT_START_PARAMS = (PGlite as unknown as { defaultStartParams: string[] })
  .defaultStartParams;

export async function openPool(options: PoolOptions): Promise<DatabasePool> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, options: '-c timezone=UTC', max: 10 });
    return { pool, kind: 'postgres', close: () => endPool(pool) };
  }
  const inMemory = options.dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => {} : lockDataDir(options.dataDir);
  try {
    const lite = await PGlite.create(inMemory ? 'memory://' : path.resolve(options.dataDir, 'pglite'), {
      extensions: { pg_trgm, fuzzystrmatch },
      loadDataDir: options.loadDataDir,
      startParams: [...PGLITE_DEFAULT_START_PARAMS, '-c', 'shared_buffers=16MB'],
    });
    const pool = new pg.Pool(createPgConfig(lite));
    return {
      pool,
      kind: 'pglite',
      dumpDataDir: () => lite.dumpDataDir('gzip'),
      close: async () => {
        await endPool(pool);
        await lite.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** Kysely's destroy() may already have ended the pool. */
async function endPool(pool: pg.Pool): Promise<void> {
  if (!pool.ended) await pool.end();
}

function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  return acquireDataDirLock(dataDir);
}
