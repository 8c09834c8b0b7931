import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { RowOf } from '../../../platform/db/select-together.ts';
import { contactIdVisibleTo, type RecordAccess } from '../../../platform/access/record-access.ts';
import { decidePersonRead } from '../../../platform/access/record-policy.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import type { AdultConcern, FamilyConcern } from './family-themes.ts';
import type { Involvement } from './household-warnings.ts';

/**
 * Queries behind a child's history, each with the function that makes its rows into what the page shows:
 * loadChildHistory sends those it needs at once together (selectTogether). They run inside
 * `access.readPerson`, which has already let the viewer see the child; everyone else they touch is
 * checked here against the same record policy.
 */

export interface Viewer {
  access: RecordAccess;
  now: Date;
}

/**
 * The other members of the child's households, each judged by the record policy as if the viewer
 * had opened their record. Restricted people are only counted: never named, and their contacts and
 * involvement are not read.
 */
export function linkedPeopleFrom(rows: RowOf<ReturnType<typeof householdQuery>>[], viewer: Viewer) {
  const unique = [...new Map(rows.map((row) => [row.id, row])).values()];
  const judged = unique.map((row) => ({
    row,
    decision: decidePersonRead(viewer.access.actor, accessFacts(row)),
  }));
  const refusedFor = (reason: string) =>
    judged.filter(({ decision }) => !decision.allowed && decision.reason === reason).length;
  return {
    members: judged
      .filter(({ decision }) => decision.allowed)
      .map(({ row }) => ({
        id: row.id,
        given_name: row.given_name,
        family_name: row.family_name,
        date_of_birth: row.date_of_birth,
        relationship: row.role === 'child' && row.subject_role === 'child' ? 'sibling' : row.role,
      })),
    restrictedCount: refusedFor('restricted'),
  };
}

/** The households of the child's record and of any record merged into it; merged-away people are not listed. */
export function householdQuery(db: Db, childRecordIds: number[], viewer: Viewer) {
  return db
    .selectFrom('household_member as mine')
    .innerJoin('household_member as other', 'other.household_id', 'mine.household_id')
    .innerJoin('person', 'person.id', 'other.person_id')
    .where('mine.person_id', 'in', childRecordIds)
    .where('other.person_id', 'not in', childRecordIds)
    .where('person.merged_into_id', 'is', null)
    .select((eb) => [
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.restricted',
      'other.role',
      'mine.role as subject_role',
      ...viewer.access.personFactColumns(eb),
    ])
    .orderBy('person.date_of_birth')
    .orderBy('person.id');
}

function accessFacts(row: { restricted: boolean; granted: unknown }) {
  return {
    restricted: row.restricted,
    grantedToActor: Boolean(row.granted),
  };
}

/**
 * Every contact about the child (under any record merged into theirs), newest first, with its coded
 * concerns, outcome and any referral.
 */
export function contactHistoryQuery(db: Db, childRecordIds: number[]) {
  return db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .leftJoin('decision as d', (join) =>
      join.onRef('d.contact_child_id', '=', 'cc.id').on('d.status', '=', 'authorised')
    )
    .leftJoin('referral as r', 'r.contact_child_id', 'cc.id')
    .where('cc.person_id', 'in', childRecordIds)
    .select([
      'cc.id as contact_child_id',
      'c.id as contact_id',
      'c.reference',
      'c.received_at',
      'c.referral_source',
      'c.channel',
      'cc.rag',
      'cc.status',
      'd.outcome',
      'r.id as referral_id',
      'r.referral_date',
      'r.is_rereferral',
      sql<
        string[]
      >`array(select factor_code from contact_concern where contact_child_id = cc.id order by factor_code)`.as(
        'concerns'
      ),
    ])
    .orderBy('c.received_at', 'desc')
    .orderBy('cc.id', 'desc');
}

/** The coded concerns on every contact since `since` about any of `personIds`. */
export function familyConcernQuery(db: Db, personIds: number[], since: Date) {
  return db
    .selectFrom('contact_concern as cn')
    .innerJoin('contact_child as cc', 'cc.id', 'cn.contact_child_id')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .where('cc.person_id', 'in', personIds)
    .where('c.received_at', '>=', since)
    .select(['c.id', 'c.received_at', 'c.channel', 'c.referral_source', 'cc.person_id', 'cn.factor_code'])
    .$narrowType<{ person_id: number }>();
}

/** The family's concerns from contacts and from consultations no contact followed, as one list. */
export function familyConcernsFrom(
  rows: RowOf<ReturnType<typeof familyConcernQuery>>[],
  consultations: RowOf<ReturnType<typeof consultationConcernQuery>>[],
  childRecordIds: number[]
): FamilyConcern[] {
  return [
    ...rows.map((row) => ({
      contactId: row.id,
      receivedOn: londonDateOf(row.received_at),
      channel: row.channel,
      referralSource: row.referral_source,
      personId: row.person_id,
      isSubject: childRecordIds.includes(row.person_id),
      factorCode: row.factor_code,
    })),
    ...consultations.flatMap((row) =>
      row.concern_codes.map((factorCode) => ({
        contactId: row.id,
        receivedOn: londonDateOf(row.consulted_at),
        channel: 'consultation',
        referralSource: '',
        personId: row.person_id,
        isSubject: childRecordIds.includes(row.person_id),
        factorCode,
        consultation: true,
      }))
    ),
  ];
}

/**
 * The worries discussed in professional consultations about any of `personIds`. One that a contact
 * followed is left out: the contact carries the same worry, and one worry is one event.
 */
