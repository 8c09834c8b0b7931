import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/http/app-deps.ts';
import { formError, formErrors, mergeFormErrors } from '../../../platform/http/forms.ts';
import { hitRateLimit } from '../../../platform/auth/rate-limit.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import {
  CouncilAlreadySetUpError,
  councilSetUpForm,
  hasNoCouncil,
  initialiseCouncil,
} from './council-initialisation.ts';
import { isFirstRunCode } from './first-run-code.ts';
import { siteLink } from '../admin-pages.ts';
import { openSetUpLink, SET_UP_PATH, useSetUpLink, type OpenedLink } from './set-up-links.ts';
import { MIN_PASSWORD_LENGTH, passwordForm } from './password-rules.ts';

const VIEWS = 'modules/administration/set-up/views';
const PUBLIC = { config: { public: true } } as const;
/** Guesses at the first-run code or at set-up links, per address per minute. */
const ATTEMPTS_PER_MINUTE = 10;
const tokenQuery = z.object({ token: z.string().max(100).catch('') });

const LINK_PROBLEMS: Record<Exclude<OpenedLink['state'], 'valid'>, { heading: string; message: string }> = {
  expired: {
    heading: 'This link has expired',
    message: 'Set-up links work for 7 days. Ask your administrator for a new one.',
  },
  used: {
    heading: 'This link has already been used',
    message:
      'A set-up link works once. If you chose your password, sign in with it; if not, ask your administrator for a new link.',
  },
  unknown: {
    heading: 'This link does not work',
    message:
      'Check you copied the whole link. A link stops working when a newer one is made or the account is deactivated: ask your administrator for a new one.',
  },
};

/**
 * The first-run page, which sets up a council in an empty database (with the code printed on the
 * server's terminal), and the one-time links through which staff choose their passwords.
 */
export function registerFirstRunRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock } = deps;
  // Once a council exists it always will, so the question is asked only until the answer is yes.
  let councilExists = false;
  const noCouncilYet = async () => {
    if (!councilExists) councilExists = !(await hasNoCouncil(db));
    return !councilExists;
  };
  const tooManyAttempts = async (request: FastifyRequest, reply: FastifyReply, what: string) => {
    const limit = await hitRateLimit(db, `${what}:${request.ip}`, ATTEMPTS_PER_MINUTE, 60, clock.now());
    if (limit.allowed) return null;
    reply.header('retry-after', String(limit.retryAfterSeconds));
    return reply
      .code(429)
      .view('platform/views/errors/too-many-requests.njk', { pageTitle: 'Too many attempts', ...limit });
  };

  // With no council, the home page and sign-in lead to setting one up (nobody could sign in anyway).
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !['/', '/sign-in'].includes(request.url.split('?')[0]!)) return;
    if (await noCouncilYet()) return reply.redirect('/set-up', 303);
  });

  app.get('/set-up', PUBLIC, async (_request, reply) => {
    if (!(await noCouncilYet())) return reply.redirect('/sign-in', 303);
    return reply.view(`${VIEWS}/first-run.njk`, { pageTitle: 'Set up your council', values: {} });
  });

  app.post('/set-up', PUBLIC, async (request, reply) => {
    if (!(await noCouncilYet())) return reply.redirect('/sign-in', 303);
    const limited = await tooManyAttempts(request, reply, 'first-run');
    if (limited) return limited;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { _csrf: _token, ...values } = body;
    const show = (errors: ReturnType<typeof formErrors>) =>
      reply.code(400).view(`${VIEWS}/first-run.njk`, { pageTitle: 'Set up your council', values, errors });
    const parsed = councilSetUpForm.safeParse(body);
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const missingCode = code ? [] : [formError('code', "Enter the set-up code from the server's terminal")];
    if (!code || !parsed.success)
      return show(mergeFormErrors([...missingCode, ...(parsed.success ? [] : [formErrors(parsed.error)])]));
    if (!(await isFirstRunCode(db, code, clock.now())))
      return show(
        formError(
          'code',
          "The set-up code is not right or has expired: check the server's terminal, or restart Front Door for a new one"
        )
      );
    try {
      const council = await initialiseCouncil(db, parsed.data, clock.now());
      councilExists = true;
      return reply.view(`${VIEWS}/first-run-done.njk`, {
        pageTitle: 'Council set up',
        councilName: parsed.data.councilName,
        adminName: parsed.data.adminName,
        adminUsername: council.adminUsername,
        linkUrl: siteLink(request, council.link).url,
        expiresAt: formatUk(council.link.expiresAt, UK_FORMATS.timeOnDate),
      });
    } catch (error) {
      if (!(error instanceof CouncilAlreadySetUpError)) throw error;
      councilExists = true;
      return reply.redirect('/sign-in', 303);
    }
  });

  app.get(SET_UP_PATH, PUBLIC, async (request, reply) => {
    const { token } = tokenQuery.parse(request.query ?? {});
    const link = await openSetUpLink(db, token, clock.now());
    if (link.state !== 'valid') return linkProblem(reply, link.state);
    return showPasswordForm(reply, token, link);
  });

  app.post(SET_UP_PATH, PUBLIC, async (request, reply) => {
    const limited = await tooManyAttempts(request, reply, 'set-up-link');
    if (limited) return limited;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' ? body.token.slice(0, 100) : '';
    const link = await openSetUpLink(db, token, clock.now());
    if (link.state !== 'valid') return linkProblem(reply, link.state);
    const parsed = passwordForm(link.email).safeParse(body);
    if (!parsed.success) return showPasswordForm(reply.code(400), token, link, formErrors(parsed.error));
    const origin = { ip: request.ip, requestId: request.id, now: clock.now() };
    if (!(await useSetUpLink(db, token, parsed.data.password, origin))) return linkProblem(reply, 'used');
    return reply.view(`${VIEWS}/set-up-account-result.njk`, {
      pageTitle: 'Password saved',
      heading: 'Your password is saved',
      message: `Sign in as ${link.username} with your new password. You will then set up a second factor with an authenticator app.`,
    });
  });
}

function showPasswordForm(
  reply: FastifyReply,
  token: string,
  link: Extract<OpenedLink, { state: 'valid' }>,
  errors?: ReturnType<typeof formErrors>
) {
  return reply.view(`${VIEWS}/set-up-account.njk`, {
    pageTitle: 'Choose your password',
    token,
    username: link.username,
    displayName: link.displayName,
    minLength: MIN_PASSWORD_LENGTH,
    errors,
  });
}

function linkProblem(reply: FastifyReply, state: Exclude<OpenedLink['state'], 'valid'>) {
  return reply.code(410).view(`${VIEWS}/set-up-account-result.njk`, {
    pageTitle: LINK_PROBLEMS[state].heading,
    ...LINK_PROBLEMS[state],
  });
}
