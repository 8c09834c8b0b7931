import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { requestedChildIdVisibleTo, type RecordAccess } from '../../platform/access/record-access.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { childNameOf } from '../people/child-name.ts';
import type { AttendeeInput } from './mash-meeting-rules.ts';

/*
 * Who attended a day's MASH meeting (the council's staff and partner agencies' representatives, each
 * with their agency), and the meeting as a partner agency's staff may see it: only the children their
 * agency was involved in.
 */

/** A day's meeting record and its attendees (none until someone records them). */
export async function loadAttendees(db: Db, meetingDate: string) {
  const meeting = await db
    .selectFrom('mash_meeting')
    .innerJoin('staff_user', 'staff_user.id', 'mash_meeting.recorded_by')
    .where('meeting_date', '=', meetingDate)
    .select([
      'mash_meeting.id',
      'mash_meeting.version',
      'mash_meeting.recorded_at',
      'staff_user.display_name as recorded_by',
    ])
    .executeTakeFirst();
  const attendees = meeting
    ? await db
        .selectFrom('mash_meeting_attendee')
        .innerJoin('agency', 'agency.id', 'mash_meeting_attendee.agency_id')
        .where('mash_meeting_id', '=', meeting.id)
        .select([
          'mash_meeting_attendee.staff_user_id',
          'mash_meeting_attendee.name',
          'mash_meeting_attendee.role',
          'mash_meeting_attendee.agency_id',
          'agency.name as agency_name',
          'agency.kind as agency_kind',
        ])
        .orderBy(sql`agency.kind = 'council'`, 'desc')
        .orderBy('agency.name')
        .orderBy('mash_meeting_attendee.name')
        .execute()
    : [];
  return { meeting: meeting ?? null, attendees };
}

/** Every agency, for the attendee and minutes forms. */
export function agencyChoices(db: Db) {
  return db.selectFrom('agency').select(['id', 'name', 'kind']).orderBy('name').execute();
}

/** Active staff of every agency, for naming an attendee with an account. */
export function staffChoices(db: Db) {
  return db
    .selectFrom('staff_user')
    .innerJoin('agency', 'agency.id', 'staff_user.agency_id')
    .where('staff_user.active', '=', true)
    .select(['staff_user.id', 'staff_user.display_name', 'agency.name as agency_name'])
    .orderBy('staff_user.display_name')
    .execute();
}

/**
 * Replaces the meeting's attendees, audited. `openedVersion` is the version the form showed (0 for a
 * meeting nobody has recorded yet), so a second person saving from an older page is told (a
 * FormProblem) rather than overwriting. A named member of staff attends for their own agency.
 */
export function saveAttendees(
  access: RecordAccess,
  save: { meetingDate: string; openedVersion: number; attendees: AttendeeInput[]; now: Date }
): Promise<number> {
  return access.recordChange('screening:record', 'mash.attendees', async (trx) => {
    const meetingId = await claimMeeting(trx, save, access.actor.userId);
    const rows = await resolveAttendees(trx, save.attendees);
    await trx.deleteFrom('mash_meeting_attendee').where('mash_meeting_id', '=', meetingId).execute();
    await trx
      .insertInto('mash_meeting_attendee')
      .values(rows.map((row) => ({ ...row, mash_meeting_id: meetingId })))
      .execute();
    return {
      recordType: 'mash_meeting',
      recordId: meetingId,
      result: meetingId,
      details: {
        meetingDate: save.meetingDate,
        attendees: rows.length,
        agencyIds: [...new Set(rows.map((row) => row.agency_id))],
      },
    };
  });
}

const CHANGED_MESSAGE =
  'Someone else saved who attended since you opened this page. Their list is shown; your rows are ' +
  'still in the form. Check them and save again.';

/** The meeting's id, its version moved on from the one the form showed; a FormProblem when it moved since. */
async function claimMeeting(
  trx: Db,
  save: { meetingDate: string; openedVersion: number; now: Date },
  recordedBy: number
): Promise<number> {
  if (save.openedVersion === 0) {
    const created = await trx
      .insertInto('mash_meeting')
      .values({ meeting_date: save.meetingDate, recorded_by: recordedBy, recorded_at: save.now })
      .onConflict((conflict) => conflict.column('meeting_date').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!created) throw new FormProblem('attendee-0-staff', CHANGED_MESSAGE);
    return created.id;
  }
  const claimed = await trx
    .updateTable('mash_meeting')
    .set({ version: sql`version + 1`, recorded_by: recordedBy, recorded_at: save.now })
    .where('meeting_date', '=', save.meetingDate)
    .where('version', '=', save.openedVersion)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) throw new FormProblem('attendee-0-staff', CHANGED_MESSAGE);
  return claimed.id;
}

/** Rows to store: a member of staff by their own name and agency, else as typed (agency checked to exist). */
async function resolveAttendees(trx: Db, attendees: AttendeeInput[]) {
  const staffIds = attendees.flatMap((row) => (row.staffUserId === null ? [] : [row.staffUserId]));
  const agencyIds = attendees.flatMap((row) => (row.agencyId === null ? [] : [row.agencyId]));
  const [staff, agencies] = await Promise.all([
    staffIds.length
      ? trx
          .selectFrom('staff_user')
          .where('id', 'in', staffIds)
          .where('active', '=', true)
          .select(['id', 'display_name', 'agency_id'])
          .execute()
      : [],
    agencyIds.length ? trx.selectFrom('agency').where('id', 'in', agencyIds).select('id').execute() : [],
  ]);
  return attendees.map((row, index) => {
    if (row.staffUserId !== null) {
      const member = staff.find((candidate) => candidate.id === row.staffUserId);
      if (!member)
        throw new FormProblem(
          `attendee-${index}-staff`,
          `Attendee ${index + 1}: choose someone from the list`
        );
      return {
        staff_user_id: member.id,
        name: member.display_name,
        agency_id: member.agency_id,
        role: row.role,
      };
    }
    if (!agencies.some((agency) => agency.id === row.agencyId))
      throw new FormProblem(
        `attendee-${index}-agency`,
        `Attendee ${index + 1}: select the agency from the list`
      );
    return { staff_user_id: null, name: row.name!, agency_id: row.agencyId!, role: row.role };
  });
}

