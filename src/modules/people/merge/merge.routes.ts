import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { formError, mergeFormErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { idParam, recordIdOf } from '../../../platform/http/params.ts';
import {
  compareForMerge,
  mergeDuplicate,
  readPersonSummary,
  undoMerge,
  type MergeComparison,
} from './merge.service.ts';
import { registerDuplicatesRoutes } from './duplicates.routes.ts';

const VIEWS = 'modules/people/merge/views';
const PAGE_TITLE = 'Merge a duplicate record';
const mergeParams = z.object({ mergeId: idParam });
const NUMBER_MESSAGE = 'Enter the record number of the duplicate, for example 10234';
const NOT_FOUND_MESSAGE = 'There is no record with that number that you can see';

const chooseQuery = z.object({ duplicate: z.string().trim().optional() });

const mergeForm = z.object({
  duplicateId: z.string({ message: NUMBER_MESSAGE }).trim().pipe(idParam),
  reason: z.string().max(2000, 'The reason must be 2,000 characters or fewer').default(''),
  checked: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : [value].flat())),
});

const undoForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the merge is being undone')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

/**
 * Administrators merge duplicate person records and can undo a merge (see merge.service.ts): choose
 * the duplicate, see both records side by side with every conflict, and merge with a reason and each
 * conflict ticked. The likely-duplicates list (duplicates.routes.ts) leads here too.
 */
export function registerMergeRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const merge = { config: { permission: 'person:merge' } } as const;

  app.get('/people/:id/merge', merge, async (request, reply) => {
    const keptId = recordIdOf(request, 'Person');
    const query = chooseQuery.safeParse(request.query);
    const typed = query.success ? query.data.duplicate : undefined;
    if (!typed) return renderChoice(request, reply, keptId, {});
    const duplicateId = idParam.safeParse(typed);
    if (!duplicateId.success)
      return renderChoice(
        request,
        reply,
        keptId,
        { duplicate: typed },
        formError('duplicate', NUMBER_MESSAGE)
      );
    const comparison = await compareForMerge(
      request.access,
      keptId,
      duplicateId.data,
      deps.clock.now()
    ).catch(notFoundAsNull);
    if (!comparison)
      return renderChoice(
        request,
        reply,
        keptId,
        { duplicate: typed },
        formError('duplicate', NOT_FOUND_MESSAGE)
      );
    return renderComparison(reply, comparison, {});
  });

  app.post('/people/:id/merge', merge, async (request, reply) => {
    const keptId = recordIdOf(request, 'Person');
    const values = (request.body ?? {}) as Record<string, unknown>;
    const parsed = mergeForm.safeParse(values);
    if (!parsed.success) {
      const typed = typeof values.duplicateId === 'string' ? values.duplicateId : '';
      return renderChoice(
        request,
        reply.code(400),
        keptId,
        { duplicate: typed },
        formError('duplicate', NUMBER_MESSAGE)
      );
    }
    const merged = await mergeDuplicate(request.access, keptId, parsed.data, deps.clock.now()).catch(
      notFoundAsNull
    );
    if (!merged)
      return renderChoice(
        request,
        reply.code(400),
        keptId,
        { duplicate: String(parsed.data.duplicateId) },
        formError('duplicate', NOT_FOUND_MESSAGE)
      );
    if (merged.outcome === 'merged')
      return reply.redirect(`/people/${keptId}?merged=${merged.duplicateId}`, 303);
    const errors =
      merged.outcome === 'invalid'
        ? mergeFormErrors([
            ...(merged.problems.checked ? [formError('checked', merged.problems.checked)] : []),
            ...(merged.problems.reason ? [formError('reason', merged.problems.reason)] : []),
          ])
        : undefined;
    return renderComparison(reply.code(400), merged.comparison, parsed.data, errors);
  });

  app.post('/people/merges/:mergeId/undo', merge, async (request, reply) => {
    const params = mergeParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Merge');
    const parsed = undoForm.safeParse(request.body ?? {});
    // The merge is found and the record kept checked before the form is judged.
    const { restoredId } = await undoMerge(
      request.access,
      deps.db,
      { mergeId: params.data.mergeId, reason: parsed.data?.reason },
      deps.clock.now()
    );
    if (!parsed.success) return reply.redirect(`/people/${restoredId}?undoError=1`, 303);
    return reply.redirect(`/people/${restoredId}`, 303);
  });

  registerDuplicatesRoutes(app, deps);
}

async function renderChoice(
  request: FastifyRequest,
  reply: FastifyReply,
  keptId: number,
  values: { duplicate?: string },
  errors?: FormErrors
) {
  const kept = await readPersonSummary(request.access, keptId);
  return reply.code(errors && reply.statusCode === 200 ? 400 : reply.statusCode).view(`${VIEWS}/merge.njk`, {
    pageTitle: PAGE_TITLE,
    kept,
    values,
    errors,
  });
}

function renderComparison(
  reply: FastifyReply,
  comparison: MergeComparison,
  values: { reason?: string; checked?: string[] },
  errors?: FormErrors
) {
  const conflictFields = new Set(comparison.assessment.conflicts.map((conflict) => conflict.field));
  return reply.view(`${VIEWS}/compare.njk`, {
    pageTitle: comparison.assessment.refusals.length ? 'These records cannot be merged' : PAGE_TITLE,
    ...comparison,
    conflictFields: [...conflictFields],
    conflictItems: comparison.assessment.conflicts.map((conflict) => ({
      value: conflict.code,
      text: conflict.text,
      checked: values.checked?.includes(conflict.code) ?? false,
    })),
    values: { reason: values.reason ?? '', checked: values.checked ?? [] },
    errors,
  });
}

/** A record the administrator may not see (or that does not exist) is said to be missing on the form. */
function notFoundAsNull(error: unknown): null {
  if (error instanceof RecordNotFoundError) return null;
  throw error;
}
