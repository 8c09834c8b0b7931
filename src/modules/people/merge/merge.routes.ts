import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import { formErrors } from '../../../platform/http/forms.ts';
import { idParam, idParams } from '../../../platform/http/params.ts';

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
 * Administrators merge duplicate person records and can undo a merge. Nothing is moved or deleted:
 * the duplicate points at the record kept, so both sides' history shows there, and undoing restores it.
 */
export function registerMergeRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const merge = { config: { permission: 'person:merge' } } as const;

  app.get('/people/:id/merge', merge, async (request, reply) => {
    const survivor = await summary(request.access, personId(request.params));
    return reply.view(`${VIEWS}/merge.njk`, { pageTitle: 'Merge a duplicate record', survivor, values: {} });
  });

  app.post('/people/:id/merge', merge, async (request, reply) => {
    const survivorId = personId(request.params);
    const survivor = await summary(request.access, survivorId);
    const values = (request.body ?? {}) as Record<string, string>;
    const parsed = mergeForm.safeParse(values);
    const render = (errors?: ReturnType<typeof formErrors>, duplicate?: Summary) =>
      reply.code(errors ? 400 : 200).view(`${VIEWS}/merge.njk`, {
        pageTitle: 'Merge a duplicate record',
        survivor,
        duplicate,
        values,
        errors,
      });
    if (!parsed.success) return render(formErrors(parsed.error));
    const duplicateId = parsed.data.duplicateId;
    const problem = await mergeProblem(deps.db, survivorId, duplicateId);
    if (problem)
      return render(
        formErrors(
          new z.ZodError([{ code: 'custom', path: ['duplicateId'], message: problem, input: undefined }])
        )
      );
    const duplicate = await summary(request.access, duplicateId);
    if (parsed.data.confirm !== 'yes') return render(undefined, duplicate);
    const actor = signedInActor(request);
    await request.access.recordChange('person:merge', 'person.merge', async (trx) => {
      const row = await trx
        .insertInto('person_merge')
        .values({
          survivor_id: survivorId,
          merged_id: duplicateId,
          reason: parsed.data.reason,
          merged_by: actor.userId,
          merged_at: deps.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('person')
        .set({ merged_into_id: survivorId })
        .where('id', '=', duplicateId)
        .execute();
      return {
        recordType: 'person',
        recordId: survivorId,
        result: row.id,
        details: { mergedId: duplicateId, mergeId: row.id },
      };
    });
    return reply.redirect(`/people/${survivorId}?merged=${duplicateId}`, 303);
  });

  app.post('/people/merges/:mergeId/undo', merge, async (request, reply) => {
    const params = mergeParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Merge');
    const record = await deps.db
      .selectFrom('person_merge')
      .selectAll()
      .where('id', '=', params.data.mergeId)
      .where('undone_at', 'is', null)
      .executeTakeFirst();
    if (!record) throw new RecordNotFoundError('Merge');
    await request.access.assertPersonVisible(record.survivor_id);
    const parsed = undoForm.safeParse(request.body ?? {});
    if (!parsed.success) return reply.redirect(`/people/${record.merged_id}?undoError=1`, 303);
    const actor = signedInActor(request);
    await request.access.recordChange('person:merge', 'person.unmerge', async (trx) => {
      await trx
        .updateTable('person_merge')
        .set({ undone_by: actor.userId, undone_at: deps.clock.now(), undo_reason: parsed.data.reason })
        .where('id', '=', record.id)
        .execute();
      await trx
        .updateTable('person')
        .set({ merged_into_id: null })
        .where('id', '=', record.merged_id)
        .execute();
      return {
        recordType: 'person',
        recordId: record.survivor_id,
        result: null,
        details: { restoredId: record.merged_id, mergeId: record.id },
      };
    });
    return reply.redirect(`/people/${record.merged_id}`, 303);
  });
}

function personId(params: unknown): number {
  const parsed = personParams.safeParse(params);
  if (!parsed.success) throw new RecordNotFoundError('Person');
  return parsed.data.id;
}

type Summary = Awaited<ReturnType<typeof summary>>;

/** The few facts an administrator compares before merging, read (and audited) through the access layer. */
function summary(access: RecordAccess, id: number) {
  return access.readPerson(id, (db) =>
    db
      .selectFrom('person')
      .leftJoin('address', 'address.id', 'person.address_id')
      .where('person.id', '=', id)
      .select([
        'person.id',
        'person.given_name',
        'person.family_name',
        'person.date_of_birth',
        'person.sex',
        'person.nhs_number',
        'person.merged_into_id',
        'address.postcode',
      ])
      .executeTakeFirstOrThrow()
  );
}

/** Why these two records cannot be merged, or null. */
async function mergeProblem(db: Db, survivorId: number, duplicateId: number): Promise<string | null> {
  if (survivorId === duplicateId) return 'A record cannot be merged into itself';
  const rows = await db
    .selectFrom('person')
    .select(['id', 'merged_into_id'])
    .where('id', 'in', [survivorId, duplicateId])
    .execute();
  const duplicate = rows.find((row) => row.id === duplicateId);
  if (!duplicate) return 'There is no record with that number';
  if (duplicate.merged_into_id !== null) return 'That record has already been merged into another';
  if (rows.find((row) => row.id === survivorId)?.merged_into_id !== null)
    return 'This record has itself been merged: merge into the record it was merged into';
  const mergedIntoDuplicate = await db
    .selectFrom('person')
    .select('id')
    .where('merged_into_id', '=', duplicateId)
    .executeTakeFirst();
  if (mergedIntoDuplicate) return 'Other records are merged into that one: undo those merges first';
  return null;
}
