import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { RowOf } from '../../../platform/db/select-together.ts';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';
import { childRecordIds } from '../history/history-queries.ts';
import { decidePersonRead } from '../../../platform/access/record-policy.ts';
import { relationshipKindOf, relationshipLabel } from './relationship-kinds.ts';

/**
 * Relates every adult named on a contact to every child on it linked to a record, with the coded
 * relationship, the contact and its household. Called whenever either side is linked (recording the
 * contact, adding a person, linking a child when screening); a relationship already current is kept.
 */
export async function relateContactPeople(
  trx: Db,
  contactId: number,
  context: { recordedBy: number | null; now: Date }
): Promise<number> {
  const pairs = await trx
    .selectFrom('contact_person as adult')
    .innerJoin('contact_child as child', 'child.contact_id', 'adult.contact_id')
    .innerJoin('contact', 'contact.id', 'adult.contact_id')
    .where('adult.contact_id', '=', contactId)
    .where('child.person_id', 'is not', null)
    .whereRef('child.person_id', '<>', 'adult.person_id')
    .select([
      'child.person_id as child_id',
      'adult.person_id as adult_id',
      'adult.role',
      'adult.relationship',
      'adult.relationship_kind',
      'contact.household_id',
    ])
    .$narrowType<{ child_id: number }>()
    .execute();
  if (pairs.length === 0) return 0;
  const inserted = await trx
    .insertInto('person_relationship')
    .values(
      pairs.map((pair) => ({
        person_id: pair.child_id,
        relative_id: pair.adult_id,
        kind: relationshipKindOf(pair.role, pair.relationship, pair.relationship_kind ?? undefined),
        detail: pair.relationship,
        household_id: pair.household_id,
        contact_id: contactId,
        recorded_by: context.recordedBy,
        recorded_at: context.now,
      }))
    )
    .onConflict((conflict) =>
      conflict.columns(['person_id', 'relative_id', 'kind']).where('ended_on', 'is', null).doNothing()
    )
    .returning('id')
    .execute();
  return inserted.length;
}

export interface Viewer {
  access: RecordAccess;
}

/** Why a merge ended a relationship of the record merged away; undoing the merge starts it again. */
export const ENDED_BY_MERGE = 'Recorded on both records: kept on the record they were merged into';

/**
 * Every relationship of the person (under any of `recordIds`, their own and those merged into it),
 * both ways: "Mother: Jane Smith" where someone is related to them, "Mother of: Amy Smith" where they
 * are related to someone. Each other person is judged by the record policy as if the viewer had opened
 * their record: a restricted relative is shown as restricted, never named. Current first, then ended.
 */
export async function loadRelationships(db: Db, recordIds: number[], viewer: Viewer) {
  return relationshipsFrom(await relationshipsQuery(db, recordIds, viewer).execute(), recordIds, viewer);
}

/** The rows behind loadRelationships, for a caller sending it with other reads (selectTogether). */
export function relationshipsQuery(db: Db, recordIds: number[], viewer: Viewer) {
  return (
    db
      .selectFrom('person_relationship as r')
      .innerJoin('person', (join) =>
        join.on(
          sql<boolean>`person.id = case when r.person_id in (${sql.join(recordIds)}) then r.relative_id else r.person_id end`
        )
      )
      .leftJoin('contact', 'contact.id', 'r.contact_id')
      .leftJoin('staff_user as recorder', 'recorder.id', 'r.recorded_by')
      .where((eb) => eb.or([eb('r.person_id', 'in', recordIds), eb('r.relative_id', 'in', recordIds)]))
      // A copy a merge ended is the kept record's own relationship shown twice.
      .where((eb) => eb.or([eb('r.ended_reason', 'is', null), eb('r.ended_reason', '<>', ENDED_BY_MERGE)]))
      .select((eb) => [
        'r.id',
        'r.kind',
        'r.detail',
        'r.person_id',
        'r.recorded_at',
        'r.ended_on',
        'r.ended_reason',
        'contact.id as contact_id',
        'contact.reference as contact_reference',
        'recorder.display_name as recorded_by_name',
        'person.id as other_id',
        'person.merged_into_id as other_merged_into_id',
        'person.given_name',
        'person.family_name',
        'person.date_of_birth',
        'person.restricted',
        ...viewer.access.personFactColumns(eb),
      ])
      .orderBy(sql`r.ended_on is not null`)
      .orderBy('r.recorded_at')
      .orderBy('r.id')
  );
}

