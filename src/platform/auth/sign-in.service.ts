import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CouncilSettings, StaffUser } from '../db/schema.ts';
import { writeAudit } from '../audit/audit-log.ts';
import { decoyPasswordHash, verifyPassword } from './password.ts';
import { isLocked, lockUntilAfterFailures } from './sign-in-policy.ts';

export type PasswordCheck =
  { outcome: 'signed_in'; user: StaffUser; needsSecondFactor: boolean } | { outcome: 'refused' };

interface Origin {
  ip: string;
  requestId: string;
  now: Date;
}

/** Checks a username and password, applying lockout with back-off and auditing every attempt. */
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

  if (user && isLocked(user.locked_until, origin.now)) {
    await writeAudit(
      db,
      { ...audit, action: 'auth.locked_out', details: { lockedUntil: user.locked_until } },
      origin.now
    );
    return { outcome: 'refused' };
  }
  const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
  if (!user || !passwordOk) {
    if (user) await recordFailure(db, user, origin.now);
    await writeAudit(
      db,
      { ...audit, action: 'auth.sign_in_failed', details: { knownUser: Boolean(user) } },
      origin.now
    );
    return { outcome: 'refused' };
  }
  await clearFailures(db, user.id, origin.now);
  await writeAudit(db, { ...audit, action: 'auth.sign_in', actorAgencyId: user.agency_id }, origin.now);
  return { outcome: 'signed_in', user, needsSecondFactor: await needsSecondFactor(db, user) };
}

/** After a successful password (and again after the code): the back-off starts afresh. */
export async function clearFailures(db: Db, userId: number, signedInAt?: Date): Promise<void> {
  await db
    .updateTable('staff_user')
    .set({ failed_sign_ins: 0, locked_until: null, ...(signedInAt ? { last_sign_in_at: signedInAt } : {}) })
    .where('id', '=', userId)
    .execute();
}

/** A failed second-factor code counts towards the same lockout as a failed password. */
export async function recordFailure(db: Db, user: Pick<StaffUser, 'id'>, now: Date): Promise<void> {
  const updated = await db
    .updateTable('staff_user')
    .set({ failed_sign_ins: sql`failed_sign_ins + 1` })
    .where('id', '=', user.id)
    .returning('failed_sign_ins')
    .executeTakeFirstOrThrow();
  const lockedUntil = lockUntilAfterFailures(updated.failed_sign_ins, now);
  if (lockedUntil)
    await db.updateTable('staff_user').set({ locked_until: lockedUntil }).where('id', '=', user.id).execute();
}

async function needsSecondFactor(db: Db, user: StaffUser): Promise<boolean> {
  if (user.totp_enabled) return true;
  const council = await db.selectFrom('council').select('settings').executeTakeFirst();
  const settings = council?.settings as CouncilSettings | undefined;
  return settings?.secondFactorRequiredRoles.includes(user.role) ?? false;
}
