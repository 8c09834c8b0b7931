import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../clock.ts';
import { hasPermission, PERMISSIONS, type Permission } from '../access/permissions.ts';
import { writeAudit } from '../audit/audit-log.ts';
import { requirePartnerApiKey } from '../auth/api-key.ts';

/** What each route needs: the basis of the role × route test matrix and the docs. */
export interface DeclaredRoute {
  method: string;
  url: string;
  /** null for a public or partner-system route. */
  permission: Permission | null;
  partnerApiKey: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    declaredRoutes: DeclaredRoute[];
  }
}

export class UndeclaredPermissionError extends Error {
  constructor(route: Pick<RouteOptions, 'method' | 'url'>) {
    super(
      `Route ${String(route.method)} ${route.url} declares no permission: add config.permission or config.public`
    );
    this.name = 'UndeclaredPermissionError';
  }
}

/** Static files (stylesheets, fonts, scripts) are public: the one place routes are public by path. */
const PUBLIC_PREFIX = '/assets/';

/**
 * Fails start-up when a route declares neither a known permission, nor `public: true`, nor
 * `partnerApiKey: true` (a partner system's route, authenticated by its API key).
 */
export function checkRouteDeclaresPermission(route: RouteOptions): void {
  if (route.url.startsWith(PUBLIC_PREFIX)) route.config = { ...route.config, public: true };
  const config = route.config as
    { permission?: string; public?: boolean; partnerApiKey?: boolean } | undefined;
  const declared =
    config?.public === true ||
    config?.partnerApiKey === true ||
    PERMISSIONS.includes(config?.permission as never);
  if (!declared) throw new UndeclaredPermissionError(route);
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * Before every route's validation and handler: signed out → sign in; second factor pending → finish it; role lacks
 * the route's permission → 403, audited as a refusal.
 */
export function registerRouteGuard(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const catalogue: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', catalogue);
  app.addHook('onRoute', (route) => {
    checkRouteDeclaresPermission(route);
    // The key is checked before the body is even read, so the route can never be reached without one.
    if (route.config?.partnerApiKey)
      route.onRequest = [requirePartnerApiKey(deps), ...[route.onRequest ?? []].flat()];
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || route.url.startsWith(PUBLIC_PREFIX)) continue;
      catalogue.push({
        method,
        url: route.url,
        permission: route.config?.permission ?? null,
        partnerApiKey: route.config?.partnerApiKey === true,
      });
    }
  });
  // Before validation, so a caller without access learns nothing from validation errors.
  app.addHook('preValidation', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.public || config.partnerApiKey || request.is404) return;
    const session = request.session;
    if (!session) return askToSignIn(request, reply);
    if (!session.secondFactorDone && !config.beforeSecondFactor) {
      return reply.redirect(session.totpEnabled ? '/sign-in/second-factor' : '/account/second-factor', 303);
    }
    if (config.permission && !hasPermission(session.actor.role, config.permission)) {
      await writeAudit(
        deps.db,
        {
          action: 'access.denied',
          actorUserId: session.actor.userId,
          actorRole: session.actor.role,
          actorAgencyId: session.actor.agencyId,
          ip: request.ip,
          requestId: request.id,
          details: { route: request.routeOptions.url, method: request.method, permission: config.permission },
        },
        deps.clock.now()
      );
      return refuse(request, reply);
    }
  });
}

function askToSignIn(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(request)) return reply.code(401).send({ error: 'Sign in or present an API key' });
  const query = new URLSearchParams();
  if (request.method === 'GET') query.set('returnTo', request.url);
  if (request.sessionEnded) query.set('ended', request.sessionEnded);
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return reply.redirect(`/sign-in${search}`, 303);
}

function refuse(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(request)) return reply.code(403).send({ error: 'You do not have permission to do this' });
  return reply
    .code(403)
    .view('platform/views/errors/forbidden.njk', { pageTitle: 'You do not have permission' });
}
