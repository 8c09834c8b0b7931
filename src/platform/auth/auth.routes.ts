import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import QRCode from 'qrcode';
import type { Db } from '../db/database.ts';
import type { Clock } from '../clock.ts';
import type { AuditAction } from '../audit/audit-events.ts';
import { formError, formErrors } from '../http/forms.ts';
import { hitRateLimit } from './rate-limit.ts';
import {
  cookieName,
  createSession,
  endSession,
  rotateAfterSecondFactor,
  SESSION_COOKIE,
  setSessionCookie,
} from './session-store.ts';
import { checkPassword, checkSecondFactorCode, type CodeCheck } from './sign-in.service.ts';
import { totpUri } from './totp.ts';
import {
  accountOf,
  auditAccountStep,
  completeSecondFactorEnrolment,
  startSecondFactorEnrolment,
} from './account.service.ts';
import { safeReturnTo } from './return-to.ts';

const SIGN_IN_LIMIT = { perMinute: 20 } as const;

const signInForm = z.object({
  username: z
    .string({ error: 'Enter your username' })
    .trim()
    .min(1, 'Enter your username')
    .max(100, 'Username must be 100 characters or fewer'),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(200, 'Password must be 200 characters or fewer'),
  returnTo: z.unknown().optional(),
});

const codeForm = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from your authenticator app' })
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the 6-digit code from your authenticator app')
        .regex(/^\d{6}$/, 'The code must be 6 digits')
    ),
});

