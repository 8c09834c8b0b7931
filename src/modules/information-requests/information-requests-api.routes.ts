import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { watchApiKeyForUnusualAccess } from '../../platform/access/unusual-access-watch.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditEntry } from '../../platform/audit/audit-log.ts';
import { writeAudit } from '../../platform/audit/audit-log.ts';
import { partnerApiKeyOf } from '../../platform/auth/api-key.ts';
import {
  apiErrorResponse,
  PARTNER_API_KEY_SECURITY,
  partnerKeyRefusedResponse,
  requestProblemResponse,
  tooManyRequestsResponse,
} from '../../platform/http/openapi.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import {
  answeredResponse,
  openRequestsResponse,
  responseBodySchema,
} from './information-requests-api.schema.ts';
import {
  answerableByApiKey,
  findRequest,
  listOpenRequestsForAgency,
  NotAskedAboutError,
  recordResponse,
} from './information-requests.service.ts';
import { lawfulBasisOf, lawfulBasisText } from '../../shared/lawful-basis.ts';

const params = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .meta({ description: 'The request id.', examples: [7] }),
});

const AUTHENTICATION =
  'Authenticate with your agency’s API key: `Authorization: Bearer fdk_…` (or `X-API-Key: fdk_…`). Every use is recorded.';

/** Partner systems read their agency's open requests and answer them, as their staff do on the web. */
export function registerInformationRequestApiRoutes(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock }
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const common = { tags: ['partner'], security: PARTNER_API_KEY_SECURITY };
  const unauthorised = partnerKeyRefusedResponse;
  const tooMany = tooManyRequestsResponse;

  api.get(
    '/api/v1/information-requests',
    {
      config: { partnerApiKey: true },
      schema: {
        ...common,
        summary: 'List your agency’s open information requests',
        description: `The front door’s open questions to your agency, soonest due first, each with the minimum needed to identify the child.\n\n${AUTHENTICATION}`,
        response: { 200: openRequestsResponse, 401: unauthorised(), 429: tooMany() },
      },
    },
    async (request) => {
      const key = partnerApiKeyOf(request);
      const now = deps.clock.now();
      const rows = await listOpenRequestsForAgency(deps.db, key.agencyId, now);
      // Every person shown is named in the audit, as a person's access log needs.
      await auditApiUse(deps, request, {
        action: 'information_request.list',
        recordType: 'information_request',
        details: {
          apiKeyId: key.id,
          results: rows.length,
          personIds: [...new Set(rows.flatMap((row) => row.people.map((person) => person.person_id)))],
        },
      });
      return {
        requests: rows.map((row) => ({
          id: row.id,
          version: row.version,
          question: row.question,
          consentStatus: row.consent_status,
          lawfulBasis: lawfulBasisText(lawfulBasisOf(row)),
          lawfulBasisCodes:
            row.lawful_basis_personal_data && row.lawful_basis_special_category
              ? {
                  personalData: row.lawful_basis_personal_data,
                  specialCategory: row.lawful_basis_special_category,
                }
              : null,
          requestedAt: row.requested_at.toISOString(),
          requestedBy: { name: row.requested_by_name, email: row.requested_by_email },
          dueAt: row.due_at.toISOString(),
          late: row.state === 'late',
          child: personOut(row.people.find((person) => person.person_id === row.anchor_person_id)!),
          people: row.people.map((person) => ({
            id: person.id,
            role: person.role,
            relationship: person.relationship,
            ...personOut(person),
          })),
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
        description: `Records what your agency knows about the child and family: the summary is required. Answer about each person the request names in \`people\`, quoting their \`people[].id\`. A request can be answered once.\n\n${AUTHENTICATION}`,
        params,
        body: responseBodySchema,
        response: {
          200: answeredResponse,
          400: requestProblemResponse('The body or the request id is not valid', {
            path: '/summary',
            message: 'Enter a summary of what your agency knows',
          }),
          422: apiErrorResponse(
            'The answer names a person the request does not ask about',
            notAskedAboutMessage(43)
          ),
          401: unauthorised(),
          404: apiErrorResponse('No such request for your agency', 'Not found'),
          409: apiErrorResponse(
            'The request was answered, withdrawn or changed since you read it',
            CHANGED_MESSAGE
          ),
          429: tooMany(),
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
          await recordResponse(trx, found, version ?? found.version, answer, {
            userId: null,
            now,
            answerable: await answerableByApiKey(trx, id),
          });
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
        if (caught instanceof NotAskedAboutError)
          return reply.code(422).send({ error: notAskedAboutMessage(caught.askedId) });
        if (!(caught instanceof EditConflictError)) throw caught;
        return reply.code(409).send({ error: CHANGED_MESSAGE });
      }
      return { id, status: 'answered' as const, respondedAt: now.toISOString() };
    }
  );
}

const CHANGED_MESSAGE =
  'This request was answered, withdrawn or changed since you read it. Read it again with GET /api/v1/information-requests before answering.';

function notAskedAboutMessage(askedId: number): string {
  return `people[].id ${askedId} is not a person this request asks about. Read it again with GET /api/v1/information-requests.`;
}

/** The minimum about one person, in the API's words. */
function personOut(person: {
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  line1: string | null;
  line2: string | null;
  town: string | null;
  postcode: string | null;
}) {
  return {
    givenName: person.given_name,
    familyName: person.family_name,
    dateOfBirth: person.date_of_birth,
    address: person.line1
      ? { line1: person.line1, line2: person.line2, town: person.town!, postcode: person.postcode! }
      : null,
  };
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
