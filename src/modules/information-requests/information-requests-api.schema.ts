import { z } from 'zod';
import { lawfulBasisText } from '../../shared/lawful-basis.ts';
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
  .meta({ description: 'The home address, if known.' });

const askedPerson = z
  .object({
    id: z.number().int().meta({
      description: 'Quote it in `people[].id` to answer about this person.',
    }),
    role: z.enum(['child', 'sibling', 'parent_or_carer', 'household_member', 'adult_of_concern']).meta({
      description:
        'Their part in the family: a child on the contact, a parent or carer, a household member, or the person alleged to cause harm (adult_of_concern).',
    }),
    relationship: z.string().nullable().meta({ description: 'Their relationship to the child, if given.' }),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: z.string().nullable().meta({ description: 'YYYY-MM-DD, if known.' }),
    address,
  })
  .meta({ description: 'The minimum needed to find one person in your own records.' });

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
    description:
      'The lawful basis for sharing without consent, in words: the UK GDPR Article 6 basis, the Article 9 condition (with the DPA 2018 Schedule 1 condition) and any detail, for example Children Act 1989 section 47.',
  }),
  lawfulBasisCodes: z
    .object({
      personalData: z.string().meta({ description: 'The UK GDPR Article 6 basis, e.g. ukgdpr-6-1-e.' }),
      specialCategory: z
        .string()
        .meta({ description: 'The Article 9 condition, e.g. ukgdpr-9-2-g-dpa-sch1-18.' }),
    })
    .nullable()
    .meta({ description: 'The coded lawful basis; null for older requests recorded as free text only.' }),
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
    .meta({
      description:
        'The child whose screening the request was sent from (also the first of `people`). Kept for systems written before requests covered the family.',
    }),
  people: z.array(askedPerson).meta({
    description:
      'Everyone the request asks about: each child on the contact and the adults named on it. Answer about each in `people` of your response.',
  }),
});

/** Synthetic: the people, address and contact details are invented, and example.* addresses are never real. */
const EXAMPLE_ADDRESS = { line1: '1 Example Street', line2: null, town: 'Exampleton', postcode: 'AA1 1AA' };
const EXAMPLE_LAWFUL_BASIS = {
  personalData: 'ukgdpr-6-1-e',
  specialCategory: 'ukgdpr-9-2-g-dpa-sch1-18',
} as const;

const LIST_EXAMPLE = {
  requests: [
    {
      id: 7,
      version: 1,
      question:
        'Is the family known to you? Please share any domestic incidents at the address and anything known about the mother’s former partner.',
      consentStatus: 'not_sought',
      lawfulBasis: lawfulBasisText({ ...EXAMPLE_LAWFUL_BASIS, detail: 'Children Act 1989 section 47' }),
      lawfulBasisCodes: EXAMPLE_LAWFUL_BASIS,
      requestedAt: '2026-11-20T10:00:00.000Z',
      requestedBy: { name: 'Sam Example', email: 'sam.example@council.example' },
      dueAt: '2026-11-20T16:00:00.000Z',
      late: false,
      child: { givenName: 'Alex', familyName: 'Sample', dateOfBirth: '2016-04-02', address: EXAMPLE_ADDRESS },
      people: [
        {
          id: 40,
          role: 'child',
          relationship: null,
          givenName: 'Alex',
          familyName: 'Sample',
          dateOfBirth: '2016-04-02',
          address: EXAMPLE_ADDRESS,
        },
        {
          id: 41,
          role: 'parent_or_carer',
          relationship: 'Mother',
          givenName: 'Jo',
          familyName: 'Sample',
          dateOfBirth: null,
          address: EXAMPLE_ADDRESS,
        },
        {
          id: 42,
          role: 'adult_of_concern',
          relationship: 'Mother’s former partner',
          givenName: 'Chris',
          familyName: 'Example',
          dateOfBirth: '1990-07-14',
          address: null,
        },
      ],
    },
  ],
};

export const openRequestsResponse = z
  .object({
    requests: z.array(openRequestSchema).meta({
      description: 'Your agency’s open requests, the soonest due first.',
    }),
  })
  .meta({ description: 'Your agency’s open requests', examples: [LIST_EXAMPLE] });

/** An answer about the family and about two of the people in LIST_EXAMPLE. */
const EXAMPLE = {
  version: 1,
  knownInvolvement: 'Two domestic incidents at the address in the last year; no arrests.',
  risks: 'The mother’s former partner has a history of violence and was seen nearby last month.',
  strengths: 'The mother called us herself and has engaged with the domestic abuse service.',
  summary: 'Known to police at this address; we support a joint visit. Contact DC Example on 01632 960 123.',
  people: [
    {
      id: 41,
      knownInvolvement: 'Named as a victim in both incidents.',
      strengths: 'Called police herself the second time.',
    },
    {
      id: 42,
      knownInvolvement: 'Arrested once for assault in 2024; no further action.',
      risks: 'History of violence to former partners.',
    },
  ],
};

const personAnswer = z
  .strictObject({
    id: z.number().int().positive().meta({ description: 'The `people[].id` of the request.' }),
    knownInvolvement: responseFields.knownInvolvement,
    risks: responseFields.risks,
    strengths: responseFields.strengths,
  })
  .meta({ description: 'What your agency knows about one person the request asks about.' });

/** An answer from a partner system: the same rules as the web form (the summary is required). */
export const responseBodySchema = z
  .strictObject({
    version: z.number().int().positive().optional().meta({
      description:
        'The version you read. If the request changed since (for example a colleague answered it), the answer is refused with 409.',
    }),
    ...responseFields,
    people: z
      .array(personAnswer)
      .max(50)
      .default([])
      .refine(
        (people) => new Set(people.map((person) => person.id)).size === people.length,
        'Answer about each person once'
      )
      .meta({
        description:
          'Your answer about each person asked about (optional per person). The top-level knownInvolvement, risks and strengths are about the family as a whole.',
      }),
    notForDisclosure: z.boolean().optional().meta({
      description:
        'True when what you share must not be disclosed to the family (for example, telling them would put the child or a parent at risk). The front door will not write to the family without a manager’s reasoned override.',
    }),
  })
  .meta({
    description: 'What your agency knows about the child and family.',
    // Named examples, moved onto the request body: JSON Schema's `examples` is dropped for input with transforms.
    'x-examples': {
      policeAnswer: {
        summary: 'A police answer about the family, the mother and her former partner',
        value: EXAMPLE,
      },
    },
  });

export const answeredResponse = z
  .object({
    id: z.number().int(),
    status: z.literal('answered'),
    respondedAt: z.string().meta({ description: 'When the answer was saved (ISO 8601).' }),
  })
  .meta({
    description: 'Saved',
    examples: [{ id: 7, status: 'answered', respondedAt: '2026-11-20T11:30:00.000Z' }],
  });
