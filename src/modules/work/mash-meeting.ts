import { DateTime } from 'luxon';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import {
  addWorkingDaysToDate,
  isWorkingDay,
  londonDateOf,
  type WorkingCalendar,
} from '../../shared/working-time.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import type { CouncilSettings } from '../../platform/db/schema.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { dueCountdownOf } from './out-of-hours.ts';
import { childNameOf } from '../people/child-name.ts';

/** The daily MASH meeting starts at 10:00 (London); a child added after that waits for the next one. */
export const MASH_MEETING_STARTS_AT_HOUR = 10;

/** The date of the next MASH meeting: today if it is a working day before 10:00, else the next working day. */
export function nextMeetingDate(now: Date, cal: WorkingCalendar): string {
  const today = londonDateOf(now);
  const hour = DateTime.fromJSDate(now, { zone: 'Europe/London' }).hour;
  if (isWorkingDay(today, cal) && hour < MASH_MEETING_STARTS_AT_HOUR) return today;
  return addWorkingDaysToDate(today, 1, cal);
}

export async function addToMashMeeting(
  trx: Db,
  item: {
    contactChildId: number;
    question: string;
    meetingDate: string;
    addedBy: number;
    now: Date;
    outOfHours: boolean;
  }
): Promise<number> {
  const row = await trx
    .insertInto('mash_discussion')
    .values({
      contact_child_id: item.contactChildId,
      meeting_date: item.meetingDate,
      question: item.question,
      added_by: item.addedBy,
      added_at: item.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordJourneyEvent(trx, {
    contactChildId: item.contactChildId,
    step: 'mash_meeting_added',
    at: item.now,
    actorId: item.addedBy,
    outOfHours: item.outOfHours,
    details: { mashDiscussionId: row.id, meetingDate: item.meetingDate },
  });
  return row.id;
}

/**
 * Records what the meeting agreed. Returns false when someone else recorded the outcome first, so
 * the second person is told rather than silently overwriting it.
 */
export async function recordMashOutcome(
  trx: Db,
  outcome: {
    id: number;
    contactChildId: number;
    outcome: string;
    agreedLevel: number;
    discussedBy: number;
    now: Date;
    outOfHours: boolean;
  }
): Promise<boolean> {
  const updated = await trx
    .updateTable('mash_discussion')
    .set({
      outcome: outcome.outcome,
      agreed_level: outcome.agreedLevel,
      discussed_by: outcome.discussedBy,
      discussed_at: outcome.now,
    })
    .where('id', '=', outcome.id)
    .where('discussed_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await recordJourneyEvent(trx, {
    contactChildId: outcome.contactChildId,
    step: 'mash_meeting_outcome',
    at: outcome.now,
    actorId: outcome.discussedBy,
    outOfHours: outcome.outOfHours,
    details: { mashDiscussionId: outcome.id, agreedLevel: outcome.agreedLevel },
  });
  return true;
}

const ITEM_COLUMNS = [
  'mash_discussion.id',
  'mash_discussion.contact_child_id',
  'mash_discussion.meeting_date',
  'mash_discussion.question',
  'mash_discussion.added_at',
  'mash_discussion.outcome',
  'mash_discussion.agreed_level',
  'mash_discussion.discussed_at',
  'added.display_name as added_by',
  'discussed.display_name as discussed_by',
] as const;

/** A child's MASH meeting items, newest meeting first, for the screening page (already authorised there). */
export function loadMashItems(db: Db, contactChildId: number) {
  return db
    .selectFrom('mash_discussion')
    .innerJoin('staff_user as added', 'added.id', 'mash_discussion.added_by')
    .leftJoin('staff_user as discussed', 'discussed.id', 'mash_discussion.discussed_by')
    .where('mash_discussion.contact_child_id', '=', contactChildId)
    .select(ITEM_COLUMNS)
    .orderBy('mash_discussion.meeting_date', 'desc')
    .orderBy('mash_discussion.id', 'desc')
    .execute();
}

/** One meeting's agenda: each child with the question, RAG and due time, in the order they were added. */
export async function listMeeting(
  access: RecordAccess,
  meetingDate: string,
  now: Date,
  cal: WorkingCalendar
) {
  let ragTimescales: CouncilSettings['ragTimescales'] | undefined;
  const rows = await access.listContacts({ list: 'mash_meeting', meetingDate }, async (db, visible) => {
    ragTimescales = (await councilSettings(db)).ragTimescales;
    return db
      .selectFrom('mash_discussion')
      .innerJoin('contact_child', 'contact_child.id', 'mash_discussion.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .innerJoin('staff_user as added', 'added.id', 'mash_discussion.added_by')
      .leftJoin('staff_user as discussed', 'discussed.id', 'mash_discussion.discussed_by')
      .where('mash_discussion.meeting_date', '=', meetingDate)
      .where(visible)
      .select(ITEM_COLUMNS)
      .select([
        'contact.reference',
        'contact_child.status',
        'contact_child.rag',
        'contact_child.rag_due_at',
        'contact_child.decision_due_at',
        'contact_child.decision_extended_to',
        'contact_child.described_child',
        'person.given_name',
        'person.family_name',
      ])
      .orderBy('mash_discussion.added_at')
      .orderBy('mash_discussion.id')
      .execute();
  });
  return rows.map((row) => ({
    ...row,
    childName: childNameOf(row),
    countdown: row.status === 'completed' ? null : dueCountdownOf(row, now, cal, ragTimescales!),
  }));
}

/** One agenda item with its child, for recording the outcome; "not found" unless the child is visible. */
export async function loadMashItem(access: RecordAccess, db: Db, id: number) {
  const item = await db
    .selectFrom('mash_discussion')
    .where('id', '=', id)
    .select('contact_child_id')
    .executeTakeFirst();
  if (!item) return undefined;
  return access.readContactChild(item.contact_child_id, (visibleDb) =>
    visibleDb
      .selectFrom('mash_discussion')
      .innerJoin('contact_child', 'contact_child.id', 'mash_discussion.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .innerJoin('staff_user as added', 'added.id', 'mash_discussion.added_by')
      .leftJoin('staff_user as discussed', 'discussed.id', 'mash_discussion.discussed_by')
      .where('mash_discussion.id', '=', id)
      .select(ITEM_COLUMNS)
      .select([
        'contact.reference',
        'contact_child.rag',
        'contact_child.described_child',
        'person.given_name',
        'person.family_name',
      ])
      .executeTakeFirstOrThrow()
      .then((row) => ({ ...row, childName: childNameOf(row) }))
  );
}
