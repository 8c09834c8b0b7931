import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';
import type { DatabasePool } from './pool.ts';
import { preparingPool } from './prepared-statements.ts';

export type Db = Kysely<Database>;

/**
 * Statements kept prepared per process: on a server, its connections' memory; in the embedded database,
 * the service's own, so fewer (the most repeated are named first).
 */
const PREPARED_AT_MOST = { postgres: 1_000, pglite: 250 } as const;

export function createDb(pool: DatabasePool): Db {
  const prepared = preparingPool(pool.pool, PREPARED_AT_MOST[pool.kind]);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: prepared }) });
}

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${where}: ${String((error as Error).message ?? error)}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}

export interface MigrationStatus {
  applied: number;
  known: number;
  current: boolean;
}

export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const all = await migrator(db).getMigrations();
  const applied = all.filter((migration) => migration.executedAt !== undefined).length;
  return { applied, known: all.length, current: applied === all.length };
}

export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
