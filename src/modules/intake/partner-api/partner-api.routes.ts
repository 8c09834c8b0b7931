import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { partnerApiKeyOf } from '../../../platform/auth/api-key.ts';
import { contactSubmissionSchema } from './contact-api.schema.ts';
import { checkContactRules } from './contact-rules.ts';
import { submitPartnerContact } from './partner-contact.service.ts';

/** Ten children with long free text fit easily; anything bigger is a mistake or an attack. */
const BODY_LIMIT_BYTES = 256 * 1024;

const error = z.object({ error: z.string() });

const createdResponse = z.object({
  reference: z.string().meta({ description: 'The contact reference to quote, for example CON-2026-000123.' }),
  contactId: z.number().int(),
  children: z.array(z.object({ contactChildId: z.number().int() })).meta({
    description:
      'One entry per child, in the order they were sent: each child is screened and decided separately.',
  }),
  receivedAt: z.string(),
});

const validationResponse = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).meta({
    description: 'Each problem, with the JSON path of the field, for example /children/0/nhsNumber.',
  }),
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
    }),
});

const DESCRIPTION = `Sends a contact about one or more children to the front door.

Authenticate with your agency's API key: \`Authorization: Bearer fdk_…\` (or \`X-API-Key: fdk_…\`). Keys are issued and revoked by a Front Door administrator; every use is recorded.

A well-formed contact can still be refused with 422 when saving it would make the council's statutory returns wrong: a child whose date of birth makes them 18 or over when the concern was received; a \`receivedAt\` more than 5 minutes ahead of our clock or more than 7 days ago; concern code 21 ("no factors identified"); or a \`referralSource\` your key's agency cannot refer under. Each problem names its field.

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
        security: [{ partnerApiKey: [] }],
        summary: 'Send a contact from a partner system',
        description: DESCRIPTION,
        headers,
        body: contactSubmissionSchema(deps.clock),
        response: {
          201: createdResponse.meta({ description: 'Saved; or, for a retry, the contact first saved' }),
          400: validationResponse.meta({ description: 'The body or headers are not valid' }),
          401: error.meta({ description: 'No API key, or one that is not valid or has been revoked' }),
          409: error.meta({ description: 'This Idempotency-Key was used with a different body' }),
          422: unprocessableResponse.meta({
            description:
              'Well formed, but it would make the returns wrong: an adult as a child, a received time in the future or over 7 days ago, concern code 21, or a referral source the key’s agency cannot have',
          }),
          413: error.meta({ description: `The body is larger than ${BODY_LIMIT_BYTES / 1024} KB` }),
          429: error.meta({ description: 'Too many requests with this key; wait for Retry-After seconds' }),
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
}
