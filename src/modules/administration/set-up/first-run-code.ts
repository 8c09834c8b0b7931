import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { newTypedCode, normaliseTypedCode, secretHash } from './one-time-secret.ts';

/*
 * The first-run page sets up a council in an empty database, so whoever reached it first would become
 * the administrator. It asks for a code printed on the server's terminal when it starts: only whoever
 * runs the server can use it. The code lasts a day. It is issued once: when several processes start
 * on the same empty database, the first prints it and the others leave it be (a code another process
 * printed is never silently replaced); a start after it has expired prints a new one.
 */

export const FIRST_RUN_CODE_HOURS = 24;

/** A new first-run code, or null when another process has issued one still in time (its terminal shows it). */
export async function issueFirstRunCode(db: Db, now: Date): Promise<string | null> {
  const code = newTypedCode();
  const issued = await db.transaction().execute(async (trx) => {
    // One process at a time decides, so two starting together cannot each issue a code.
    await sql`lock table first_run_code in share row exclusive mode`.execute(trx);
    await trx.deleteFrom('first_run_code').where('expires_at', '<=', now).execute();
    const current = await trx.selectFrom('first_run_code').select('code_hash').executeTakeFirst();
    if (current) return false;
    await trx
      .insertInto('first_run_code')
      .values({
        code_hash: secretHash(normaliseTypedCode(code)),
        created_at: now,
        expires_at: new Date(now.getTime() + FIRST_RUN_CODE_HOURS * 3_600_000),
      })
      .execute();
    return true;
  });
  return issued ? code : null;
}

/** Whether a typed code is the one printed and still in time. */
export async function isFirstRunCode(db: Db, typed: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('first_run_code')
    .where('code_hash', '=', secretHash(normaliseTypedCode(typed)))
    .where('expires_at', '>', now)
    .select('code_hash')
    .executeTakeFirst();
  return row !== undefined;
}