export function consultationConcernQuery(db: Db, personIds: number[], since: Date) {
  return db
    .selectFrom('consultation')
    .where('consultation.person_id', 'in', personIds)
    .where('consultation.consulted_at', '>=', since)
    .where('consultation.contact_id', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('contact')
            .select('contact.id')
            .whereRef('contact.consultation_id', '=', 'consultation.id')
        )
      )
    )
    .where(sql<boolean>`cardinality(consultation.concern_codes) > 0`)
    .select([
      'consultation.id',
      'consultation.consulted_at',
      'consultation.person_id',
      'consultation.concern_codes',
    ])
    .$narrowType<{ person_id: number }>();
}

/** The child's own record and any records merged into it: a merge never loses either side's history. */
export async function childRecordIds(db: Db, personId: number): Promise<number[]> {
  const merged = await db.selectFrom('person').where('merged_into_id', '=', personId).select('id').execute();
  return [personId, ...merged.map((row) => row.id)];
}

/** All involvement of `personIds`, newest first, with who holds it and any assessment due date. */
export function involvementQuery(db: Db, personIds: number[]) {
  return db
    .selectFrom('involvement')
    .leftJoin('team', 'team.id', 'involvement.team_id')
    .leftJoin('staff_user as worker', 'worker.id', 'involvement.worker_id')
    .where('involvement.person_id', 'in', personIds)
    .select([
      'involvement.person_id',
      'involvement.kind',
      'involvement.started_on',
      'involvement.ended_on',
      'involvement.assessment_due_on',
      'team.name as team_name',
      'worker.display_name as worker_name',
    ])
    .orderBy('involvement.started_on', 'desc')
    .orderBy('involvement.id', 'desc');
}

export function involvementsFrom(rows: RowOf<ReturnType<typeof involvementQuery>>[]): Involvement[] {
  return rows.map((row) => ({
    personId: row.person_id,
    kind: row.kind,
    startedOn: row.started_on,
    endedOn: row.ended_on,
    teamName: row.team_name,
    workerName: row.worker_name,
    assessmentDueOn: row.assessment_due_on,
  }));
}

/**
 * A row when any of the child's records is held restricted because it may be the same child as a
 * restricted record: their history here may then be incomplete. Says nothing about the other record.
 */
export function restrictedMatchReviewQuery(db: Db, childRecordIds: number[]) {
  return db
    .selectFrom('restricted_match_review')
    .where('person_id', 'in', childRecordIds)
    .where('decided_at', 'is', null)
    .select('id')
    .limit(1);
}

/**
 * The adults named on the child's own contacts (parents, carers, a person alleged to cause harm), each
 * judged by the record policy: restricted ones are left out, so nothing is read about them.
 */
export function adultsNamedQuery(db: Db, childRecordIds: number[], viewer: Viewer) {
  return db
    .selectFrom('contact_person as cp')
    .innerJoin('contact_child as cc', 'cc.contact_id', 'cp.contact_id')
    .innerJoin('person', 'person.id', 'cp.person_id')
    .where('cc.person_id', 'in', childRecordIds)
    .where('cp.role', '<>', 'sibling')
    .where('person.merged_into_id', 'is', null)
    .select((eb) => [
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.restricted',
      ...viewer.access.personFactColumns(eb),
    ])
    .distinct();
}

export function adultsNamedFrom(rows: RowOf<ReturnType<typeof adultsNamedQuery>>[], viewer: Viewer) {
  return rows
    .filter((row) => decidePersonRead(viewer.access.actor, accessFacts(row)).allowed)
    .map((row) => ({ id: row.id, name: `${row.given_name} ${row.family_name}` }));
}

/**
 * The coded concerns on every contact since `since` that names any of `adultIds`, whichever family it
 * was about, in one query; contacts the viewer could not open are not counted.
 */
export function adultConcernQuery(db: Db, adultIds: number[], since: Date, viewer: Viewer) {
  return (
    db
      .selectFrom('contact_person as cp')
      .innerJoin('contact as c', 'c.id', 'cp.contact_id')
      .innerJoin('contact_child as cc', 'cc.contact_id', 'c.id')
      .innerJoin('contact_concern as cn', 'cn.contact_child_id', 'cc.id')
      // No adults, no rows (an empty `in ()` is not SQL).
      .where((eb) => (adultIds.length > 0 ? eb('cp.person_id', 'in', adultIds) : eb.lit(false)))
      .where('c.received_at', '>=', since)
      .where(contactIdVisibleTo(viewer.access.actor, 'c.id'))
      .select([
        'cp.person_id as adult_id',
        'c.id',
        'c.received_at',
        'c.channel',
        'c.referral_source',
        'c.household_id',
        'cc.id as contact_child_id',
        'cc.person_id',
        'cn.factor_code',
      ])
  );
}

export function adultConcernsFrom(
  rows: RowOf<ReturnType<typeof adultConcernQuery>>[],
  childRecordIds: number[]
): AdultConcern[] {
  return rows.map((row) => ({
    adultId: row.adult_id,
    householdId: row.household_id,
    contactId: row.id,
    receivedOn: londonDateOf(row.received_at),
    channel: row.channel,
    referralSource: row.referral_source,
    // An unlinked child is still a different child: counted by their row on the contact.
    personId: row.person_id ?? -row.contact_child_id,
    isSubject: row.person_id !== null && childRecordIds.includes(row.person_id),
    factorCode: row.factor_code,
  }));
}
