import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import {
  contactIdVisibleTo,
  personIdVisibleTo,
  RecordNotFoundError,
  type RecordAccess,
} from '../../../platform/access/record-access.ts';
import { councilCalendar } from '../../../platform/council/council-settings.ts';
import { searchPeople, restrictedRecordMayMatch, type PersonSearchForm } from '../../people/person-search.ts';
import type { NewConsultation } from './consultation-form.ts';
import { followUpDueAt, followUpState } from './follow-up-rules.ts';

const RECENT = 50;
/** The follow-up list looks back this far: older advice is for supervision, not a chase. */
const FOLLOW_UP_LIST_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

export function listAgencies(db: Db) {
  return db.selectFrom('agency').select(['id', 'name']).orderBy('name').execute();
}

/**
 * Records the advice given. Linking it to a child needs the same right as seeing the child: answers
 * 'child_not_visible' (and records nothing) for a child the actor cannot find in the person index.
 * When a referral was advised, the follow-up falls due FOLLOW_UP_WORKING_DAYS working days later.
 */
export async function recordConsultation(
  access: RecordAccess,
  consultation: NewConsultation
): Promise<{ recorded: number } | 'child_not_visible'> {
  if (consultation.personId !== undefined && !(await canSee(access, consultation.personId)))
    return 'child_not_visible';
  const id = await access.recordChange('consultation:record', 'consultation.record', async (trx) => {
    const dueAt = followUpDueAt(
      consultation.consultedAt,
      consultation.referralExpected,
      await councilCalendar(trx)
    );
    const id = await insertConsultation(trx, consultation, access.actor.userId, dueAt);
    return {
      recordType: 'consultation',
      recordId: id,
      result: id,
      details: {
        agencyId: consultation.agencyId ?? null,
        personId: consultation.personId ?? null,
        childNotKnown: consultation.childName !== undefined,
        referralExpected: consultation.referralExpected,
        concernCodes: consultation.concernCodes,
      },
    };
  });
  return { recorded: id };
}

async function canSee(access: RecordAccess, personId: number): Promise<boolean> {
  try {
    await access.assertPersonVisible(personId);
    return true;
  } catch (error) {
    if (error instanceof RecordNotFoundError) return false;
    throw error;
  }
}

/** The child a consultation is about, when the actor may see them (read as a view); else undefined. */
export async function readConsultedChild(access: RecordAccess, personId: number) {
  if (!(await canSee(access, personId))) return undefined;
  return access.readPerson(personId, (db) =>
    db
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'date_of_birth'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow()
  );
}

/**
 * The person index searched for the child being talked about, with the matching engine the contact
 * form and /people use (audited as a search); and whether a restricted record may match, never which.
 */
export async function searchForChild(access: RecordAccess, search: PersonSearchForm) {
  const restrictedMayMatch = await restrictedRecordMayMatch(access, search);
  const matches = await searchPeople(access, search);
  return { matches, restrictedMayMatch };
}

/** The latest consultations, audited as a list. */
export function listConsultations(access: RecordAccess, now: Date) {
  return access.withPermission(
    'consultation:record',
    { action: 'consultation.list', recordType: 'consultation' },
    (db) => listRecentConsultations(db, access.actor, now, { limit: RECENT })
  );
}

/** Follow-ups shown a page at a time: a large council advises hundreds of referrals a month. */
export const FOLLOW_UPS_PAGE_SIZE = 50;

/**
 * Consultations of the last FOLLOW_UP_LIST_DAYS that advised a referral, overdue first, then waiting,
 * then those a contact has followed (each group soonest due first); audited as a list. One page (from 1)
 * at a time, with how many there are in all.
 */
export async function listFollowUps(access: RecordAccess, now: Date, page = 1) {
  const since = new Date(now.getTime() - FOLLOW_UP_LIST_DAYS * DAY_MS);
  const [rows, total] = await access.withPermission(
    'consultation:record',
    { action: 'consultation.list', recordType: 'consultation', details: { followUps: true, page } },
    (db) =>
      Promise.all([
        listRecentConsultations(db, access.actor, now, {
          followUpsSince: since,
          followUpPage: { page, size: FOLLOW_UPS_PAGE_SIZE },
        }),
        db
          .selectFrom('consultation')
          .where('follow_up_due_at', 'is not', null)
          .where('consulted_at', '>=', since)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.n)),
      ])
  );
  return { rows, total };
}

/**
 * One consultation, audited as viewed. About a child, it is also a read of the child's record:
 * "not found" for a child (or a contact that followed) the actor may not see.
 */
export async function readConsultation(access: RecordAccess, id: number, now: Date) {
  const [row] = await access.withPermission(
    'consultation:record',
    { action: 'consultation.view', recordType: 'consultation', recordId: id },
    (db) => listRecentConsultations(db, access.actor, now, { id })
  );
  if (!row || row.restricted) throw new RecordNotFoundError('Consultation');
  const child =
    row.person_id === null
      ? undefined
      : await access.readPerson(row.person_id, (db) =>
          db
            .selectFrom('person')
            .select(['id', 'given_name', 'family_name', 'date_of_birth'])
            .where('id', '=', row.person_id!)
            .executeTakeFirstOrThrow()
        );
  return { ...row, child };
}

