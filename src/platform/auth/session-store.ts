import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Actor } from '../access/actor.ts';
import type { CouncilSettings } from '../db/schema.ts';
import {
  SESSION_ABSOLUTE_HOURS,
  SESSION_TOUCH_SECONDS,
  sessionState,
  type SessionState,
} from './sign-in-policy.ts';

export const SESSION_COOKIE = 'fd_session';

/**
 * Under TLS the cookies carry the `__Host-` prefix: the browser then only accepts them from this exact
 * host, over HTTPS, for the whole site — so a sibling host cannot plant one (cookie tossing).
 */
export function cookieName(name: string, secure: boolean): string {
  return secure ? `__Host-${name}` : name;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(cookieName(SESSION_COOKIE, secure), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: SESSION_ABSOLUTE_HOURS * 3600,
  });
}

export interface ActiveSession {
  tokenHash: string;
  actor: Actor;
  secondFactorDone: boolean;
  totpEnabled: boolean;
  /** The secret this session's form tokens are made from: derived from the cookie, never stored. */
  csrfSecret: string;
  /** The council's name as the session was looked up: every page's header shows it, so it comes with the session. */
  councilName: string | null;
  /**
   * The council's settings as the session was looked up (null before the council is set up): most pages
   * need them, and reading them with the session saves each a statement. A saved change reaches the next
   * request, as a read would.
   */
  councilSettings: CouncilSettings | null;
}

export type SessionLookup =
  { state: 'active'; session: ActiveSession } | { state: Exclude<SessionState, 'active'> | 'unknown' };

/** Only the token's hash is stored, so a leaked table cannot be replayed as cookies. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tied to the session: someone who plants a CSRF cookie cannot make tokens this session accepts. */
function csrfSecretFor(token: string): string {
  return createHash('sha256').update(`frontdoor-csrf\0${token}`).digest('base64url');
}

export async function createSession(
  db: Db,
  userId: number,
  options: {
    secondFactorDone: boolean;
    ip: string;
    userAgent: string | undefined;
    now: Date;
    /** When the sign-in began, for a session replacing another (the 12-hour limit runs from it). */
    signedInAt?: Date;
  }
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('user_session')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: options.signedInAt ?? options.now,
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
    .leftJoin('council as c', (join) => join.onTrue())
    .where('s.token_hash', '=', tokenHash)
    .where('u.active', '=', true)
    .select([
      'c.name as council_name',
      'c.settings as council_settings',
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
      csrfSecret: csrfSecretFor(token),
      councilName: row.council_name,
      councilSettings: row.council_settings,
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

/**
 * Once the second factor is done the session gets a new token: the old one (which existed before
 * the user was fully signed in, and could have been seen or fixed by someone else) stops working.
 */
export async function rotateAfterSecondFactor(
  db: Db,
  oldTokenHash: string,
  userId: number,
  options: { ip: string; userAgent: string | undefined; now: Date }
): Promise<string> {
  const old = await db
    .selectFrom('user_session')
    .select('created_at')
    .where('token_hash', '=', oldTokenHash)
    .executeTakeFirst();
  await endSession(db, oldTokenHash);
  return createSession(db, userId, { ...options, secondFactorDone: true, signedInAt: old?.created_at });
}

export async function endSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}
