import type { Db } from '../../../platform/db/database.ts';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';

/*
 * Administrators merge duplicate person records and can undo a merge. Nothing is moved or deleted:
 * the duplicate points at the record kept, so both sides' history shows there, and undoing restores it.
 */

export type PersonSummary = Awaited<ReturnType<typeof readPersonSummary>>;

/** The few facts an administrator compares before merging, read (and audited) through the access layer. */
export function readPersonSummary(access: RecordAccess, id: number) {
  return access.readPerson(id, (db) => loadSummary(db, id));
}

export interface MergeRequest {
  duplicateId: number;
  reason: string;
  /** 'yes' once the administrator has seen both records side by side. */
  confirm?: string;
}

export type MergeOutcome =
  | { outcome: 'invalid'; survivor: PersonSummary }
  | { outcome: 'refused'; survivor: PersonSummary; problem: string }
  | { outcome: 'confirm'; survivor: PersonSummary; duplicate: PersonSummary }
  | { outcome: 'merged'; duplicateId: number };

/**
 * Merges the duplicate into the survivor once the administrator has confirmed it, after showing both
 * records. `merge` is undefined when the form did not parse: the survivor is still read for the page.
 */
export async function mergeDuplicate(
  access: RecordAccess,
  survivorId: number,
  merge: MergeRequest | undefined,
  now: Date
): Promise<MergeOutcome> {
  // Why the two cannot be merged is worked out in the same pass as the survivor's (audited) read.
  const { survivor, problem } = await access.readPerson(survivorId, async (db) => ({
    survivor: await loadSummary(db, survivorId),
    problem: merge && (await mergeProblem(db, survivorId, merge.duplicateId)),
  }));
  if (!merge) return { outcome: 'invalid', survivor };
  if (problem) return { outcome: 'refused', survivor, problem };
  const { duplicateId } = merge;
  const duplicate = await readPersonSummary(access, duplicateId);
  if (merge.confirm !== 'yes') return { outcome: 'confirm', survivor, duplicate };
  await access.recordChange('person:merge', 'person.merge', async (trx) => {
    const row = await trx
      .insertInto('person_merge')
      .values({
        survivor_id: survivorId,
        merged_id: duplicateId,
        reason: merge.reason,
        merged_by: access.actor.userId,
        merged_at: now,
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
  return { outcome: 'merged', duplicateId };
}

/**
 * Undoes a merge that has not been undone, restoring the duplicate; answers the restored record's id.
 * "Not found" unless the administrator may see the record kept. `reason` is undefined when the form
 * did not parse: the checks still run but nothing is changed.
 */
export async function undoMerge(
  access: RecordAccess,
  db: Db,
  undo: { mergeId: number; reason: string | undefined },
  now: Date
): Promise<{ restoredId: number }> {
  const merge = await db
    .selectFrom('person_merge')
    .select(['id', 'survivor_id', 'merged_id'])
    .where('id', '=', undo.mergeId)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
  if (!merge) throw new RecordNotFoundError('Merge');
  await access.assertPersonVisible(merge.survivor_id);
  const reason = undo.reason;
  if (reason === undefined) return { restoredId: merge.merged_id };
  await access.recordChange('person:merge', 'person.unmerge', async (trx) => {
    await trx
      .updateTable('person_merge')
      .set({ undone_by: access.actor.userId, undone_at: now, undo_reason: reason })
      .where('id', '=', merge.id)
      .execute();
    await trx.updateTable('person').set({ merged_into_id: null }).where('id', '=', merge.merged_id).execute();
    return {
      recordType: 'person',
      recordId: merge.survivor_id,
      result: null,
      details: { restoredId: merge.merged_id, mergeId: merge.id },
    };
  });
  return { restoredId: merge.merged_id };
}

function loadSummary(db: Db, id: number) {
  return db
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
    .executeTakeFirstOrThrow();
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
