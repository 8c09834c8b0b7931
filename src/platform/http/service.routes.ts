import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { isDatabaseReachable, migrationStatus } from '../db/database.ts';
import { ROLE_LABELS } from '../access/permissions.ts';
import { signedInActor } from './request-context.ts';

const healthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['reachable', 'unreachable']),
  migrations: z.object({ applied: z.number(), known: z.number(), current: z.boolean() }).nullable(),
});

const meResponse = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  roleLabel: z.string(),
  agency: z.string(),
});

/** Service-level endpoints: health for load balancers and monitoring, and who-am-I for API clients. */
export function registerServiceRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['service'], response: { 200: healthResponse, 503: healthResponse } },
    },
    async (_request, reply) => {
      const reachable = await isDatabaseReachable(deps.db);
      const migrations = reachable ? await migrationStatus(deps.db) : null;
      const ok = reachable && migrations?.current === true;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        database: reachable ? 'reachable' : 'unreachable',
        migrations,
      });
    }
  );

  api.get(
    '/api/v1/me',
    {
      config: { permission: 'home:view' },
      schema: { tags: ['service'], summary: 'The signed-in member of staff', response: { 200: meResponse } },
    },
    async (request) => {
      const actor = signedInActor(request);
      return {
        username: actor.username,
        displayName: actor.displayName,
        role: actor.role,
        roleLabel: ROLE_LABELS[actor.role],
        agency: actor.agencyName,
      };
    }
  );
}
