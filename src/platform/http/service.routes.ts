import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { isDatabaseReachable, migrationStatus } from '../db/database.ts';
import { ROLE_LABELS, ROLES } from '../access/permissions.ts';
import { apiErrorResponse, STAFF_SESSION_SECURITY } from './openapi.ts';
import { signedInActor } from './request-context.ts';

const healthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['reachable', 'unreachable']),
  migrations: z.object({ applied: z.number(), known: z.number(), current: z.boolean() }).nullable(),
});

const meResponse = z
  .object({
    username: z.string(),
    displayName: z.string(),
    role: z.string().meta({ description: `The role's code: ${ROLES.join(', ')}.` }),
    roleLabel: z.string().meta({ description: 'The role as the service names it.' }),
    agency: z.string().meta({ description: 'The council or partner agency the member of staff works for.' }),
  })
  .meta({
    description: 'The signed-in member of staff',
    examples: [
      {
        username: 'sam.example',
        displayName: 'Sam Example',
        role: 'front_door_practitioner',
        roleLabel: ROLE_LABELS.front_door_practitioner,
        agency: 'Exampleshire Council',
      },
    ],
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
      schema: {
        tags: ['service'],
        security: STAFF_SESSION_SECURITY,
        summary: 'The signed-in member of staff',
        description: 'Who is signed in, for the service’s own pages. Partner API keys are not accepted.',
        response: {
          200: meResponse,
          401: apiErrorResponse('Not signed in', 'Sign in or present an API key'),
        },
      },
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
