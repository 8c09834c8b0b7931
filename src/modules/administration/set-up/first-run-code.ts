import type { Db } from '../../../platform/db/database.ts';
import { newTypedCode, normaliseTypedCode, secretHash } from './one-time-secret.ts';

/*
 * The first-run page sets up a council in an empty database, so whoever reached it first would become
 * the administrator. It asks for a code printed on the server's terminal when it starts: only whoever
 * runs the server can use it. The code lasts a day; every start with an empty database prints a new one.
 */

export const FIRST_RUN_CODE_HOURS = 24;

export async function issueFirstRunCode(db: Db, now: Date): Promise<string> {
  const code = newTypedCode();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('first_run_code').execute();
    await trx
      .insertInto('first_run_code')
      .values({
        code_hash: secretHash(normaliseTypedCode(code)),
        created_at: now,
        expires_at: new Date(now.getTime() + FIRST_RUN_CODE_HOURS * 3_600_000),
      })
      .execute();
  });
  return code;
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
