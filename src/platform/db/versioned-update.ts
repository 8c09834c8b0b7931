import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Someone else saved the record since this person opened it. */
export class EditConflictError extends Error {
  constructor(readonly table: string) {
    super(`The ${table} record was changed by someone else`);
  }
}

/**
 * Optimistic concurrency: moves a record on from the version the editor opened to the next one,
 * or throws EditConflictError when someone saved it in between. Call it inside the change's
 * transaction, before the change, so two saves can never both succeed.
 */
export async function claimVersion(
  trx: Db,
  table:
    | 'contact_child'
    | 'information_request'
    | 'strategy_discussion'
    | 'cin_episode'
    | 'cin_assessment'
    | 'cin_plan'
    | 'child_protection_plan'
    | 'section_47_enquiry'
    | 'early_help_record',
  id: number,
  openedVersion: number
): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    update ${sql.table(table)} set version = version + 1
    where id = ${id} and version = ${openedVersion}
    returning version
  `.execute(trx);
  if (rows.length === 0) throw new EditConflictError(table);
  return rows[0]!.version;
}
