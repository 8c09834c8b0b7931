import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { formError, formErrors } from '../../../platform/http/forms.ts';
import { idParam, idParams } from '../../../platform/http/params.ts';
import { mergeDuplicate, readPersonSummary, undoMerge } from './merge.service.ts';

const VIEWS = 'modules/people/merge/views';
const personParams = idParams;
const mergeParams = z.object({ mergeId: idParam });

const mergeForm = z.object({
  duplicateId: z.coerce
    .number({ message: 'Enter the record number of the duplicate, for example 10234' })
    .int('Enter the record number of the duplicate, for example 10234')
    .positive('Enter the record number of the duplicate, for example 10234'),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why these are the same person')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
  confirm: z.string().optional(),
});

const undoForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the merge is being undone')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

/**
 * Administrators merge duplicate person records and can undo a merge (see merge.service.ts): the
 * routes read the forms and show the outcome.
 */
export function registerMergeRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const merge = { config: { permission: 'person:merge' } } as const;

  app.get('/people/:id/merge', merge, async (request, reply) => {
    const survivor = await readPersonSummary(request.access, personId(request.params));
    return reply.view(`${VIEWS}/merge.njk`, { pageTitle: 'Merge a duplicate record', survivor, values: {} });
  });

  app.post('/people/:id/merge', merge, async (request, reply) => {
    const survivorId = personId(request.params);
    const values = (request.body ?? {}) as Record<string, string>;
    const parsed = mergeForm.safeParse(values);
    const merged = await mergeDuplicate(request.access, survivorId, parsed.data, deps.clock.now());
    if (merged.outcome === 'merged')
      return reply.redirect(`/people/${survivorId}?merged=${merged.duplicateId}`, 303);
    const errors = parsed.error
      ? formErrors(parsed.error)
      : merged.outcome === 'refused'
        ? formError('duplicateId', merged.problem)
        : undefined;
    return reply.code(errors ? 400 : 200).view(`${VIEWS}/merge.njk`, {
      pageTitle: 'Merge a duplicate record',
      survivor: merged.survivor,
      duplicate: merged.outcome === 'confirm' ? merged.duplicate : undefined,
      values,
      errors,
    });
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
}

function personId(params: unknown): number {
  const parsed = personParams.safeParse(params);
  if (!parsed.success) throw new RecordNotFoundError('Person');
  return parsed.data.id;
}
