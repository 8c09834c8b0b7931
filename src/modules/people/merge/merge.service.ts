import { sql, type ExpressionBuilder, type UpdateObject } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Database, PersonMergeRelationshipTable } from '../../../platform/db/schema.ts';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';
import { ukTimeOf } from '../../../shared/uk-time.ts';
import { ENDED_BY_MERGE } from '../relationships/relationships.ts';
import {
  assessMerge,
  mergeConfirmationProblems,
  type MergeAssessment,
  type MergePairFacts,
  type MergeRecordFacts,
} from './merge-rules.ts';

/*
 * Administrators merge duplicate person records and can undo a merge. Nothing is deleted: the
 * duplicate points at the record kept, so both sides' history shows there, and its relationships move
 * to the record kept (see moveRelationships); undoing restores both.
 * The merge rules (merge-rules.ts) are enforced here, on the server, whatever the page showed.
 */

export type PersonSummary = Awaited<ReturnType<typeof loadSummary>>;

/** The facts an administrator compares before merging, read (and audited) through the access layer. */
export function readPersonSummary(access: RecordAccess, id: number) {
  return access.readPerson(id, (db) => loadSummary(db, id));
}

/** The two records side by side and what the merge rules make of them. */
export interface MergeComparison {
  kept: PersonSummary;
  duplicate: PersonSummary;
  assessment: MergeAssessment;
}

/**
 * Both records (each read through the access layer: "not found" for one the administrator may not
 * see) with every conflict between them and the refusals, as of `now`.
 */
export async function compareForMerge(
  access: RecordAccess,
  keptId: number,
  duplicateId: number,
  now: Date
): Promise<MergeComparison> {
  const kept = await readPersonSummary(access, keptId);
  const { duplicate, pair } = await access.readPerson(duplicateId, async (db) => ({
    duplicate: await loadSummary(db, duplicateId),
    pair: await loadPairFacts(db, keptId, duplicateId),
  }));
  return { kept, duplicate, assessment: assessMerge(factsOf(kept), factsOf(duplicate), pair, todayOf(now)) };
}

export interface MergeRequest {
  duplicateId: number;
  reason: string;
  /** The codes of the conflicts the administrator ticked as checked. */
  checked: string[];
}

export type MergeOutcome =
  | { outcome: 'refused'; comparison: MergeComparison }
  | { outcome: 'invalid'; comparison: MergeComparison; problems: { reason?: string; checked?: string } }
  | { outcome: 'merged'; duplicateId: number };

/**
 * Merges the duplicate into the record kept when the rules allow it, the reason says enough and every
 * conflict is ticked. The facts are judged again inside the transaction, with both rows locked, so a
 * change made meanwhile (another merge, a new NHS number) is never merged past.
 */
export async function mergeDuplicate(
  access: RecordAccess,
  keptId: number,
  merge: MergeRequest,
  now: Date
): Promise<MergeOutcome> {
  const comparison = await compareForMerge(access, keptId, merge.duplicateId, now);
  if (comparison.assessment.refusals.length) return { outcome: 'refused', comparison };
  const problems = mergeConfirmationProblems(comparison.assessment, merge.reason, merge.checked);
  if (problems) return { outcome: 'invalid', comparison, problems };
  const { duplicateId } = merge;
  const merged = await access
    .recordChange('person:merge', 'person.merge', async (trx) => {
      await trx
        .selectFrom('person')
        .select('id')
        .where('id', 'in', [keptId, duplicateId])
        .orderBy('id')
        .forUpdate()
        .execute();
      const [kept, duplicate, pair] = await Promise.all([
        loadSummary(trx, keptId),
        loadSummary(trx, duplicateId),
        loadPairFacts(trx, keptId, duplicateId),
      ]);
      const recheck = assessMerge(factsOf(kept), factsOf(duplicate), pair, todayOf(now));
      if (recheck.refusals.length || mergeConfirmationProblems(recheck, merge.reason, merge.checked))
        throw new RecordsChangedError();
      const row = await trx
        .insertInto('person_merge')
        .values({
          survivor_id: keptId,
          merged_id: duplicateId,
          reason: merge.reason,
          merged_by: access.actor.userId,
          merged_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('person').set({ merged_into_id: keptId }).where('id', '=', duplicateId).execute();
      await moveRelationships(trx, { mergeId: row.id, keptId, duplicateId }, access.actor.userId, now);
      return {
        recordType: 'person',
        recordId: keptId,
        result: true,
        details: {
          mergedId: duplicateId,
          mergeId: row.id,
          conflictsChecked: recheck.conflicts.map((conflict) => conflict.code),
        },
      };
    })
    .catch((error: unknown) => {
      if (error instanceof RecordsChangedError) return false;
      throw error;
    });
  if (merged) return { outcome: 'merged', duplicateId };
  const again = await compareForMerge(access, keptId, duplicateId, now);
  if (again.assessment.refusals.length) return { outcome: 'refused', comparison: again };
  return {
    outcome: 'invalid',
    comparison: again,
    problems: mergeConfirmationProblems(again.assessment, merge.reason, merge.checked) ?? {
      checked: CHANGED_MESSAGE,
    },
  };
}

/** The records changed between the comparison and the merge's transaction: judge them again. */
class RecordsChangedError extends Error {}
const CHANGED_MESSAGE = 'One of the records changed while you were checking: check the differences again';

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
    await restoreRelationships(trx, merge.id, merge.merged_id);
    return {
      recordType: 'person',
      recordId: merge.survivor_id,
      result: null,
      details: { restoredId: merge.merged_id, mergeId: merge.id },
    };
  });
  return { restoredId: merge.merged_id };
}

