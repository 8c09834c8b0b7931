import { z } from 'zod';
import { responseFields } from './information-request-forms.ts';

/** The partner API's view of information requests, described for the OpenAPI file. */

const address = z
  .object({
    line1: z.string(),
    line2: z.string().nullable(),
    town: z.string(),
    postcode: z.string(),
  })
  .nullable()
  .meta({ description: "The child's home address, if known." });

export const openRequestSchema = z.object({
  id: z
    .number()
    .int()
    .meta({ description: 'Quote it to answer: POST /api/v1/information-requests/{id}/response.' }),
  version: z.number().int().meta({
    description:
      'Send it back with your answer so an answer saved since you read the request is never overwritten.',
  }),
  question: z.string().meta({ description: 'What the front door asks your agency.' }),
  consentStatus: z.enum(['given', 'refused', 'not_sought']).meta({
    description: 'Whether the family consented to information being shared.',
  }),
  lawfulBasis: z.string().nullable().meta({
    description: 'The lawful basis for sharing without consent, for example Children Act 1989 section 47.',
  }),
  requestedAt: z.string().meta({ description: 'When the front door asked (ISO 8601).' }),
  requestedBy: z.object({ name: z.string(), email: z.string() }).meta({
    description: 'The front-door practitioner who asked, to contact about the request.',
  }),
  dueAt: z.string().meta({ description: "When the answer is due: the child's RAG due time (ISO 8601)." }),
  late: z.boolean().meta({ description: 'True once the due time has passed without an answer.' }),
  child: z
    .object({
      givenName: z.string(),
      familyName: z.string(),
      dateOfBirth: z.string().nullable().meta({ description: 'YYYY-MM-DD, if known.' }),
      address,
    })
    .meta({ description: 'The minimum needed to find the child in your own records.' }),
});

export const openRequestsResponse = z.object({
  requests: z.array(openRequestSchema).meta({
    description: 'Your agency’s open requests, the soonest due first.',
  }),
});

const EXAMPLE = {
  version: 1,
  knownInvolvement: 'Two domestic incidents at the address in the last year; no arrests.',
  risks: 'The mother’s former partner has a history of violence and was seen nearby last month.',
  strengths: 'The mother called us herself and has engaged with the domestic abuse service.',
  summary: 'Known to police at this address; we support a joint visit. Contact DC Example on 01632 960 123.',
};

/** An answer from a partner system: the same rules as the web form (the summary is required). */
export const responseBodySchema = z
  .strictObject({
    version: z.number().int().positive().optional().meta({
      description:
        'The version you read. If the request changed since (for example a colleague answered it), the answer is refused with 409.',
    }),
    ...responseFields,
    notForDisclosure: z.boolean().optional().meta({
      description:
        'True when what you share must not be disclosed to the family (for example, telling them would put the child or a parent at risk). The front door will not write to the family without a manager’s reasoned override.',
    }),
  })
  .meta({ description: 'What your agency knows about the child and family.', example: EXAMPLE });

export const answeredResponse = z.object({
  id: z.number().int(),
  status: z.literal('answered'),
  respondedAt: z.string().meta({ description: 'When the answer was saved (ISO 8601).' }),
});
