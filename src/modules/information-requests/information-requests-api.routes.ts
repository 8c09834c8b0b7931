import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { watchApiKeyForUnusualAccess } from '../../platform/access/unusual-access-watch.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditEntry } from '../../platform/audit/audit-log.ts';
import { writeAudit } from '../../platform/audit/audit-log.ts';
import { partnerApiKeyOf } from '../../platform/auth/api-key.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import {
  answeredResponse,
  openRequestsResponse,
  responseBodySchema,
} from './information-requests-api.schema.ts';
import { findRequest, listOpenRequestsForAgency, recordResponse } from './information-requests.service.ts';

const error = z.object({ error: z.string() });
const validationResponse = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).meta({
    description: 'Each problem, with the JSON path of the field, for example /summary.',
  }),
});
const params = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647).meta({ description: 'The request id.' }),
});

const AUTHENTICATION =
  'Authenticate with your agency’s API key: `Authorization: Bearer fdk_…` (or `X-API-Key: fdk_…`). Every use is recorded.';

/** Partner systems read their agency's open requests and answer them, as their staff do on the web. */
export function registerInformationRequestApiRoutes(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock }
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const common = { tags: ['partner'], security: [{ partnerApiKey: [] }] };
  const unauthorised = error.meta({
    description: 'No API key, or one that is not valid or has been revoked',
  });
  const tooMany = error.meta({
    description: 'Too many requests with this key; wait for Retry-After seconds',
  });

  api.get(
    '/api/v1/information-requests',
    {
      config: { partnerApiKey: true },
      schema: {
        ...common,
        summary: 'List your agency’s open information requests',
        description: `The front door’s open questions to your agency, soonest due first, each with the minimum needed to identify the child.\n\n${AUTHENTICATION}`,
        response: { 200: openRequestsResponse, 401: unauthorised, 429: tooMany },
      },
    },
    async (request) => {
      const key = partnerApiKeyOf(request);
      const now = deps.clock.now();
      const rows = await listOpenRequestsForAgency(deps.db, key.agencyId, now);
      await auditApiUse(deps, request, {
        action: 'information_request.list',
        recordType: 'information_request',
        details: { apiKeyId: key.id, results: rows.length },
      });
      return {
        requests: rows.map((row) => ({
          id: row.id,
          version: row.version,
          question: row.question,
          consentStatus: row.consent_status,
          lawfulBasis: row.lawful_basis,
          requestedAt: row.requested_at.toISOString(),
          requestedBy: { name: row.requested_by_name, email: row.requested_by_email },
          dueAt: row.due_at.toISOString(),
          late: row.state === 'late',
          child: {
            givenName: row.given_name,
            familyName: row.family_name,
            dateOfBirth: row.date_of_birth,
            address: row.line1
              ? { line1: row.line1, line2: row.line2, town: row.town!, postcode: row.postcode! }
              : null,
          },
        })),
      };
    }
  );

  api.post(
    '/api/v1/information-requests/:id/response',
    {
      config: { partnerApiKey: true },
      schema: {
        ...common,
        summary: 'Answer an information request',
        description: `Records what your agency knows about the child: the summary is required. A request can be answered once.\n\n${AUTHENTICATION}`,
        params,
        body: responseBodySchema,
        response: {
          200: answeredResponse.meta({ description: 'Saved' }),
          400: validationResponse.meta({ description: 'The body is not valid' }),
          401: unauthorised,
          404: error.meta({ description: 'No such request for your agency' }),
          409: error.meta({
            description: 'The request was answered, withdrawn or changed since you read it',
          }),
          429: tooMany,
        },
      },
    },
    async (request, reply) => {
      const key = partnerApiKeyOf(request);
      const { id } = request.params;
      const found = await findRequest(deps.db, id);
      // An API key has no named grants, so a restricted child is never written about through it.
      const refusal = !found
        ? 'no_such_record'
        : found.agency_id !== key.agencyId
          ? 'agency_scope'
          : found.child_restricted
            ? 'restricted'
            : undefined;
      if (!found || refusal) {
        await auditApiUse(deps, request, {
          action: 'access.denied',
          recordType: 'information_request',
          recordId: id,
          details: {
            apiKeyId: key.id,
            attempted: 'information_request.respond',
            reason: refusal,
          },
        });
        // A partner system trying ids that are not its agency's is told to administrators.
        await watchApiKeyForUnusualAccess(deps.db, { id: key.id, agencyId: key.agencyId }, deps.clock.now());
        return reply.code(404).send({ error: 'Not found' });
      }
      const { version, ...answer } = request.body;
      const now = deps.clock.now();
      try {
        await deps.db.transaction().execute(async (trx) => {
          await recordResponse(trx, found, version ?? found.version, answer, { userId: null, now });
          await auditApiUse(
            deps,
            request,
            {
              action: 'information_request.respond',
              recordType: 'information_request',
              recordId: id,
              details: { apiKeyId: key.id, contactChildId: found.contact_child_id, agencyId: key.agencyId },
            },
            trx
          );
        });
      } catch (caught) {
        if (!(caught instanceof EditConflictError)) throw caught;
        return reply.code(409).send({
          error:
            'This request was answered, withdrawn or changed since you read it. Read it again with GET /api/v1/information-requests before answering.',
        });
      }
      return { id, status: 'answered' as const, respondedAt: now.toISOString() };
    }
  );
}

/** As the contact API does: the key's agency is the actor, and the key is named in the details. */
function auditApiUse(
  deps: { db: Db; clock: Clock },
  request: FastifyRequest,
  entry: Omit<AuditEntry, 'actorUserId' | 'actorAgencyId' | 'ip' | 'requestId'>,
  db: Db = deps.db
): Promise<void> {
  return writeAudit(
    db,
    {
      ...entry,
      actorUserId: null,
      actorAgencyId: partnerApiKeyOf(request).agencyId,
      ip: request.ip,
      requestId: request.id,
    },
    deps.clock.now()
  );
}