/**
 * Moves every relationship of the duplicate to the record kept, so it is the kept record's own (and a
 * new contact naming the same people finds it rather than adding it again). A current one the kept
 * record already has (both were children of the same mother), or one between the two records, is
 * ended instead: a relationship is never shown twice. Each is noted against the merge for undoing.
 */
async function moveRelationships(
  trx: Db,
  merge: { mergeId: number; keptId: number; duplicateId: number },
  endedBy: number,
  now: Date
): Promise<void> {
  const { keptId, duplicateId } = merge;
  const touching = (eb: ExpressionBuilder<Database, 'person_relationship'>, id: number) =>
    eb.or([eb('person_id', '=', id), eb('relative_id', '=', id)]);
  const [rows, keptCurrent] = await Promise.all([
    trx
      .selectFrom('person_relationship')
      .where((eb) => touching(eb, duplicateId))
      .select(['id', 'person_id', 'relative_id', 'kind', 'ended_on'])
      .execute(),
    trx
      .selectFrom('person_relationship')
      .where((eb) => touching(eb, keptId))
      .where('ended_on', 'is', null)
      .select(['person_id', 'relative_id', 'kind'])
      .execute(),
  ]);
  const held = new Set(keptCurrent.map((row) => `${row.person_id}:${row.relative_id}:${row.kind}`));
  const noted: PersonMergeRelationshipTable[] = [];
  for (const row of rows) {
    const side = row.person_id === duplicateId ? 'person' : 'relative';
    const personId = side === 'person' ? keptId : row.person_id;
    const relativeId = side === 'relative' ? keptId : row.relative_id;
    const betweenThem = personId === relativeId;
    const current = row.ended_on === null;
    if (current && (betweenThem || held.has(`${personId}:${relativeId}:${row.kind}`))) {
      noted.push({ person_merge_id: merge.mergeId, person_relationship_id: row.id, side, ended: true });
    } else if (!betweenThem) {
      noted.push({ person_merge_id: merge.mergeId, person_relationship_id: row.id, side, ended: false });
    }
  }
  if (noted.length === 0) return;
  const ids = (ended: boolean, side?: 'person' | 'relative') =>
    noted
      .filter((row) => row.ended === ended && (side === undefined || row.side === side))
      .map((row) => row.person_relationship_id);
  await trx.insertInto('person_merge_relationship').values(noted).execute();
  await updateWhereIn(trx, ids(true), {
    ended_on: todayOf(now),
    ended_by: endedBy,
    ended_reason: ENDED_BY_MERGE,
  });
  await updateWhereIn(trx, ids(false, 'person'), { person_id: keptId });
  await updateWhereIn(trx, ids(false, 'relative'), { relative_id: keptId });
}

/** Undoes moveRelationships: each moved relationship goes back, and each one it ended starts again. */
async function restoreRelationships(trx: Db, mergeId: number, duplicateId: number): Promise<void> {
  const noted = await trx
    .selectFrom('person_merge_relationship')
    .where('person_merge_id', '=', mergeId)
    .select(['person_relationship_id as id', 'side', 'ended'])
    .execute();
  const ids = (ended: boolean, side?: 'person' | 'relative') =>
    noted
      .filter((row) => row.ended === ended && (side === undefined || row.side === side))
      .map((row) => row.id);
  await updateWhereIn(trx, ids(false, 'person'), { person_id: duplicateId });
  await updateWhereIn(trx, ids(false, 'relative'), { relative_id: duplicateId });
  // Only those still ended by the merge: one someone ended since, for a reason of their own, stays so.
  const endedByMerge = ids(true);
  if (endedByMerge.length > 0)
    await trx
      .updateTable('person_relationship')
      .set({ ended_on: null, ended_by: null, ended_reason: null })
      .where('id', 'in', endedByMerge)
      .where('ended_reason', '=', ENDED_BY_MERGE)
      .execute();
}

