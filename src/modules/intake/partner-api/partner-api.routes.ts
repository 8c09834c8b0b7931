import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { partnerApiKeyOf } from '../../../platform/auth/api-key.ts';
import { contactSubmissionSchema } from './contact-api.schema.ts';
import { checkContactRules } from './contact-rules.ts';
import { submitPartnerContact } from './partner-contact.service.ts';
import { readPartnerOutcome } from './partner-outcome.service.ts';
import { PARTNER_OUTCOME_CODES } from './outcome-disclosure.ts';
import {
  apiErrorResponse,
  PARTNER_API_KEY_SECURITY,
  partnerKeyRefusedResponse,
  requestProblemResponse,
  tooManyRequestsResponse,
} from '../../../platform/http/openapi.ts';

/** Ten children with long free text fit easily; anything bigger is a mistake or an attack. */
const BODY_LIMIT_BYTES = 256 * 1024;

const unauthorised = partnerKeyRefusedResponse;
const tooMany = tooManyRequestsResponse;

const createdResponse = z.object({
  reference: z.string().meta({ description: 'The contact reference to quote, for example CON-2026-000123.' }),
  contactId: z.number().int(),
  children: z.array(z.object({ contactChildId: z.number().int() })).meta({
    description:
      'One entry per child, in the order they were sent: each child is screened and decided separately.',
  }),
  receivedAt: z.string(),
});

const unprocessableResponse = z.object({
  error: z.string(),
  issues: z
    .array(
      z.object({
        path: z
          .string()
          .meta({ description: 'The JSON path of the field, for example /children/0/dateOfBirth.' }),
        field: z
          .string()
          .meta({ description: 'The same field as written in code: children[0].dateOfBirth.' }),
        message: z.string(),
      })
    )
    .meta({ description: 'Each problem, naming its field and saying how to put it right.' }),
});

const headers = z.looseObject({
  'idempotency-key': z
    .string({ error: 'Send an Idempotency-Key header: a unique value for each new contact' })
    .min(8, 'The Idempotency-Key must be at least 8 characters')
    .max(100, 'The Idempotency-Key must be 100 characters or fewer')
    .meta({
      description:
        'A unique value (for example a UUID) for each new contact. Retry with the same value and the same body to get the original response instead of a duplicate.',
      examples: ['5f0c8a52-0d2e-4c1b-9a57-3e6f1b2c4d80'],
    }),
});

const DESCRIPTION = `Sends a contact about one or more children to the front door.

Authenticate with your agency's API key: \`Authorization: Bearer fdk_…\` (or \`X-API-Key: fdk_…\`). Keys are issued and revoked by a Front Door administrator; every use is recorded.

A well-formed contact can still be refused with 422 when saving it would make the council's statutory returns wrong: a child whose date of birth makes them 18 or over when the concern was received; a \`receivedAt\` more than 5 minutes ahead of our clock or more than 7 days ago; concern code 21 ("no factors identified"); or a \`referralSource\` your key's agency cannot refer under. Each problem names its field.

Name the adults in \`otherPeople\` (parents or carers, others in the household, and the person alleged to cause harm as \`adult_of_concern\`), and quote your \`policeIncidentReference\`, \`crimeReference\` and DASH risk level (\`dash\`) where you have them: the screener sees them with the contact, and a high DASH prompts them to confirm a MARAC referral. Give the lawful basis for sharing without consent as codes (\`lawfulBasis.personalData\`, \`lawfulBasis.specialCategory\`) with any detail.

Keep the \`reference\` answered: \`GET /api/v1/contacts/{reference}/outcome\` tells your system where the contact has got to.

Send a new \`Idempotency-Key\` with each contact. If you do not get a response, retry with the same key and body: you get the original result (with \`Idempotent-Replayed: true\`), never a duplicate contact. Reusing a key with a different body is refused with 409.`;

