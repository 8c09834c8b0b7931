import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { formError } from '../../../platform/http/forms.ts';
import { recordIdOf } from '../../../platform/http/params.ts';
import { meaningfulTextProblem } from '../../../shared/meaningful-text.ts';
import {
  DUPLICATES_PAGE_SIZE,
  listDuplicates,
  readDuplicatePair,
  recordNotSamePerson,
} from './duplicates.service.ts';
import { govukPagination } from '../../../platform/http/pagination.ts';

const VIEWS = 'modules/people/merge/views';
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  recorded: z.string().optional(),
});
const NOT_SAME_MESSAGE =
  'Say how you know these are different people, for example twins confirmed by the school, or different NHS numbers';
const notSameForm = z.object({
  reason: z.string().max(2000, 'The reason must be 2,000 characters or fewer').default(''),
});

/**
 * The likely duplicates in the person index (for administrators and QA officers): each pair compared
 * and merged (administrators, on the merge page) or recorded as not the same person.
 */
export function registerDuplicatesRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const deduplicate = { config: { permission: 'person:deduplicate' } } as const;

  app.get('/people/duplicates', deduplicate, async (request, reply) => {
    const query = pageQuery.safeParse(request.query);
    const list = await listDuplicates(request.access, deps.db, query.success ? query.data.page : 1);
    return reply.view(`${VIEWS}/duplicates.njk`, {
      pageTitle: 'Likely duplicate records',
      ...list,
      pageSize: DUPLICATES_PAGE_SIZE,
      firstShown: (list.page - 1) * DUPLICATES_PAGE_SIZE + 1,
      canMerge: request.access.can('person:merge'),
      recorded: query.success && query.data.recorded === '1',
      pagination: pagination(list.page, list.pages),
    });
  });

  app.get('/people/duplicates/:id/not-same', deduplicate, async (request, reply) => {
    const pair = await readDuplicatePair(request.access, deps.db, recordIdOf(request, 'Likely duplicate'));
    return reply.view(`${VIEWS}/not-same.njk`, { pageTitle: 'Not the same person', pair, values: {} });
  });

  app.post('/people/duplicates/:id/not-same', deduplicate, async (request, reply) => {
    const pairId = recordIdOf(request, 'Likely duplicate');
    const parsed = notSameForm.safeParse(request.body ?? {});
    const reason = parsed.success ? parsed.data.reason.trim() : '';
    const problem = parsed.success
      ? meaningfulTextProblem(reason, { minWords: 4, message: NOT_SAME_MESSAGE })
      : (parsed.error.issues[0]?.message ?? NOT_SAME_MESSAGE);
    if (problem) {
      const pair = await readDuplicatePair(request.access, deps.db, pairId);
      const values = (request.body ?? {}) as Record<string, unknown>;
      return reply.code(400).view(`${VIEWS}/not-same.njk`, {
        pageTitle: 'Not the same person',
        pair,
        values: { reason: typeof values.reason === 'string' ? values.reason : '' },
        errors: formError('reason', problem),
      });
    }
    await recordNotSamePerson(request.access, deps.db, pairId, reason, deps.clock.now());
    return reply.redirect('/people/duplicates?recorded=1', 303);
  });
}

/** The list's pages, each address keeping only the page number. */
function pagination(page: number, pages: number) {
  return govukPagination(page, pages, (number) =>
    number > 1 ? `/people/duplicates?page=${number}` : '/people/duplicates'
  );
}
