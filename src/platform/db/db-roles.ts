import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Tables the service may only read and append to: the audit trail, its chain head, the migration log. */
const APPEND_ONLY = ['audit_event'];
const READ_ONLY = ['audit_chain_head', 'kysely_migration', 'kysely_migration_lock'];

export async function currentRole(db: Db): Promise<string> {
  const { rows } = await sql<{ role: string }>`select current_user as role`.execute(db);
  return rows[0]!.role;
}

/**
 * Run by the owner (MIGRATION_DATABASE_URL) after migrating: gives the service's role what the app
 * needs and no more. Select, insert, update and delete on case tables; only select and insert on
 * audit_event (so it can neither change nor remove evidence, nor disable the triggers, which needs
 * ownership); read-only on the chain head and migration log. Idempotent: `frontdoor migrate` and
 * `start` run it every time, so tables added by later migrations are covered.
 */
export async function grantServiceRole(ownerDb: Db, serviceRole: string): Promise<void> {
  const role = sql.id(serviceRole);
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(
    ownerDb
  );
  await ownerDb.transaction().execute(async (trx) => {
    await sql`grant usage on schema ${sql.id('public')} to ${role}`.execute(trx);
    await sql`revoke create on schema ${sql.id('public')} from ${role}`.execute(trx);
    for (const { name } of rows) {
      const table = sql.table(name);
      await sql`revoke all on ${table} from ${role}`.execute(trx);
      if (APPEND_ONLY.includes(name)) await sql`grant select, insert on ${table} to ${role}`.execute(trx);
      else if (READ_ONLY.includes(name)) await sql`grant select on ${table} to ${role}`.execute(trx);
      else await sql`grant select, insert, update, delete on ${table} to ${role}`.execute(trx);
    }
    await sql`grant usage, select on all sequences in schema ${sql.id('public')} to ${role}`.execute(trx);
  });
}