export function relationshipsFrom(
  rows: RowOf<ReturnType<typeof relationshipsQuery>>[],
  recordIds: number[],
  viewer: Viewer
) {
  return rows.map((row) => {
    const side = recordIds.includes(row.person_id) ? ('to' as const) : ('of' as const);
    const visible = decidePersonRead(viewer.access.actor, {
      restricted: row.restricted,
      grantedToActor: Boolean(row.granted),
    }).allowed;
    return {
      id: row.id,
      kind: row.kind,
      label: relationshipLabel(row.kind, side),
      /** This person is the child of the relationship: the relative may be ended from their record. */
      side,
      detail: row.detail,
      recordedAt: row.recorded_at,
      recordedBy: row.recorded_by_name,
      contact: row.contact_id === null ? null : { id: row.contact_id, reference: row.contact_reference },
      endedOn: row.ended_on,
      endedReason: row.ended_reason,
      other: visible
        ? {
            restricted: false as const,
            // A merged-away relative is shown as the record they were merged into.
            id: row.other_merged_into_id ?? row.other_id,
            name: `${row.given_name} ${row.family_name}`,
            dateOfBirth: row.date_of_birth,
          }
        : { restricted: true as const },
    };
  });
}

export type Relationship = Awaited<ReturnType<typeof loadRelationships>>[number];

/** The people related to a child (under any of their records) the viewer may see, for the family's themes. */
export function visibleRelatives(relationships: Relationship[]): number[] {
  return [
    ...new Set(
      relationships.flatMap((relationship) =>
        relationship.endedOn === null && !relationship.other.restricted ? [relationship.other.id] : []
      )
    ),
  ];
}

/** The relationship, read through the person's record (audited); "not found" once ended or not theirs. */
export async function readRelationshipToEnd(
  access: RecordAccess,
  ids: { id: number; relationshipId: number }
) {
  return access.readPerson(ids.id, async (db) => {
    const person = await db
      .selectFrom('person')
      .where('id', '=', ids.id)
      .select(['id', 'given_name', 'family_name'])
      .executeTakeFirstOrThrow();
    const relationships = await loadRelationships(db, await childRecordIds(db, ids.id), { access });
    const relationship = relationships.find((one) => one.id === ids.relationshipId && !one.endedOn);
    if (!relationship) throw new RecordNotFoundError('Relationship');
    return { person, relationship };
  });
}

/**
 * Ends a current relationship seen from either person's record (the record being read, so the access
 * layer has checked it): it stays on both records as ended, with who ended it, when and why. Audited
 * with the change.
 */
export async function endRelationship(
  access: RecordAccess,
  ended: { personId: number; relationshipId: number; endedOn: string; reason: string }
): Promise<boolean> {
  await access.assertPersonVisible(ended.personId);
  return access.recordChange('contact:record', 'person.relationship_end', async (trx) => {
    const row = await trx
      .updateTable('person_relationship')
      .set({ ended_on: ended.endedOn, ended_reason: ended.reason, ended_by: access.actor.userId })
      .where('id', '=', ended.relationshipId)
      .where('ended_on', 'is', null)
      .where((eb) => eb.or([eb('person_id', '=', ended.personId), eb('relative_id', '=', ended.personId)]))
      .returning(['id', 'person_id', 'relative_id'])
      .executeTakeFirst();
    return {
      recordType: 'person',
      recordId: ended.personId,
      result: row !== undefined,
      details: row
        ? { relationshipEnded: row.id, personIds: [row.person_id, row.relative_id] }
        : { relationshipEnded: null },
    };
  });
}
