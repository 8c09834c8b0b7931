import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import type { Permission } from '../access/permissions.ts';
import { RecordAccess } from '../access/record-access.ts';
import { cookieName, lookUpSession, SESSION_COOKIE, type ActiveSession } from '../auth/session-store.ts';
import { writeAudit } from '../audit/audit-log.ts';
import { councilSettings } from '../council/council-settings.ts';
import type { CouncilSettings } from '../db/schema.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; every route declares one or is explicitly public. */
    permission?: Permission;
    public?: boolean;
    /** A partner system's route: authenticated by its agency's API key, never by a session. */
    partnerApiKey?: boolean;
    /** Reachable before the second factor is done (the second-factor and sign-out pages). */
    beforeSecondFactor?: boolean;
  }
  interface FastifyRequest {
    session: ActiveSession | null;
    /** Why a session cookie no longer works, so the sign-in page can say so. */
    sessionEnded: 'idle_timeout' | 'absolute_timeout' | null;
    /** The per-request record-access layer; only for routes that need a signed-in actor. */
    access: RecordAccess;
  }
}

export interface RequestContextDeps {
  db: Db;
  clock: Clock;
  /** Behind TLS the session cookie is `__Host-fd_session`. */
  secureCookies?: boolean;
}

/** Resolves the session cookie to an actor and gives each request its record-access layer. */
export function registerRequestContext(app: FastifyInstance, deps: RequestContextDeps): void {
  app.decorateRequest('session', null);
  app.decorateRequest('sessionEnded', null);
  app.decorateRequest('access', {
    getter(this: FastifyRequest) {
      return accessFor(this, deps);
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/')) return;
    await resolveSession(request, reply, deps);
  });
}

async function resolveSession(request: FastifyRequest, reply: FastifyReply, deps: RequestContextDeps) {
  const cookie = cookieName(SESSION_COOKIE, deps.secureCookies ?? false);
  const token = request.cookies[cookie];
  if (!token) return;
  const now = deps.clock.now();
  const lookup = await lookUpSession(deps.db, token, now);
  if (lookup.state === 'active') {
    request.session = lookup.session;
    return;
  }
  reply.clearCookie(cookie, { path: '/', secure: deps.secureCookies ?? false });
  if (lookup.state === 'unknown') return;
  request.sessionEnded = lookup.state;
  await writeAudit(
    deps.db,
    { action: 'auth.session_expired', reason: lookup.state, ip: request.ip, requestId: request.id },
    now
  );
}

const accessByRequest = new WeakMap<FastifyRequest, RecordAccess>();

function accessFor(request: FastifyRequest, deps: RequestContextDeps): RecordAccess {
  const actor = signedInActor(request);
  let access = accessByRequest.get(request);
  if (!access) {
    access = new RecordAccess(deps.db, deps.clock, actor, {
      ip: request.ip,
      requestId: request.id,
      page: request.routeOptions.url,
    });
    accessByRequest.set(request, access);
  }
  return access;
}

/** The actor of a fully signed-in session (password and, where needed, second factor). */
export function signedInActor(request: FastifyRequest): Actor {
  if (!request.session?.secondFactorDone) throw new Error('No signed-in actor on this request');
  return request.session.actor;
}

/** The council's settings for a page: as the request's session read them, or read now where it has none. */
export async function councilSettingsOf(request: FastifyRequest, db: Db): Promise<CouncilSettings> {
  return request.session?.councilSettings ?? councilSettings(db);
}
