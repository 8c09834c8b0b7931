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
import { ukTimeOf } from '../../shared/uk-time.ts';
import { currentThresholdDocument } from '../thresholds/threshold-documents.ts';
import { immediateRiskShown } from '../screening/screening.service.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { mustBeDecidedNow, redCannotWaitMessage, type MinutesInput } from './mash-meeting-rules.ts';

/** The daily MASH meeting starts at 10:00 (London); a child added after that waits for the next one. */
export const MASH_MEETING_STARTS_AT_HOUR = 10;

/** The date of the next MASH meeting: today if it is a working day before 10:00, else the next working day. */
export function nextMeetingDate(now: Date, cal: WorkingCalendar): string {
  const today = londonDateOf(now);
  const hour = ukTimeOf(now).hour;
  if (isWorkingDay(today, cal) && hour < MASH_MEETING_STARTS_AT_HOUR) return today;
  return addWorkingDaysToDate(today, 1, cal);
}

export interface NewMashItem {
  contactChildId: number;
  question: string;
  meetingDate: string;
  now: Date;
  outOfHours: boolean;
}

/**
 * Puts a child on a meeting's agenda with the question, journey event and audit row in one transaction.
 * A red child is refused (a FormProblem against the question): it must be decided now. The child's row
 * is locked while this is checked, so a rating to red saved at the same moment cannot slip past.
 */
export function addToMashMeeting(access: RecordAccess, item: NewMashItem): Promise<number> {
  return access.recordChange('screening:record', 'mash.add', async (trx) => {
    const child = await trx
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where('contact_child.id', '=', item.contactChildId)
      .select(['contact_child.rag', immediateRiskShown().as('immediate_risk')])
      .forUpdate(['contact_child'])
      .executeTakeFirstOrThrow();
    if (mustBeDecidedNow({ rag: child.rag, immediateRisk: Boolean(child.immediate_risk) }))
      throw new FormProblem('question', redCannotWaitMessage(item.meetingDate));
    const itemId = await insertMashItem(trx, { ...item, addedBy: access.actor.userId });
    return {
      recordType: 'contact_child',
      recordId: item.contactChildId,
      result: itemId,
      details: { mashDiscussionId: itemId, meetingDate: item.meetingDate },
    };
  });
}