/** The partner-system API. Its routes are public to the session guard: the API key hook guards them. */
export function registerPartnerApiRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/contacts',
    {
      config: { partnerApiKey: true },
      bodyLimit: BODY_LIMIT_BYTES,
      schema: {
        tags: ['partner'],
        security: PARTNER_API_KEY_SECURITY,
        summary: 'Send a contact from a partner system',
        description: DESCRIPTION,
        headers,
        body: contactSubmissionSchema(deps.clock),
        response: {
          201: createdResponse.meta({
            description: 'Saved; or, for a retry, the contact first saved',
            examples: [
              {
                reference: 'CON-2026-000123',
                contactId: 123,
                children: [{ contactChildId: 456 }],
                receivedAt: '2026-11-20T08:45:00.000Z',
              },
            ],
          }),
          400: requestProblemResponse('The body or headers are not valid', {
            path: '/children/0/nhsNumber',
            message: 'Enter a valid 10-digit NHS number, like 999 123 4578',
          }),
          401: unauthorised(),
          409: apiErrorResponse(
            'This Idempotency-Key was used with a different body',
            'This Idempotency-Key was already used for a different contact. Use a new key for each new contact.'
          ),
          422: unprocessableResponse.meta({
            description:
              'Well formed, but it would make the returns wrong: an adult as a child, a received time in the future or over 7 days ago, concern code 21, or a referral source the key’s agency cannot have',
            examples: [
              {
                error:
                  'The contact was not saved: it would make the statutory returns wrong. Correct each field listed.',
                issues: [
                  {
                    path: '/children/0/dateOfBirth',
                    field: 'children[0].dateOfBirth',
                    message:
                      'children[0].dateOfBirth makes this person 19 when the concern was received: a child must be under 18. Send concerns about adults to adult social care',
                  },
                ],
              },
            ],
          }),
          413: apiErrorResponse(
            `The body is larger than ${BODY_LIMIT_BYTES / 1024} KB`,
            'Request body is too large'
          ),
          429: tooMany(),
        },
      },
    },
    async (request, reply) => {
      const key = partnerApiKeyOf(request);
      const agency = await deps.db
        .selectFrom('agency')
        .select('kind')
        .where('id', '=', key.agencyId)
        .executeTakeFirstOrThrow();
      const checked = checkContactRules(request.body, { now: deps.clock.now(), agencyKind: agency.kind });
      if (!checked.ok) {
        return reply.code(422).send({
          error:
            'The contact was not saved: it would make the statutory returns wrong. Correct each field listed.',
          issues: checked.issues,
        });
      }
      const outcome = await submitPartnerContact(deps.db, {
        key,
        idempotencyKey: request.headers['idempotency-key'],
        contact: checked.contact,
        origin: { ip: request.ip, requestId: request.id },
        now: deps.clock.now(),
      });
      if (outcome.kind === 'key_reused') {
        return reply.code(409).send({
          error:
            'This Idempotency-Key was already used for a different contact. Use a new key for each new contact.',
        });
      }
      if (outcome.kind === 'replayed') reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(outcome.contact);
    }
  );

  api.get(
    '/api/v1/contacts/:reference/outcome',
    {
      config: { partnerApiKey: true },
      schema: {
        tags: ['partner'],
        security: PARTNER_API_KEY_SECURITY,
        summary: 'Read the outcome of a contact your agency sent',
        description: OUTCOME_DESCRIPTION,
        params: outcomeParams,
        response: {
          200: outcomeResponse,
          400: requestProblemResponse('The reference is not a contact reference', {
            path: '/reference',
            message: REFERENCE_MESSAGE,
          }),
          401: unauthorised(),
          404: apiErrorResponse('No contact with this reference sent by your agency', 'Not found'),
          429: tooMany(),
        },
      },
    },
    async (request, reply) => {
      const outcome = await readPartnerOutcome(deps.db, {
        key: partnerApiKeyOf(request),
        reference: request.params.reference,
        origin: { ip: request.ip, requestId: request.id },
        now: deps.clock.now(),
      });
      if (!outcome) return reply.code(404).send({ error: 'Not found' });
      return reply.send(outcome);
    }
  );
}

const REFERENCE_MESSAGE = 'Enter the contact reference as it was given, like CON-2026-000123';

const outcomeParams = z.object({
  reference: z
    .string()
    .regex(/^CON-\d{4}-\d{6}$/, REFERENCE_MESSAGE)
    .meta({
      description: 'The reference answered when the contact was sent.',
      examples: ['CON-2026-000123'],
    }),
});

const outcomeStatus = z.enum(['received', 'screening', 'decided', 'considered']);

const outcomeResponse = z
  .object({
    reference: z.string(),
    status: outcomeStatus.meta({
      description:
        'received: no child screened yet. screening: the front door is working on it. decided: every child decided, with the outcome. considered: received and considered; the outcome is not shared.',
    }),
    outcomeShared: z.boolean().meta({ description: 'Whether the outcome itself is given.' }),
    decidedOn: z
      .string()
      .nullable()
      .meta({ description: 'The (UK) date the last child was decided or considered; null until then.' }),
    children: z
      .array(
        z.object({
          contactChildId: z.number().int().meta({ description: 'As answered when the contact was sent.' }),
          status: outcomeStatus,
          outcomes: z
            .array(z.enum(PARTNER_OUTCOME_CODES))
            .optional()
            .meta({
              description: `Only when the outcome is shared: ${PARTNER_OUTCOME_CODES.join(', ')}.`,
            }),
          decidedOn: z.string().optional(),
        })
      )
      .meta({ description: 'One entry per child, in the order they were sent.' }),
  })
  .meta({
    description: 'Where the contact is, and its outcome as far as the family’s consent allows',
    examples: [
      {
        reference: 'CON-2026-000123',
        status: 'decided',
        outcomeShared: true,
        decidedOn: '2026-11-20',
        children: [
          { contactChildId: 456, status: 'decided', outcomes: ['early_help'], decidedOn: '2026-11-20' },
        ],
      },
      {
        reference: 'CON-2026-000124',
        status: 'considered',
        outcomeShared: false,
        decidedOn: '2026-11-21',
        children: [{ contactChildId: 457, status: 'considered', decidedOn: '2026-11-21' }],
      },
    ],
  });

const OUTCOME_DESCRIPTION = `Where a contact your agency sent has got to and, as far as the family's consent allows, what was decided. Any active key of the agency that sent the contact can read it; for any other key the answer is 404, as for a reference that does not exist. Every read is recorded.

The status is \`received\` until a child is screened, \`screening\` while the front door works on it, and \`decided\` once every child's decision is authorised. The outcome is given, in coded form (${PARTNER_OUTCOME_CODES.join(', ')}), only when the family gave consent to share and nothing recorded says they do not know of the contact. Otherwise a decided contact is only \`considered\`: received and considered, with no outcome; the front door's letter to the referrer says what it is safe to say. No names, dates of birth or reasons are ever given.`;
