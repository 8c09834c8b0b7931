import type { Db } from '../../../platform/db/database.ts';
import { writeAudit } from '../../../platform/audit/audit-log.ts';
import { hashPassword } from '../../../platform/auth/password.ts';
import { newLinkToken, secretHash } from './one-time-secret.ts';

/*
 * One-time set-up links: how a new member of staff (or the first administrator, or someone who has
 * forgotten their password) chooses a password. The link is shown once, kept only as its hash, works
 * once and expires. It sets a password and nothing else: the second factor is still asked for at
 * sign-in, so a link that leaks does not get anyone past it.
 */

export const SET_UP_LINK_DAYS = 7;
export const SET_UP_PATH = '/set-up/account';

export interface IssuedLink {
  /** The path with its token, e.g. /set-up/account?token=…: only this once. */
  path: string;
  expiresAt: Date;
}

/** A new link for a member of staff; any earlier link of theirs not yet used stops working. */
export async function issueSetUpLink(
  trx: Db,
  staffUserId: number,
  by: { userId: number | null; now: Date }
): Promise<IssuedLink> {
  await trx
    .deleteFrom('staff_set_up_link')
    .where('staff_user_id', '=', staffUserId)
    .where('used_at', 'is', null)
    .execute();
  const token = newLinkToken();
  const expiresAt = new Date(by.now.getTime() + SET_UP_LINK_DAYS * 86_400_000);
  await trx
    .insertInto('staff_set_up_link')
    .values({
      token_hash: secretHash(token),
      staff_user_id: staffUserId,
      created_at: by.now,
      expires_at: expiresAt,
      created_by: by.userId,
    })
    .execute();
  return { path: `${SET_UP_PATH}?token=${token}`, expiresAt };
}

export type OpenedLink =
  | { state: 'valid'; staffUserId: number; username: string; displayName: string; email: string }
  | { state: 'expired' | 'used' | 'unknown' };

/** What a link opens: the account it sets up, or why it no longer works. */
export async function openSetUpLink(db: Db, token: string, now: Date): Promise<OpenedLink> {
  const link = await db
    .selectFrom('staff_set_up_link')
    .innerJoin('staff_user', 'staff_user.id', 'staff_set_up_link.staff_user_id')
    .where('token_hash', '=', secretHash(token))
    .select([
      'staff_set_up_link.staff_user_id as staffUserId',
      'staff_set_up_link.expires_at as expiresAt',
      'staff_set_up_link.used_at as usedAt',
      'staff_user.username',
      'staff_user.display_name as displayName',
      'staff_user.email',
      'staff_user.active',
    ])
    .executeTakeFirst();
  if (!link || !link.active) return { state: 'unknown' };
  if (link.usedAt) return { state: 'used' };
  if (link.expiresAt.getTime() <= now.getTime()) return { state: 'expired' };
  const { staffUserId, username, displayName, email } = link;
  return { state: 'valid', staffUserId, username, displayName, email };
}

/**
 * Sets the password a link was for, once: the link is claimed in the same transaction (a second use
 * at the same moment finds it used), the account's failed attempts are cleared, and it is audited.
 * Answers false when the link no longer works.
 */
export async function useSetUpLink(
  db: Db,
  token: string,
  password: string,
  origin: { ip: string; requestId: string; now: Date }
): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('staff_set_up_link')
      .set({ used_at: origin.now })
      .where('token_hash', '=', secretHash(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', origin.now)
      .returning('staff_user_id')
      .executeTakeFirst();
    if (!claimed) return false;
    const user = await trx
      .updateTable('staff_user')
      .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null })
      .where('id', '=', claimed.staff_user_id)
      .where('active', '=', true)
      .returning(['id', 'role', 'agency_id'])
      .executeTakeFirst();
    if (!user) return false;
    await writeAudit(
      trx,
      {
        action: 'auth.account_set_up',
        actorUserId: user.id,
        actorRole: user.role,
        actorAgencyId: user.agency_id,
        recordType: 'staff_user',
        recordId: user.id,
        ip: origin.ip,
        requestId: origin.requestId,
      },
      origin.now
    );
    return true;
  });
}