async function insertConsultation(
  trx: Db,
  consultation: NewConsultation,
  advisedBy: number,
  followUpDue: Date | null
): Promise<number> {
  const row = await trx
    .insertInto('consultation')
    .values({
      consulted_at: consultation.consultedAt,
      advised_by: advisedBy,
      professional_name: consultation.professionalName,
      professional_role: consultation.professionalRole ?? null,
      organisation: consultation.organisation,
      agency_id: consultation.agencyId ?? null,
      phone: consultation.phone ?? null,
      email: consultation.email ?? null,
      person_id: consultation.personId ?? null,
      child_name: consultation.childName ?? null,
      child_age_years: consultation.childAgeYears ?? null,
      child_description: consultation.childDescription ?? null,
      concerns: consultation.concerns,
      concern_codes: consultation.concernCodes,
      advice: consultation.advice,
      referral_expected: consultation.referralExpected,
      follow_up_due_at: followUpDue,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The first contact that followed a consultation (in `alias`): one recorded from it (either link), else
 * the first contact about the child (or a record merged into theirs) received since. It closes the
 * consultation's follow-up. The child's records are looked up as one list, so the child's contacts are
 * found by the person index rather than by walking every contact received since.
 */
export function followingContactId(alias: string): RawBuilder<number | null> {
  const c = sql.table(alias);
  return sql<number | null>`coalesce(
    ${c}.contact_id,
    (select fc.id from contact fc where fc.consultation_id = ${c}.id order by fc.received_at limit 1),
    (select fc.id from contact_child fcc join contact fc on fc.id = fcc.contact_id
      where fcc.person_id = any (array(
          select ${c}.person_id union all select fp.id from person fp where fp.merged_into_id = ${c}.person_id))
        and fc.received_at >= ${c}.consulted_at
      order by fc.received_at limit 1))`;
}

/**
 * Consultations, newest first, with the contact that followed. One about a child the actor may not
 * see (a restricted record, or a contact that followed naming one) says "Restricted record" instead
 * of the child and the contact.
 */
async function listRecentConsultations(
  db: Db,
  actor: Actor,
  now: Date,
  which: {
    limit?: number;
    id?: number;
    followUpsSince?: Date;
    /** In the follow-up list's order (overdue, waiting, followed; soonest due first), one page of it. */
    followUpPage?: { page: number; size: number };
  }
) {
  let base = db
    .selectFrom('consultation as c')
    .innerJoin('staff_user as adviser', 'adviser.id', 'c.advised_by')
    .leftJoin('agency', 'agency.id', 'c.agency_id')
    .selectAll('c')
    .select(['adviser.display_name as advised_by_name', 'agency.name as agency_name'])
    .select(followingContactId('c').as('followed_contact_id'))
    .orderBy('c.consulted_at', 'desc')
    .orderBy('c.id', 'desc');
  if (which.id !== undefined) base = base.where('c.id', '=', which.id);
  if (which.followUpsSince)
    base = base
      .where('c.follow_up_due_at', 'is not', null)
      .where('c.consulted_at', '>=', which.followUpsSince);
  if (which.limit !== undefined) base = base.limit(which.limit);
  const rows = db
    .selectFrom(base.as('c'))
    .leftJoin('contact as followed', 'followed.id', 'c.followed_contact_id')
    .select([
      'c.id',
      'c.consulted_at',
      'c.professional_name',
      'c.professional_role',
      'c.organisation',
      'c.agency_name',
      'c.phone',
      'c.email',
      'c.person_id',
      'c.child_name',
      'c.child_age_years',
      'c.child_description',
      'c.concerns',
      'c.concern_codes',
      'c.advice',
      'c.referral_expected',
      'c.follow_up_due_at',
      'c.advised_by_name',
      'followed.id as contact_id',
      'followed.reference as contact_reference',
      'followed.received_at as contact_received_at',
      sql<boolean>`${personIdVisibleTo(actor, 'c.person_id')} and ${contactIdVisibleTo(actor, 'followed.id')}`.as(
        'visible'
      ),
    ]);
  const ordered = which.followUpPage
    ? rows
        // As followUpState says it: a contact that followed closes it, else overdue once due.
        .orderBy(
          sql`case when followed.id is not null then 2 when c.follow_up_due_at <= ${now} then 0 else 1 end`
        )
        .orderBy('c.follow_up_due_at')
        .orderBy('c.id')
        .limit(which.followUpPage.size)
        .offset((which.followUpPage.page - 1) * which.followUpPage.size)
    : rows.orderBy('c.consulted_at', 'desc').orderBy('c.id', 'desc');
  return (await ordered.execute()).map(({ visible, ...row }) => {
    const followUp = followUpState(
      { dueAt: row.follow_up_due_at, contactArrived: row.contact_id !== null },
      now
    );
    if (visible) return { ...row, followUp, restricted: false };
    return {
      ...row,
      followUp,
      restricted: true,
      person_id: null,
      child_name: null,
      child_age_years: null,
      child_description: null,
      concerns: '',
      advice: '',
      contact_id: null,
      contact_reference: null,
      contact_received_at: null,
    };
  });
}