async function updateWhereIn(
  trx: Db,
  ids: number[],
  change: UpdateObject<Database, 'person_relationship'>
): Promise<void> {
  if (ids.length > 0)
    await trx.updateTable('person_relationship').set(change).where('id', 'in', ids).execute();
}

async function loadSummary(db: Db, id: number) {
  const person = await db
    .selectFrom('person')
    .leftJoin('address', 'address.id', 'person.address_id')
    .where('person.id', '=', id)
    .select((eb) => [
      'person.id',
      'person.given_name',
      'person.middle_names',
      'person.family_name',
      'person.date_of_birth',
      'person.expected_date_of_birth',
      'person.sex',
      'person.nhs_number',
      'person.upn',
      'person.restricted',
      'person.merged_into_id',
      'address.line1',
      'address.town',
      'address.postcode',
      eb
        .selectFrom('person as merged')
        .whereRef('merged.merged_into_id', '=', 'person.id')
        .select((count) => count.fn.countAll<string>().as('n'))
        .as('merged_into_this'),
      eb
        .selectFrom('contact_child')
        .whereRef('contact_child.person_id', '=', 'person.id')
        .where('contact_child.status', '!=', 'completed')
        .select((count) => count.fn.countAll<string>().as('n'))
        .as('open_contacts'),
      eb
        .selectFrom('involvement')
        .whereRef('involvement.person_id', '=', 'person.id')
        .where('involvement.ended_on', 'is', null)
        .select((count) => count.fn.countAll<string>().as('n'))
        .as('open_involvements'),
    ])
    .executeTakeFirst();
  if (!person) throw new RecordNotFoundError('Person');
  return {
    ...person,
    merged_into_this: Number(person.merged_into_this ?? 0),
    open_contacts: Number(person.open_contacts ?? 0),
    open_involvements: Number(person.open_involvements ?? 0),
  };
}

function factsOf(summary: PersonSummary): MergeRecordFacts {
  return {
    id: summary.id,
    givenName: summary.given_name,
    familyName: summary.family_name,
    dateOfBirth: summary.date_of_birth,
    expectedDateOfBirth: summary.expected_date_of_birth,
    sex: summary.sex,
    nhsNumber: summary.nhs_number,
    upn: summary.upn,
    restricted: summary.restricted,
    mergedIntoId: summary.merged_into_id,
    mergedIntoThis: summary.merged_into_this,
    openContacts: summary.open_contacts,
    openInvolvements: summary.open_involvements,
  };
}

/**
 * Whether one is a parent or carer of the other (in a household they share, or named so on a contact
 * about the other), and whether the pair was recorded as not the same person.
 */
async function loadPairFacts(db: Db, a: number, b: number): Promise<MergePairFacts> {
  const { rows } = await sql<{ related: boolean }>`
    select exists (
      select 1 from household_member adult
        join household_member child on child.household_id = adult.household_id
      where adult.role in ('parent', 'carer') and child.role = 'child'
        and ((adult.person_id = ${a} and child.person_id = ${b}) or (adult.person_id = ${b} and child.person_id = ${a}))
    ) or exists (
      select 1 from contact_person adult
        join contact_child child on child.contact_id = adult.contact_id
      where adult.role = 'parent_or_carer'
        and ((adult.person_id = ${a} and child.person_id = ${b}) or (adult.person_id = ${b} and child.person_id = ${a}))
    ) as related`.execute(db);
  const notSame = await db
    .selectFrom('duplicate_pair')
    .select('not_same_reason')
    .where('first_person_id', '=', Math.min(a, b))
    .where('second_person_id', '=', Math.max(a, b))
    .where('not_same_at', 'is not', null)
    .executeTakeFirst();
  return {
    parentOrCarerOfOther: Boolean(rows[0]?.related),
    recordedNotSame: notSame?.not_same_reason ? { reason: notSame.not_same_reason } : null,
  };
}

function todayOf(now: Date): string {
  return ukTimeOf(now).toISODate() ?? now.toISOString().slice(0, 10);
}
