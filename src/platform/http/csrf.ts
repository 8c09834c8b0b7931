import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cookieName } from '../auth/session-store.ts';
import { isApiRequest } from './route-guard.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** A token for this visitor's forms: put it in a hidden `_csrf` field. */
    generateCsrf(): string;
  }
}

export const CSRF_COOKIE = 'fd_csrf';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A form post whose token is missing or does not belong to this session: the form page says so. */
export class CsrfError extends Error {
  readonly statusCode = 403;
  constructor(readonly code: 'FST_CSRF_MISSING_SECRET' | 'FST_CSRF_INVALID_TOKEN') {
    super('The form had expired');
    this.name = 'CsrfError';
  }
}

/**
 * Every form post carries a token made from a secret tied to the visitor's session (derived from the
 * session cookie, see session-store.ts), so a CSRF cookie planted from a sibling host cannot make
 * tokens a signed-in session accepts. Before sign-in the secret is a random cookie (`__Host-` under
 * TLS). The JSON API authenticates without cookies and needs no token.
 */
export function registerCsrf(app: FastifyInstance, options: { secureCookies: boolean }): void {
  const cookie = cookieName(CSRF_COOKIE, options.secureCookies);

  app.decorateReply('generateCsrf', function (this: FastifyReply) {
    let secret = secretOf(this.request, cookie);
    if (!secret) {
      secret = randomBytes(32).toString('base64url');
      this.request.cookies[cookie] = secret;
      this.setCookie(cookie, secret, {
        path: '/',
        sameSite: 'strict',
        httpOnly: true,
        secure: options.secureCookies,
      });
    }
    return tokenFor(secret, randomBytes(12).toString('base64url'));
  });

  app.addHook('preHandler', (request, _reply, done) => {
    if (!STATE_CHANGING.has(request.method) || isApiRequest(request)) return done();
    const secret = secretOf(request, cookie);
    if (!secret) return done(new CsrfError('FST_CSRF_MISSING_SECRET'));
    const token = (request.body as { _csrf?: unknown } | undefined)?._csrf;
    return done(tokenMatches(secret, token) ? undefined : new CsrfError('FST_CSRF_INVALID_TOKEN'));
  });
}

function secretOf(request: FastifyRequest, cookie: string): string | undefined {
  if (request.session) return request.session.csrfSecret;
  const value = request.cookies[cookie];
  return value && SECRET_PATTERN.test(value) ? value : undefined;
}

function tokenFor(secret: string, salt: string): string {
  return `${salt}.${createHmac('sha256', secret).update(salt).digest('base64url')}`;
}

export function tokenMatches(secret: string, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const salt = token.split('.')[0] ?? '';
  if (!/^[A-Za-z0-9_-]{16}$/.test(salt)) return false;
  const expected = Buffer.from(tokenFor(secret, salt));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