async function insertMashItem(trx: Db, item: NewMashItem & { addedBy: number }): Promise<number> {
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

export interface MashOutcome extends MinutesInput {
  item: Pick<MashItem, 'id' | 'contact_child_id'>;
  now: Date;
  outOfHours: boolean;
}

/**
 * Records what the meeting agreed, audited whether or not it was saved. Returns false when someone
 * else recorded the outcome first, so the second person is told rather than silently overwriting it.
 */
export function recordMashOutcome(access: RecordAccess, outcome: MashOutcome): Promise<boolean> {
  return access.recordChange('screening:record', 'mash.record_outcome', async (trx) => {
    const recorded = await saveMashOutcome(trx, { ...outcome, discussedBy: access.actor.userId });
    return {
      recordType: 'contact_child',
      recordId: outcome.item.contact_child_id,
      result: recorded,
      details: {
        mashDiscussionId: outcome.item.id,
        agreedLevel: outcome.agreedLevel,
        recorded,
        agencyIds: outcome.agencyIds,
        actions: outcome.actions.length,
      },
    };
  });
}

async function saveMashOutcome(trx: Db, outcome: MashOutcome & { discussedBy: number }): Promise<boolean> {
  const updated = await trx
    .updateTable('mash_discussion')
    .set({
      minutes: outcome.minutes,
      outcome: outcome.outcome,
      agreed_level: outcome.agreedLevel,
      discussed_by: outcome.discussedBy,
      discussed_at: outcome.now,
    })
    .where('id', '=', outcome.item.id)
    .where('discussed_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  if (outcome.agencyIds.length > 0)
    await trx
      .insertInto('mash_discussion_agency')
      .values(
        outcome.agencyIds.map((agencyId) => ({ mash_discussion_id: outcome.item.id, agency_id: agencyId }))
      )
      .execute();
  if (outcome.actions.length > 0)
    await trx
      .insertInto('mash_discussion_action')
      .values(
        outcome.actions.map((action) => ({
          mash_discussion_id: outcome.item.id,
          action: action.action,
          owner: action.owner,
          agency_id: action.agencyId,
          due_on: action.dueOn,
        }))
      )
      .execute();
  await recordJourneyEvent(trx, {
    contactChildId: outcome.item.contact_child_id,
    step: 'mash_meeting_outcome',
    at: outcome.now,
    actorId: outcome.discussedBy,
    outOfHours: outcome.outOfHours,
    details: { mashDiscussionId: outcome.item.id, agreedLevel: outcome.agreedLevel },
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
  'mash_discussion.minutes',
  'added.display_name as added_by',
  'discussed.display_name as discussed_by',
] as const;

/** A child's MASH meeting items, newest meeting first, for the screening page (already authorised there). */
export async function loadMashItems(db: Db, contactChildId: number) {
  return withMinutesDetails(db, await mashItemsQuery(db, contactChildId).execute());
}

/** The items behind loadMashItems, for a caller sending it with other reads (selectTogether). */
export function mashItemsQuery(db: Db, contactChildId: number) {
  return db
    .selectFrom('mash_discussion')
    .innerJoin('staff_user as added', 'added.id', 'mash_discussion.added_by')
    .leftJoin('staff_user as discussed', 'discussed.id', 'mash_discussion.discussed_by')
    .where('mash_discussion.contact_child_id', '=', contactChildId)
    .select(ITEM_COLUMNS)
    .orderBy('mash_discussion.meeting_date', 'desc')
    .orderBy('mash_discussion.id', 'desc');
}

/** Each item with the agencies involved and its actions (each with its agency's name). */
export async function withMinutesDetails<T extends { id: number }>(db: Db, items: T[]) {
  const ids = items.map((item) => item.id);
  const [agencies, actions] = ids.length
    ? await Promise.all([
        db
          .selectFrom('mash_discussion_agency')
          .innerJoin('agency', 'agency.id', 'mash_discussion_agency.agency_id')
          .where('mash_discussion_agency.mash_discussion_id', 'in', ids)
          .select(['mash_discussion_agency.mash_discussion_id', 'agency.id', 'agency.name'])
          .orderBy('agency.name')
          .execute(),
        db
          .selectFrom('mash_discussion_action')
          .leftJoin('agency', 'agency.id', 'mash_discussion_action.agency_id')
          .where('mash_discussion_action.mash_discussion_id', 'in', ids)
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
          .execute(),
      ])
    : [[], []];
  return items.map((item) => ({
    ...item,
    agencies: agencies.filter((row) => row.mash_discussion_id === item.id),
    actions: actions.filter((row) => row.mash_discussion_id === item.id),
  }));
}

/** One meeting's agenda: each child with the question, RAG and due time, in the order they were added. */
export async function listMeeting(
  access: RecordAccess,
  meetingDate: string,
  now: Date,
  cal: WorkingCalendar
) {
  let timescales: CouncilSettings | undefined;
  const rows = await access.listContacts({ list: 'mash_meeting', meetingDate }, async (db, visible) => {
    timescales = await councilSettings(db);
    const items = await db
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
        'contact.received_at',
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
    return withMinutesDetails(db, items);
  });
  return rows.map((row) => ({
    ...row,
    childName: childNameOf(row),
    countdown: row.status === 'completed' ? null : dueCountdownOf(row, now, cal, timescales!),
    // Rated red after it was added: it must not wait for the meeting.
    redWaiting: row.discussed_at === null && row.status !== 'completed' && row.rag === 'red',
  }));
}

/** A child's contact reference and MASH items, for the form that adds them to the next meeting. */
export function readMashAddForm(access: RecordAccess, contactChildId: number) {
  return access.readContactChild(contactChildId, async (db) => {
    const child = await db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where('contact_child.id', '=', contactChildId)
      .select(['contact.reference', 'contact_child.rag', immediateRiskShown().as('immediate_risk')])
      .executeTakeFirstOrThrow();
    return {
      reference: child.reference,
      decideNow: mustBeDecidedNow({ rag: child.rag, immediateRisk: Boolean(child.immediate_risk) }),
      mashItems: await loadMashItems(db, contactChildId),
    };
  });
}

/** One agenda item with its child, for recording the outcome; "not found" unless the child is visible. */
export function loadMashItem(access: RecordAccess, id: number) {
  return access.readVia('mash_discussion', id, (db) =>
    db
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

export type MashItem = Awaited<ReturnType<typeof loadMashItem>>;

/** The levels of the continuum of need in force today, so the meeting agrees in the council's own terms. */
export async function thresholdLevels(db: Db, now: Date): Promise<{ level: number; name: string }[]> {
  const document = await currentThresholdDocument(db, now);
  const levels = document
    ? await db
        .selectFrom('threshold_level')
        .where('document_id', '=', document.id)
        .select(['level', 'name'])
        .orderBy('level')
        .execute()
    : [];
  return levels.length > 0 ? levels : [1, 2, 3, 4].map((level) => ({ level, name: '' }));
}
