import type { Config } from '../platform/config/config.ts';
import { openPool, type DatabasePool } from '../platform/db/pool.ts';
import { createDb, type Db } from '../platform/db/database.ts';
import { currentRole, grantServiceRole } from '../platform/db/db-roles.ts';

export const ONE_ROLE_WARNING =
  'Warning: MIGRATION_DATABASE_URL is not set, so the service runs as the role that owns the tables and ' +
  'could rewrite the audit trail: set it to an owner role and DATABASE_URL to a service role (README, Configuration).';

/**
 * Runs `work` (migrations, seeding) as the role that owns the tables, then grants the service's role
 * (DATABASE_URL's user) what the app needs: see db-roles.ts. Without MIGRATION_DATABASE_URL the
 * service's own connection is used for both, as before, with a one-line warning. The embedded
 * database has one role and no grants.
 */
export async function asOwner<T>(
  config: Config,
  service: { db: Db; pool: DatabasePool },
  work: (ownerDb: Db) => Promise<T>
): Promise<T> {
  if (service.pool.kind === 'pglite') return work(service.db);
  if (!config.MIGRATION_DATABASE_URL) {
    console.warn(ONE_ROLE_WARNING);
    return work(service.db);
  }
  const ownerPool = await openPool({ databaseUrl: config.MIGRATION_DATABASE_URL, dataDir: '' });
  const ownerDb = createDb(ownerPool);
  try {
    const result = await work(ownerDb);
    const serviceRole = await currentRole(service.db);
    if (serviceRole === (await currentRole(ownerDb)))
      console.warn(
        `Warning: DATABASE_URL and MIGRATION_DATABASE_URL are the same role (${serviceRole}): the service owns the tables and could rewrite the audit trail.`
      );
    else await grantServiceRole(ownerDb, serviceRole);
    return result;
  } finally {
    await ownerDb.destroy();
    await ownerPool.close();
  }
}
