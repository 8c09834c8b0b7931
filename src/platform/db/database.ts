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
  if (await isUpToDate(db)) return [];
  const { error, results } = await migrator(db).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${where}: ${String((error as Error).message ?? error)}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}

/**
 * Whether every migration has run, in two small statements. Kysely's migrator first looks for its own
 * tables through the catalogue's view of every table and column, which took most of a second of each
 * start on the embedded database; it runs only when something is pending.
 */
async function isUpToDate(db: Db): Promise<boolean> {
  const { rows } = await sql<{ exists: boolean }>`
    select to_regclass('kysely_migration') is not null as exists`.execute(db);
  if (!rows[0]?.exists) return false;
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const names = new Set(applied.rows.map((row) => row.name));
  return Object.keys(migrations).every((name) => names.has(name));
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
