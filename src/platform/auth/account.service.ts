import type { Db } from '../db/database.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { AuditAction } from '../audit/audit-events.ts';
import { newTotpSecret } from './totp.ts';

/*
 * A staff member's own account, changed by them while signing in or setting up a second factor. There is
 * no RecordAccess yet at these steps (the session is not fully signed in), so each writes its own audit.
 */

interface Origin {
  ip: string;
  requestId: string;
  now: Date;
}

/** The signed-in account's name and second-factor state. */
export function accountOf(db: Db, userId: number) {
  return db
    .selectFrom('staff_user')
    .select(['id', 'username', 'totp_secret', 'totp_enabled'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** Records a step of signing in or out that changes nothing else (a code passed or refused, a sign-out). */
export function auditAccountStep(db: Db, action: AuditAction, userId: number, origin: Origin) {
  return writeAudit(
    db,
    { action, actorUserId: userId, ip: origin.ip, requestId: origin.requestId },
    origin.now
  );
}

/** Starts setting up a second factor with a new secret (replacing one never confirmed) and answers it. */
export async function startSecondFactorEnrolment(db: Db, userId: number): Promise<string> {
  const secret = newTotpSecret();
  await db.updateTable('staff_user').set({ totp_secret: secret }).where('id', '=', userId).execute();
  return secret;
}

/** The first right code confirms the second factor: switched on, with its audit, together. */
export function completeSecondFactorEnrolment(db: Db, userId: number, origin: Origin): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('staff_user').set({ totp_enabled: true }).where('id', '=', userId).execute();
    await auditAccountStep(trx, 'auth.second_factor_enrolled', userId, origin);
  });
}