const VIEWS = 'platform/auth/views';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  secureCookies: boolean;
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { db, clock } = deps;
  const origin = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id, now: clock.now() });
  const auditAuth = (request: FastifyRequest, action: AuditAction, userId: number) =>
    auditAccountStep(db, action, userId, origin(request));
  const sessionUser = (request: FastifyRequest) => accountOf(db, request.session!.actor.userId);

  /** The second factor is done: the session gets a new token (the old one stops working). */
  async function signedInFully(request: FastifyRequest, reply: FastifyReply, userId: number) {
    const token = await rotateAfterSecondFactor(db, request.session!.tokenHash, userId, {
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      now: clock.now(),
    });
    setSessionCookie(reply, token, deps.secureCookies);
  }

  /** With the single sign-on button when the council's identity provider is configured. */
  const signInPage = (reply: FastifyReply, context: Record<string, unknown>) =>
    reply.view(`${VIEWS}/sign-in.njk`, {
      pageTitle: 'Sign in',
      singleSignOnButton: app.singleSignOnButton,
      ...context,
    });

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.session?.secondFactorDone) return reply.redirect('/', 303);
    const query = request.query as { returnTo?: string; signedOut?: string; ended?: string };
    return signInPage(reply, {
      values: { returnTo: query.returnTo },
      notice: signInNotice(request.sessionEnded ?? query.ended, query.signedOut === '1'),
    });
  });

  app.post('/sign-in', { config: { public: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { username: body.username, returnTo: body.returnTo };
    const limit = await hitRateLimit(db, `sign-in:${request.ip}`, SIGN_IN_LIMIT.perMinute, 60, clock.now());
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      return reply
        .code(429)
        .view('platform/views/errors/too-many-requests.njk', { pageTitle: 'Too many attempts', ...limit });
    }
    const parsed = signInForm.safeParse(body);
    if (!parsed.success) {
      return signInPage(reply.code(400), { values, errors: formErrors(parsed.error) });
    }
    const result = await checkPassword(db, parsed.data.username, parsed.data.password, origin(request));
    if (result.outcome === 'refused') {
      const message =
        'Enter a correct username and password. After 5 failed attempts an account is locked for a short time.';
      return signInPage(reply.code(400), { values, errors: formError('username', message) });
    }
    if (request.session) await endSession(db, request.session.tokenHash);
    const token = await createSession(db, result.user.id, {
      secondFactorDone: !result.needsSecondFactor,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      now: clock.now(),
    });
    setSessionCookie(reply, token, deps.secureCookies);
    // Only a path on this site, so a crafted link cannot bounce a user to another site after sign-in.
    if (!result.needsSecondFactor) return reply.redirect(safeReturnTo(parsed.data.returnTo), 303);
    return reply.redirect(
      result.user.totp_enabled ? '/sign-in/second-factor' : '/account/second-factor',
      303
    );
  });

  const secondFactorRoute = { config: { permission: 'account:manage', beforeSecondFactor: true } } as const;

  app.get('/sign-in/second-factor', secondFactorRoute, async (request, reply) => {
    if (request.session?.secondFactorDone) return reply.redirect('/', 303);
    return reply.view(`${VIEWS}/second-factor.njk`, { pageTitle: 'Enter your security code' });
  });

  app.post('/sign-in/second-factor', secondFactorRoute, async (request, reply) => {
    const session = request.session!;
    if (session.secondFactorDone) return reply.redirect('/', 303);
    const parsed = codeForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.code(400).view(`${VIEWS}/second-factor.njk`, {
        pageTitle: 'Enter your security code',
        errors: formErrors(parsed.error),
      });
    }
    const user = await sessionUser(request);
    const check = await checkSecondFactorCode(db, user.id, parsed.data.code, clock.now());
    if (check !== 'passed') {
      await auditAuth(request, 'auth.second_factor_failed', user.id);
      return reply.code(400).view(`${VIEWS}/second-factor.njk`, {
        pageTitle: 'Enter your security code',
        errors: formError('code', CODE_REFUSED[check]),
      });
    }
    await signedInFully(request, reply, user.id);
    await auditAuth(request, 'auth.second_factor_passed', user.id);
    return reply.redirect('/', 303);
  });

  app.get('/account/second-factor', secondFactorRoute, async (request, reply) => {
    const user = await sessionUser(request);
    if (user.totp_enabled)
      return reply.view(`${VIEWS}/second-factor-set-up.njk`, {
        pageTitle: 'Second factor',
        alreadySetUp: true,
      });
    const secret = await startSecondFactorEnrolment(db, user.id);
    return renderEnrolment(reply, user.username, secret, request.session!.secondFactorDone);
  });

  app.post('/account/second-factor', secondFactorRoute, async (request, reply) => {
    const session = request.session!;
    const user = await sessionUser(request);
    if (user.totp_enabled || !user.totp_secret) return reply.redirect('/account/second-factor', 303);
    const parsed = codeForm.safeParse(request.body ?? {});
    const check = parsed.success
      ? await checkSecondFactorCode(db, user.id, parsed.data.code, clock.now())
      : null;
    if (check !== 'passed') {
      const errors =
        check === null
          ? formErrors(parsed.error!)
          : formError(
              'code',
              check === 'wrong'
                ? 'The code is not right. Scan the QR code again and enter the current code'
                : CODE_REFUSED[check]
            );
      return renderEnrolment(
        reply.code(400),
        user.username,
        user.totp_secret,
        session.secondFactorDone,
        errors
      );
    }
    await completeSecondFactorEnrolment(db, user.id, origin(request));
    if (!session.secondFactorDone) await signedInFully(request, reply, user.id);
    return reply.redirect('/', 303);
  });

  app.post('/sign-out', secondFactorRoute, async (request, reply) => {
    const session = request.session!;
    await endSession(db, session.tokenHash);
    await auditAuth(request, 'auth.sign_out', session.actor.userId);
    reply.clearCookie(cookieName(SESSION_COOKIE, deps.secureCookies), {
      path: '/',
      secure: deps.secureCookies,
    });
    return reply.redirect('/sign-in?signedOut=1', 303);
  });
}

async function renderEnrolment(
  reply: FastifyReply,
  username: string,
  secret: string,
  signedIn: boolean,
  errors?: unknown
) {
  const qrSvg = await QRCode.toString(totpUri(secret, username), { type: 'svg', margin: 1, width: 200 });
  return reply.view(`${VIEWS}/second-factor-set-up.njk`, {
    pageTitle: 'Set up your second factor',
    qrSvg,
    secret: secret.match(/.{1,4}/g)?.join(' '),
    required: !signedIn,
    errors,
  });
}

const CODE_REFUSED: Record<Exclude<CodeCheck, 'passed'>, string> = {
  wrong:
    'The code is not right. Check your authenticator app and enter the current code. After 5 failed attempts the account is locked for a short time.',
  reused:
    'That code has already been used. Wait for your authenticator app to show a new code, then enter it.',
  locked:
    'There have been too many failed attempts, so the account is locked for a short time. Wait a few minutes, then enter the current code.',
};

function signInNotice(ended: string | null | undefined, signedOut: boolean): string | null {
  if (ended === 'idle_timeout')
    return 'You were signed out because you had not used Front Door for 30 minutes. Sign in again to continue.';
  if (ended === 'absolute_timeout')
    return 'You were signed out because you had been signed in for 12 hours. Sign in again to continue.';
  if (signedOut) return 'You have signed out.';
  return null;
}
