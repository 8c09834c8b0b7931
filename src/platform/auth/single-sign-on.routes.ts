import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../http/app-deps.ts';
import { hitRateLimit } from './rate-limit.ts';
import { cookieName, createSession, endSession, setSessionCookie } from './session-store.ts';
import { safeReturnTo } from './return-to.ts';
import { CALLBACK_PATH, IdentityProvider, ProviderUnreachable } from './single-sign-on.ts';
import {
  auditSingleSignOnRefusal,
  saveSignInAttempt,
  SIGN_IN_ATTEMPT_MINUTES,
  signInWithIdentity,
  takeSignInAttempt,
  type SingleSignOnRefusal,
} from './single-sign-on.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** "Sign in with <provider>" for the sign-in page, or null when single sign-on is not configured. */
    singleSignOnButton: string | null;
  }
}

const ATTEMPT_COOKIE = 'fd_sign_in_attempt';
const ATTEMPT_LIMIT = { perMinute: 20 } as const;
const VIEWS = 'platform/auth/views';

/**
 * Sign-in through the council's OpenID Connect identity provider (issue 18): `/sign-in/oidc` sends the
 * browser to the provider, `/sign-in/oidc/callback` takes it back. Only when configured; local sign-in
 * stays either way.
 */
export function registerSingleSignOnRoutes(app: FastifyInstance, deps: AppDeps): void {
  const settings = deps.singleSignOn;
  if (!settings) {
    app.decorate('singleSignOnButton', null);
    return;
  }
  const { db, clock } = deps;
  const secure = deps.secureCookies ?? false;
  const provider = new IdentityProvider(settings, clock);
  app.decorate('singleSignOnButton', provider.buttonText);
  const origin = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id, now: clock.now() });

  const refused = async (
    request: FastifyRequest,
    reply: FastifyReply,
    reason: SingleSignOnRefusal | 'provider_unreachable'
  ) =>
    reply.code(REFUSAL_STATUS[reason] ?? 400).view(`${VIEWS}/single-sign-on-refused.njk`, {
      pageTitle: 'You could not be signed in',
      message: REFUSAL_MESSAGES[reason](settings.providerName),
    });

  /** The operator learns why (the network's error, never a person's details); the person is told plainly. */
  const unreachable = (request: FastifyRequest, reply: FastifyReply, error: ProviderUnreachable) => {
    request.log.warn({ issuer: settings.issuer.href, cause: String(error.cause) }, error.message);
    return refused(request, reply, 'provider_unreachable');
  };

  /** Starting sign-ins, and answers that match none, are limited per address; true once it has answered 429. */
  const overLimit = async (request: FastifyRequest, reply: FastifyReply) => {
    const limit = await hitRateLimit(
      db,
      `sign-in-sso:${request.ip}`,
      ATTEMPT_LIMIT.perMinute,
      60,
      clock.now()
    );
    if (limit.allowed) return false;
    reply.header('retry-after', String(limit.retryAfterSeconds));
    await reply
      .code(429)
      .view('platform/views/errors/too-many-requests.njk', { pageTitle: 'Too many attempts', ...limit });
    return true;
  };

  app.get('/sign-in/oidc', { config: { public: true } }, async (request, reply) => {
    if (request.session?.secondFactorDone) return reply.redirect('/', 303);
    if (await overLimit(request, reply)) return reply;
    const redirectUri = settings.redirectUrl?.href ?? `${request.protocol}://${request.host}${CALLBACK_PATH}`;
    let authorization;
    try {
      authorization = await provider.authorizationRequest(redirectUri);
    } catch (error) {
      if (error instanceof ProviderUnreachable) return unreachable(request, reply, error);
      throw error;
    }
    const returnTo = (request.query as { returnTo?: unknown }).returnTo;
    const token = await saveSignInAttempt(
      db,
      authorization.checks,
      returnTo === undefined ? undefined : safeReturnTo(returnTo),
      clock.now()
    );
    // Lax, so the browser sends it back when the provider redirects here (a top-level GET).
    reply.setCookie(cookieName(ATTEMPT_COOKIE, secure), token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: SIGN_IN_ATTEMPT_MINUTES * 60,
    });
    return reply.redirect(authorization.url.href, 303);
  });

  app.get(CALLBACK_PATH, { config: { public: true } }, async (request, reply) => {
    const token = request.cookies[cookieName(ATTEMPT_COOKIE, secure)];
    reply.clearCookie(cookieName(ATTEMPT_COOKIE, secure), { path: '/', secure });
    const attempt = token ? await takeSignInAttempt(db, token, clock.now()) : undefined;
    if (!attempt) {
      // Anyone can call this address: answers that match no sign-in are audited, but only so many.
      if (await overLimit(request, reply)) return reply;
      await auditSingleSignOnRefusal(db, 'attempt_missing', origin(request));
      return refused(request, reply, 'attempt_missing');
    }
    let answer;
    try {
      answer = await provider.finish(new URL(request.url, 'http://callback.invalid').searchParams, attempt);
    } catch (error) {
      if (error instanceof ProviderUnreachable) return unreachable(request, reply, error);
      throw error;
    }
    if ('refused' in answer) {
      await auditSingleSignOnRefusal(db, answer.refused, origin(request), undefined, answer.code);
      return refused(request, reply, answer.refused);
    }
    const result = await signInWithIdentity(db, answer.identity, settings, origin(request));
    if (result.outcome === 'refused') return refused(request, reply, result.reason);

    if (request.session) await endSession(db, request.session.tokenHash);
    // The provider's own second factor counts: the session is fully signed in.
    const session = await createSession(db, result.userId, {
      secondFactorDone: true,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      now: clock.now(),
    });
    setSessionCookie(reply, session, secure);
    return reply.redirect(safeReturnTo(attempt.returnTo ?? '/'), 303);
  });
}

