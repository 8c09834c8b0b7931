import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findChildCandidates, restrictedMatchesForChild } from './matching/child-candidates.ts';

const matchesQuery = z.object({
  givenName: z.string().trim().max(100).optional(),
  familyName: z.string().trim().min(2, 'Give at least two letters of the last name').max(100),
  dateOfBirth: z.iso.date().optional(),
  sex: z.enum(['M', 'F', 'U']).optional(),
  nhsNumber: z
    .string()
    .regex(/^\d{10}$/)
    .optional(),
});

const matchesResponse = z.object({
  matches: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      dateOfBirth: z.string().nullable(),
      postcode: z.string().nullable(),
      strong: z.boolean(),
      reasons: z.array(z.string()),
    })
  ),
  /** A restricted record the user cannot see may be this child: never which, nor how many. */
  restrictedMayMatch: z.boolean(),
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
        querystring: matchesQuery,
        response: { 200: matchesResponse },
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
