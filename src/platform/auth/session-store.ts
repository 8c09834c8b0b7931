import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Actor } from '../access/actor.ts';
import { SESSION_TOUCH_SECONDS, sessionState, type SessionState } from './sign-in-policy.ts';

export const SESSION_COOKIE = 'fd_session';

export interface ActiveSession {
  tokenHash: string;
  actor: Actor;
  secondFactorDone: boolean;
  totpEnabled: boolean;
}

export type SessionLookup =
  { state: 'active'; session: ActiveSession } | { state: Exclude<SessionState, 'active'> | 'unknown' };

/** Only the token's hash is stored, so a leaked table cannot be replayed as cookies. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  userId: number,
  options: { secondFactorDone: boolean; ip: string; userAgent: string | undefined; now: Date }
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('user_session')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: options.now,
      last_seen_at: options.now,
      second_factor_done: options.secondFactorDone,
      ip: options.ip,
      user_agent: options.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

/** Finds the session for a cookie, ends it if it has timed out, and keeps an active one alive. */
export async function lookUpSession(db: Db, token: string, now: Date): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('staff_user as u', 'u.id', 's.user_id')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .where('s.token_hash', '=', tokenHash)
    .where('u.active', '=', true)
    .select([
      's.created_at',
      's.last_seen_at',
      's.second_factor_done',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.agency_id',
      'u.team_id',
      'u.totp_enabled',
      'a.kind as agency_kind',
      'a.name as agency_name',
    ])
    .executeTakeFirst();
  if (!row) return { state: 'unknown' };
  const state = sessionState({ createdAt: row.created_at, lastSeenAt: row.last_seen_at }, now);
  if (state !== 'active') {
    await endSession(db, tokenHash);
    return { state };
  }
  if (now.getTime() - row.last_seen_at.getTime() > SESSION_TOUCH_SECONDS * 1000) {
    await db
      .updateTable('user_session')
      .set({ last_seen_at: now })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    state: 'active',
    session: {
      tokenHash,
      secondFactorDone: row.second_factor_done,
      totpEnabled: row.totp_enabled,
      actor: {
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        agencyId: row.agency_id,
        agencyKind: row.agency_kind,
        agencyName: row.agency_name,
        teamId: row.team_id,
      },
    },
  };
}

export async function markSecondFactorDone(db: Db, tokenHash: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ second_factor_done: true })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function endSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}
