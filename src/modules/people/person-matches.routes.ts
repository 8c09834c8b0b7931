import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiErrorResponse,
  requestProblemResponse,
  STAFF_SESSION_SECURITY,
} from '../../platform/http/openapi.ts';
import { findChildCandidates, restrictedMatchesForChild } from './matching/child-candidates.ts';

const matchesQuery = z.object({
  givenName: z
    .string()
    .trim()
    .max(100)
    .optional()
    .meta({ description: 'The child’s first name, as typed.', examples: ['Alex'] }),
  familyName: z
    .string()
    .trim()
    .min(2, 'Give at least two letters of the last name')
    .max(100)
    .meta({ description: 'The child’s last name, as typed: at least two letters.', examples: ['Sample'] }),
  dateOfBirth: z.iso
    .date()
    .optional()
    .meta({ description: 'YYYY-MM-DD.', examples: ['2016-04-02'] }),
  sex: z
    .enum(['M', 'F', 'U'])
    .optional()
    .meta({ description: 'M, F or U (not known).', examples: ['U'] }),
  nhsNumber: z
    .string()
    .regex(/^\d{10}$/)
    .optional()
    .meta({ description: '10 digits, no spaces.', examples: ['9991234578'] }),
});

const matchesResponse = z
  .object({
    matches: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        dateOfBirth: z.string().nullable(),
        postcode: z.string().nullable(),
        strong: z.boolean().meta({ description: 'The matching engine is confident this is the same child.' }),
        reasons: z.array(z.string()).meta({ description: 'Why they could be the same child, in words.' }),
      })
    ),
    restrictedMayMatch: z.boolean().meta({
      description: 'A restricted record the user cannot see may be this child: never which, nor how many.',
    }),
  })
  .meta({
    description: 'The people who could be this child, the likeliest first',
    examples: [
      {
        matches: [
          {
            id: 1234,
            name: 'Alex Sample',
            dateOfBirth: '2016-04-02',
            postcode: 'AA1 1AA',
            strong: true,
            reasons: ['same given name', 'same surname', 'same date of birth', 'same NHS number'],
          },
          {
            id: 1240,
            name: 'Alexis Sample',
            dateOfBirth: '2016-02-04',
            postcode: null,
            strong: false,
            reasons: [
              'given name is a short form or nickname',
              'same surname',
              'day and month of birth swapped',
            ],
          },
        ],
        restrictedMayMatch: false,
      },
    ],
  });

/** People who could be the child being typed into a contact: the form's live lookup, audited as a search. */
export function registerPersonMatchesRoutes(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/people/matches',
    {
      config: { permission: 'person:search' },
      schema: {
        tags: ['people'],
        summary: 'People in the index who could be this child (signed-in staff)',
        description:
          'The live lookup of the contact form: who in the person index could be the child being typed in, for the service’s own pages. Every lookup is audited as a search. Partner API keys are not accepted.',
        security: STAFF_SESSION_SECURITY,
        querystring: matchesQuery,
        response: {
          200: matchesResponse,
          400: requestProblemResponse('The query is not valid', {
            path: '/familyName',
            message: 'Give at least two letters of the last name',
          }),
          401: apiErrorResponse('Not signed in', 'Sign in or present an API key'),
          403: apiErrorResponse(
            'The signed-in role cannot search for people',
            'You do not have permission to do this'
          ),
        },
      },
    },
    async (request) => {
      const query = request.query;
      const child = {
        givenName: query.givenName ?? '',
        familyName: query.familyName,
        dateOfBirth: query.dateOfBirth,
        sex: query.sex,
        nhsNumber: query.nhsNumber,
      };
      const restricted = await restrictedMatchesForChild(request.access, child);
      const candidates = await findChildCandidates(request.access, child);
      return {
        restrictedMayMatch: restricted.length > 0,
        matches: candidates.map((candidate) => ({
          id: candidate.id,
          name: `${candidate.given_name} ${candidate.family_name}`,
          dateOfBirth: candidate.date_of_birth,
          postcode: candidate.postcode,
          strong: candidate.strong,
          reasons: candidate.reasons,
        })),
      };
    }
  );
}
