import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CouncilSettings, StaffUser } from '../db/schema.ts';
import { writeAudit } from '../audit/audit-log.ts';
import { decoyPasswordHash, verifyPassword } from './password.ts';
import { isLocked, lockUntilAfterFailures } from './sign-in-policy.ts';
import { matchingTotpStep } from './totp.ts';

export type PasswordCheck =
  { outcome: 'signed_in'; user: StaffUser; needsSecondFactor: boolean } | { outcome: 'refused' };

interface Origin {
  ip: string;
  requestId: string;
  now: Date;
}

/**
 * Checks a username and password, applying lockout with back-off and auditing every attempt.
 *
 * Every refusal does the same work — one Argon2 verification, against the account's hash or a decoy —
 * whether the username is unknown, the account locked or the password wrong, so the time taken does
 * not tell which usernames exist or are locked. The attempt is counted before the password is checked,
 * atomically, so concurrent guesses cannot get past the lock.
 */
export async function checkPassword(
  db: Db,
  username: string,
  password: string,
  origin: Origin
): Promise<PasswordCheck> {
  const user = await db
    .selectFrom('staff_user')
    .selectAll()
    .where(sql<string>`lower(username)`, '=', username.trim().toLowerCase())
    .where('active', '=', true)
    .executeTakeFirst();
  const audit = {
    actorUserId: user?.id ?? null,
    actorRole: user?.role ?? null,
    ip: origin.ip,
    requestId: origin.requestId,
  };

  const allowed = user ? await reserveAttempt(db, user.id, origin.now) : false;
  const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
  if (user && !allowed) {
    const { locked_until: lockedUntil } = await db
      .selectFrom('staff_user')
      .select('locked_until')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    await writeAudit(db, { ...audit, action: 'auth.locked_out', details: { lockedUntil } }, origin.now);
    return { outcome: 'refused' };
  }
  if (!user || !passwordOk) {
    await writeAudit(
      db,
      { ...audit, action: 'auth.sign_in_failed', details: { knownUser: Boolean(user) } },
      origin.now
    );
    return { outcome: 'refused' };
  }
  const secondFactor = await needsSecondFactor(db, user);
  // A right password is not a failure; but wrong codes from earlier sign-ins still count until a
  // code is accepted, so signing in again never resets the count of guesses at the code.
  if (secondFactor) await releaseAttempt(db, user.id);
  else await clearFailures(db, user.id, origin.now);
  await writeAudit(db, { ...audit, action: 'auth.sign_in', actorAgencyId: user.agency_id }, origin.now);
  return { outcome: 'signed_in', user, needsSecondFactor: secondFactor };
}

/**
 * Counts an attempt as a failure before it is checked, in one transaction holding the account's row:
 * refused (false) while the account is locked; the attempt that reaches the limit sets the lock. So
 * however many attempts arrive at once, no more than the limit are ever checked.
 */
export async function reserveAttempt(db: Db, userId: number, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('staff_user')
      .select(['failed_sign_ins', 'locked_until'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (isLocked(row.locked_until, now)) return false;
    const failures = row.failed_sign_ins + 1;
    await trx
      .updateTable('staff_user')
      .set({
        failed_sign_ins: failures,
        locked_until: lockUntilAfterFailures(failures, now) ?? row.locked_until,
      })
      .where('id', '=', userId)
      .execute();
    return true;
  });
}

/** Takes back an attempt counted by `reserveAttempt` that turned out right. */
async function releaseAttempt(db: Db, userId: number): Promise<void> {
  await db
    .updateTable('staff_user')
    .set({ failed_sign_ins: sql`greatest(failed_sign_ins - 1, 0)` })
    .where('id', '=', userId)
    .execute();
}

/** After a full sign-in: the back-off starts afresh. */
export async function clearFailures(db: Db, userId: number, signedInAt?: Date): Promise<void> {
  await db
    .updateTable('staff_user')
    .set({ failed_sign_ins: 0, locked_until: null, ...(signedInAt ? { last_sign_in_at: signedInAt } : {}) })
    .where('id', '=', userId)
    .execute();
}

export type CodeCheck = 'passed' | 'wrong' | 'reused' | 'locked';

/**
 * Checks a second-factor code in one transaction holding the account's row, so concurrent codes are
 * checked one at a time: refused while locked; a wrong or already-used code counts towards the same
 * lockout as a wrong password, across sign-ins; a right code is accepted once (its time step is kept
 * and that step or an earlier one is refused afterwards), and clears the count.
 */
export async function checkSecondFactorCode(
  db: Db,
  userId: number,
  code: string,
  now: Date
): Promise<CodeCheck> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('staff_user')
      .select(['username', 'totp_secret', 'totp_last_step', 'failed_sign_ins', 'locked_until'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (isLocked(user.locked_until, now)) return 'locked';
    const step = user.totp_secret ? matchingTotpStep(user.totp_secret, user.username, code, now) : null;
    const unused = step !== null && (user.totp_last_step === null || step > user.totp_last_step);
    if (unused) {
      await trx
        .updateTable('staff_user')
        .set({ totp_last_step: step, failed_sign_ins: 0, locked_until: null, last_sign_in_at: now })
        .where('id', '=', userId)
        .execute();
      return 'passed';
    }
    const failures = user.failed_sign_ins + 1;
    await trx
      .updateTable('staff_user')
      .set({
        failed_sign_ins: failures,
        locked_until: lockUntilAfterFailures(failures, now) ?? user.locked_until,
      })
      .where('id', '=', userId)
      .execute();
    return step === null ? 'wrong' : 'reused';
  });
}

async function needsSecondFactor(db: Db, user: StaffUser): Promise<boolean> {
  if (user.totp_enabled) return true;
  const council = await db.selectFrom('council').select('settings').executeTakeFirst();
  const settings = council?.settings as CouncilSettings | undefined;
  return settings?.secondFactorRequiredRoles.includes(user.role) ?? false;
}