/** Meetings a partner agency attended or was involved in, newest first. */
export function listMeetingsForAgency(access: RecordAccess) {
  const agencyId = access.actor.agencyId;
  return access.withPermission<string[]>(
    'information_request:respond',
    (rows) => ({
      action: 'mash.partner_view',
      recordType: 'mash_meeting',
      details: { list: true, agencyId, meetings: rows.length },
    }),
    async (db) => {
      const attended = db
        .selectFrom('mash_meeting')
        .innerJoin('mash_meeting_attendee', 'mash_meeting_attendee.mash_meeting_id', 'mash_meeting.id')
        .where('mash_meeting_attendee.agency_id', '=', agencyId)
        .select('mash_meeting.meeting_date');
      const involved = db
        .selectFrom('mash_discussion')
        .innerJoin(
          'mash_discussion_agency',
          'mash_discussion_agency.mash_discussion_id',
          'mash_discussion.id'
        )
        .where('mash_discussion_agency.agency_id', '=', agencyId)
        .select('mash_discussion.meeting_date');
      const dates = await attended.union(involved).execute();
      return dates
        .map((row) => row.meeting_date)
        .sort((a, b) => (a < b ? 1 : -1))
        .slice(0, 100);
    }
  );
}

/**
 * A meeting as a partner agency's staff may see it: who attended, and only the children their agency was
 * involved in (never a restricted child without a grant), each with the question, minutes, decision and
 * actions, nothing more of the child's record. "Not found" (and the refusal audited) when their agency
 * neither attended nor was involved. The read is audited with every child shown.
 */
export async function readMeetingForAgency(access: RecordAccess, meetingDate: string) {
  const agencyId = access.actor.agencyId;
  const view = await access.withPermission<AgencyMeeting | null>(
    'information_request:respond',
    (result) =>
      result
        ? {
            action: 'mash.partner_view',
            recordType: 'mash_meeting',
            recordId: meetingDate,
            details: {
              meetingDate,
              agencyId,
              items: result.items.length,
              personIds: result.items.flatMap((item) => (item.person_id === null ? [] : [item.person_id])),
            },
          }
        : {
            action: 'access.denied',
            recordType: 'mash_meeting',
            recordId: meetingDate,
            details: { attempted: 'mash.partner_view', reason: 'agency_scope' },
          },
    (db) => agencyMeeting(db, access, meetingDate)
  );
  if (!view) throw new RecordNotFoundError('MASH meeting');
  return view;
}

type AgencyMeeting = NonNullable<Awaited<ReturnType<typeof agencyMeeting>>>;

/** The meeting's attendees and the visible children the actor's agency was involved in; null when neither. */
async function agencyMeeting(db: Db, access: RecordAccess, meetingDate: string) {
  const agencyId = access.actor.agencyId;
  const { meeting, attendees } = await loadAttendees(db, meetingDate);
  const rows = await db
    .selectFrom('mash_discussion')
    .innerJoin('mash_discussion_agency', 'mash_discussion_agency.mash_discussion_id', 'mash_discussion.id')
    .innerJoin('contact_child', 'contact_child.id', 'mash_discussion.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .leftJoin('person', 'person.id', 'contact_child.person_id')
    .where('mash_discussion.meeting_date', '=', meetingDate)
    .where('mash_discussion_agency.agency_id', '=', agencyId)
    .where(requestedChildIdVisibleTo(access.actor, 'contact_child.id'))
    .select([
      'mash_discussion.id',
      'mash_discussion.question',
      'mash_discussion.minutes',
      'mash_discussion.outcome',
      'mash_discussion.agreed_level',
      'mash_discussion.discussed_at',
      'contact.reference',
      'contact_child.person_id',
      'contact_child.described_child',
      'person.given_name',
      'person.family_name',
    ])
    .orderBy('mash_discussion.added_at')
    .orderBy('mash_discussion.id')
    .execute();
  const represented = attendees.some((attendee) => attendee.agency_id === agencyId);
  if (!represented && rows.length === 0) return null;
  const actions = rows.length
    ? await db
        .selectFrom('mash_discussion_action')
        .leftJoin('agency', 'agency.id', 'mash_discussion_action.agency_id')
        .where(
          'mash_discussion_action.mash_discussion_id',
          'in',
          rows.map((row) => row.id)
        )
        .select([
          'mash_discussion_action.mash_discussion_id',
          'mash_discussion_action.action',
          'mash_discussion_action.owner',
          'mash_discussion_action.agency_id',
          'mash_discussion_action.due_on',
          'agency.name as agency_name',
        ])
        .orderBy('mash_discussion_action.due_on')
        .orderBy('mash_discussion_action.id')
        .execute()
    : [];
  return {
    recordedAt: meeting?.recorded_at ?? null,
    attendees,
    items: rows.map((row) => ({
      ...row,
      childName: childNameOf(row),
      actions: actions.filter((action) => action.mash_discussion_id === row.id),
    })),
  };
}
