import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { writeAudit } from '../audit/audit-log.ts';
import { hashToken } from './session-store.ts';
import type { AuthorizationChecks, ProviderIdentity, TokenRefusal } from './single-sign-on.ts';

/** Long enough to sign in at the provider (with its second factor); a sign-in left longer starts again. */
export const SIGN_IN_ATTEMPT_MINUTES = 10;

interface Origin {
  ip: string;
  requestId: string;
  now: Date;
}

/** Why the person the provider vouched for was not let in. */
export type AccountRefusal =
  | 'email_missing'
  | 'email_unverified'
  | 'no_staff_record'
  | 'deactivated'
  | 'ambiguous_email'
  | 'subject_mismatch'
  | 'subject_in_use';

export type SingleSignOnRefusal = TokenRefusal | AccountRefusal | 'attempt_missing';

/** Keeps a sign-in's checks until the browser comes back, and answers the cookie that finds them. */
export async function saveSignInAttempt(
  db: Db,
  checks: AuthorizationChecks,
  returnTo: string | undefined,
  now: Date
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.deleteFrom('sign_in_attempt').where('created_at', '<', attemptsStartedAfter(now)).execute();
  await db
    .insertInto('sign_in_attempt')
    .values({
      token_hash: hashToken(token),
      state: checks.state,
      nonce: checks.nonce,
      code_verifier: checks.codeVerifier,
      redirect_uri: checks.redirectUri,
      return_to: returnTo ?? null,
      created_at: now,
    })
    .execute();
  return token;
}

/** The sign-in this cookie started, removed as it is read so the provider's answer is accepted once. */
export async function takeSignInAttempt(
  db: Db,
  token: string,
  now: Date
): Promise<(AuthorizationChecks & { returnTo: string | null }) | undefined> {
  const row = await db
    .deleteFrom('sign_in_attempt')
    .where('token_hash', '=', hashToken(token))
    .returningAll()
    .executeTakeFirst();
  if (!row || row.created_at < attemptsStartedAfter(now)) return undefined;
  return {
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    redirectUri: row.redirect_uri,
    returnTo: row.return_to,
  };
}

function attemptsStartedAfter(now: Date): Date {
  return new Date(now.getTime() - SIGN_IN_ATTEMPT_MINUTES * 60_000);
}

/**
 * Finds the staff account for the person the provider vouched for, and records the sign-in.
 *
 * The account is the one active account with the provider's verified email, matched without regard to case;
 * sign-in never creates one. At the first sign-in the provider's identity (issuer and subject) is kept on
 * the account; afterwards only that identity may use it, so an email address handed to someone else does
 * not hand over the account. The refusal, or the sign-in, is audited with the same transaction.
 */
export function signInWithIdentity(
  db: Db,
  identity: ProviderIdentity,
  options: { trustEmailClaim: boolean },
  origin: Origin
): Promise<{ outcome: 'signed_in'; userId: number } | { outcome: 'refused'; reason: AccountRefusal }> {
  return db.transaction().execute(async (trx) => {
    const refuse = async (reason: AccountRefusal, user?: { id: number; role: string }) => {
      await auditSingleSignOnRefusal(trx, reason, origin, user);
      return { outcome: 'refused' as const, reason };
    };
    if (!identity.email) return refuse('email_missing');
    const verified = identity.emailVerified ?? (options.trustEmailClaim ? true : undefined);
    if (verified !== true) return refuse('email_unverified');

    const accounts = await trx
      .selectFrom('staff_user')
      .select(['id', 'role', 'agency_id', 'active', 'sso_issuer', 'sso_subject'])
      .where(sql<string>`lower(email)`, '=', identity.email.trim().toLowerCase())
      .forUpdate()
      .execute();
    const active = accounts.filter((account) => account.active);
    if (active.length === 0) {
      const [deactivated] = accounts;
      return deactivated ? refuse('deactivated', deactivated) : refuse('no_staff_record');
    }
    if (active.length > 1) return refuse('ambiguous_email');
    const user = active[0]!;

    const firstSignIn = user.sso_subject === null;
    if (!firstSignIn && (user.sso_issuer !== identity.issuer || user.sso_subject !== identity.subject))
      return refuse('subject_mismatch', user);
    if (firstSignIn) {
      const holder = await trx
        .selectFrom('staff_user')
        .select('id')
        .where('sso_issuer', '=', identity.issuer)
        .where('sso_subject', '=', identity.subject)
        .executeTakeFirst();
      if (holder) return refuse('subject_in_use', user);
    }
    await trx
      .updateTable('staff_user')
      .set({
        last_sign_in_at: origin.now,
        ...(firstSignIn ? { sso_issuer: identity.issuer, sso_subject: identity.subject } : {}),
      })
      .where('id', '=', user.id)
      .execute();
    await writeAudit(
      trx,
      {
        action: 'auth.sign_in',
        actorUserId: user.id,
        actorRole: user.role,
        actorAgencyId: user.agency_id,
        ip: origin.ip,
        requestId: origin.requestId,
        details: { method: 'single_sign_on', firstSignIn },
      },
      origin.now
    );
    return { outcome: 'signed_in' as const, userId: user.id };
  });
}

/**
 * A refused single sign-on: the reason and, for a known account, who — never the email or the provider's
 * subject, which stay with the provider.
 */
export async function auditSingleSignOnRefusal(
  db: Db,
  reason: SingleSignOnRefusal,
  origin: Origin,
  user?: { id: number; role: string },
  errorCode?: string
): Promise<void> {
  await writeAudit(
    db,
    {
      action: 'auth.sign_in_failed',
      actorUserId: user?.id ?? null,
      actorRole: user?.role ?? null,
      ip: origin.ip,
      requestId: origin.requestId,
      // The provider's error (access_denied…) comes through the browser: kept only when it looks like a code.
      details: {
        method: 'single_sign_on',
        reason,
        ...(errorCode && /^[\w.-]{1,60}$/.test(errorCode) ? { errorCode } : {}),
      },
    },
    origin.now
  );
}