const REFUSAL_STATUS: Partial<Record<SingleSignOnRefusal | 'provider_unreachable', number>> = {
  provider_unreachable: 503,
  no_staff_record: 403,
  deactivated: 403,
  ambiguous_email: 403,
  subject_mismatch: 403,
  subject_in_use: 403,
  email_missing: 403,
  email_unverified: 403,
};

const ASK_ADMINISTRATOR = 'If it keeps happening, tell your Front Door administrator.';
const START_AGAIN = 'Start again from the sign-in page.';

/**
 * What the person is told: what happened and what to do, naming the provider only after "at" or "from"
 * (a provider name, or the default "your organisation").
 */
const REFUSAL_MESSAGES: Record<SingleSignOnRefusal | 'provider_unreachable', (provider: string) => string> = {
  provider_unreachable: (provider) =>
    `Front Door cannot reach the sign-in service at ${provider} at the moment. Try again later, or sign in with your Front Door username and password if you have them.`,
  attempt_missing: () =>
    `The sign-in was started more than ${SIGN_IN_ATTEMPT_MINUTES} minutes ago, or in another browser. ${START_AGAIN}`,
  state_mismatch: (provider) =>
    `The answer from ${provider} did not match the sign-in this browser started, so Front Door did not accept it. ${START_AGAIN}`,
  provider_error: (provider) =>
    `You were not signed in at ${provider}: the sign-in may have been cancelled. ${START_AGAIN}`,
  wrong_audience: (provider) =>
    `The sign-in token from ${provider} was meant for another service, so Front Door did not accept it. ${START_AGAIN} ${ASK_ADMINISTRATOR}`,
  wrong_issuer: (provider) =>
    `The sign-in token did not come from ${provider}, so Front Door did not accept it. ${START_AGAIN} ${ASK_ADMINISTRATOR}`,
  token_expired: (provider) =>
    `The sign-in token from ${provider} had expired, so Front Door did not accept it. ${START_AGAIN} ${ASK_ADMINISTRATOR}`,
  nonce_mismatch: (provider) =>
    `The sign-in token from ${provider} was not made for this sign-in, so Front Door did not accept it. ${START_AGAIN}`,
  invalid_token: (provider) =>
    `The sign-in token from ${provider} could not be checked, so Front Door did not accept it. ${START_AGAIN} ${ASK_ADMINISTRATOR}`,
  email_missing: (provider) =>
    `The sign-in from ${provider} did not include your email address, so Front Door cannot tell which account is yours. Tell your Front Door administrator.`,
  email_unverified: (provider) =>
    `The email address given by ${provider} is not marked as verified, so Front Door cannot use it to find your account. Tell your Front Door administrator.`,
  no_staff_record: (provider) =>
    `There is no Front Door account for the email address you signed in with at ${provider}. Signing in does not create an account: ask your Front Door administrator to add you with that email address.`,
  deactivated: () =>
    'Your Front Door account has been deactivated. If you still need to use Front Door, ask your Front Door administrator.',
  ambiguous_email: () =>
    'More than one Front Door account has your email address, so Front Door cannot tell which is yours. Ask your Front Door administrator to correct the accounts.',
  subject_mismatch: (provider) =>
    `Your Front Door account is linked to a different account from the one you signed in with at ${provider}. Sign out at ${provider} and sign in with your own account, or ask your Front Door administrator.`,
  subject_in_use: (provider) =>
    `The account you signed in with at ${provider} is already linked to another Front Door account. Ask your Front Door administrator.`,
};
