import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/select-together.ts';
import type { CouncilSettings, Database, DescribedChild, Rag } from '../../platform/db/schema.ts';
import type { WorkingCalendar } from '../../shared/working-time.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { calendarOf, type VersionedTimescales } from '../../platform/council/council-settings.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { countdownTo, earliestDue } from '../screening/countdown.ts';
import { EARLIEST_DUE } from '../screening/queue.ts';
import { childNameOf } from '../people/child-name.ts';
import { ACCOMMODATION, policeProtectionEndsAt, type OutOfHoursAction } from './out-of-hours-rules.ts';

/** Each out-of-hours list shows this many children a page. */
export const OUT_OF_HOURS_PAGE_SIZE = 50;

/**
 * One page of a list: its rows, the number of the first, and how many the list holds, counted in the
 * statement that read the page (count(*) over (), before the page is cut). Null when the page is past
 * the end: it has no rows to carry the count.
 */
function pageOf<T extends { total: string | number }>(rows: T[], page: number) {
  return {
    rows: rows.map(({ total: _total, ...row }) => row),
    page,
    first: (page - 1) * OUT_OF_HOURS_PAGE_SIZE + 1,
    total: rows[0] ? Number(rows[0].total) : page === 1 ? 0 : null,
  };
}

type ChildRow = ExpressionBuilder<Database, 'contact_child' | 'contact'>;

function openAlert(eb: ChildRow) {
  return eb
    .selectFrom('alert')
    .whereRef('alert.contact_id', '=', 'contact.id')
    .where('alert.acknowledged_at', 'is', null)
    .select(sql`1`.as('one'));
}

/** Out-of-hours actions or strategy discussions the day team has not yet picked up. */
function outOfHoursWorkSincePickUp(eb: ChildRow): Expression<SqlBool> {
  const since = sql<Date>`coalesce(contact_child.day_team_picked_up_at, '-infinity'::timestamptz)`;
  return eb.or([
    eb.exists(
      eb
        .selectFrom('case_note')
        .whereRef('case_note.contact_child_id', '=', 'contact_child.id')
        .where('case_note.out_of_hours', '=', true)
        .where('case_note.recorded_at', '>', since)
        .select(sql`1`.as('one'))
    ),
    eb.exists(
      eb
        .selectFrom('strategy_discussion')
        .whereRef('strategy_discussion.contact_child_id', '=', 'contact_child.id')
        .where('strategy_discussion.out_of_hours', '=', true)
        .where('strategy_discussion.recorded_at', '>', since)
        .select(sql`1`.as('one'))
    ),
  ]);
}

/**
 * On the day team's next-working-day handover list: open work received out of hours, or acted on out
 * of hours, that nobody in the day team has picked up since.
 */
export function awaitingDayTeam(eb: ChildRow): Expression<SqlBool> {
  return eb.and([
    eb('contact_child.status', '<>', 'completed'),
    eb.or([
      eb.and([eb('contact.out_of_hours', '=', true), eb('contact_child.day_team_picked_up_at', 'is', null)]),
      outOfHoursWorkSincePickUp(eb),
    ]),
  ]);
}

const CHILD_COLUMNS = [
  'contact_child.id',
  'contact.id as contact_id',
  'contact.reference',
  'contact.received_at',
  'contact.out_of_hours',
  sql<boolean>`contact.immediate_risk and contact_child.immediate_risk_cleared_at is null`.as(
    'immediate_risk'
  ),
  'contact_child.status',
  'contact_child.rag',
  'contact_child.rag_due_at',
  'contact_child.decision_due_at',
  'contact_child.decision_extended_to',
  'contact_child.person_id',
  'contact_child.described_child',
  'person.given_name',
  'person.family_name',
] as const;

interface ChildColumns {
  received_at: Date;
  rag: Rag | null;
  rag_due_at: Date | null;
  decision_due_at: Date;
  decision_extended_to: Date | null;
  given_name: string | null;
  family_name: string | null;
  described_child: DescribedChild | null;
}

/** The earlier of the RAG due time and the (possibly extended) decision due time. */
export function dueTimeOf(
  row: Pick<ChildColumns, 'rag_due_at' | 'decision_due_at' | 'decision_extended_to'>
): Date {
  const decision = row.decision_extended_to ?? row.decision_due_at;
  return row.rag_due_at !== null && row.rag_due_at < decision ? row.rag_due_at : decision;
}

/** The countdown to a child's earliest deadline, on that deadline's clock (real time for immediate risk). */
export function dueCountdownOf(
  row: Pick<ChildColumns, 'received_at' | 'rag' | 'rag_due_at' | 'decision_due_at' | 'decision_extended_to'>,
  now: Date,
  cal: WorkingCalendar,
  timescales: VersionedTimescales
) {
  const due = earliestDue(row, timescales);
  return countdownTo(due.dueAt, now, cal, due.clock);
}

/**
 * What the out-of-hours worker must look at tonight: open children rated red (immediate risk runs
 * day and night, so every open red contact is theirs while the front door is closed), with an
 * immediate-risk alert nobody has picked up, or received out of hours and not yet picked up by the
 * day team. Soonest due first, each counted down on its own clock, a page (from 1) of
 * OUT_OF_HOURS_PAGE_SIZE at a time with how many there are in all.
 */
export async function listOutOfHoursWork(
  access: RecordAccess,
  now: Date,
  settings: CouncilSettings,
  page: number
) {
  const rows = await access.listContacts({ list: 'out_of_hours' }, async (db, visible) => {
    // Soonest due first, as the incoming queue orders them; the id settles ties, so pages never overlap.
    return db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .where('contact_child.status', '<>', 'completed')
      .where(visible)
      .where((eb) =>
        eb.or([
          eb('contact_child.rag', '=', 'red'),
          eb.exists(openAlert(eb)),
          eb.and([
            eb('contact.out_of_hours', '=', true),
            eb('contact_child.day_team_picked_up_at', 'is', null),
          ]),
        ])
      )
      .select(CHILD_COLUMNS)
      .select((eb) => [
        eb.exists(openAlert(eb)).as('open_alert'),
        eb
          .selectFrom('case_note')
          .whereRef('case_note.contact_child_id', '=', 'contact_child.id')
          .where('case_note.kind', '=', 'out_of_hours_action')
          .select((inner) => inner.fn.countAll<number>().as('actions'))
          .as('actions'),
        sql<string>`count(*) over ()`.as('total'),
      ])
      .orderBy(EARLIEST_DUE)
      .orderBy('contact.received_at')
      .orderBy('contact_child.id')
      .limit(OUT_OF_HOURS_PAGE_SIZE)
      .offset((page - 1) * OUT_OF_HOURS_PAGE_SIZE)
      .execute();
  });
  const listed = pageOf(rows, page);
  return {
    ...listed,
    rows: listed.rows.map((row) => listedChild({ ...row, actions: Number(row.actions ?? 0) }, now, settings)),
  };
}

/**
 * The day team's handover list, each child with what was done out of hours since it was last picked up, a
 * page (from 1) of OUT_OF_HOURS_PAGE_SIZE at a time with how many there are in all.
 */
export async function listHandover(access: RecordAccess, now: Date, settings: CouncilSettings, page: number) {
  const rows = await access.listContacts({ list: 'out_of_hours_handover' }, async (db, visible) => {
    const children = await db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .where(visible)
      .where(awaitingDayTeam)
      .select(CHILD_COLUMNS)
      .select(['contact_child.day_team_picked_up_at', sql<string>`count(*) over ()`.as('total')])
      // Soonest due first, as the incoming queue orders them; the id settles ties, so pages never overlap.
      .orderBy(EARLIEST_DUE)
      .orderBy('contact.received_at')
      .orderBy('contact_child.id')
      .limit(OUT_OF_HOURS_PAGE_SIZE)
      .offset((page - 1) * OUT_OF_HOURS_PAGE_SIZE)
      .execute();
    const ids = children.map((child) => child.id);
    const [actions, discussions] = await Promise.all([actionsOf(db, ids), outOfHoursDiscussionsOf(db, ids)]);
    // Only what happened since the day team last picked the child up is news to them.
    const since = (at: Date, child: (typeof children)[number]) =>
      child.day_team_picked_up_at === null || at > child.day_team_picked_up_at;
    return children.map((child) => ({
      ...child,
      actions: actions.filter((row) => row.contact_child_id === child.id && since(row.recorded_at, child)),
      strategyDiscussions: discussions.filter(
        (row) => row.contact_child_id === child.id && since(row.recorded_at, child)
      ),
    }));
  });
  const listed = pageOf(rows, page);
  return { ...listed, rows: listed.rows.map((row) => listedChild(row, now, settings)) };
}

/** A child on an out-of-hours list, with its name and the countdown to its earliest deadline. */
function listedChild<T extends ChildColumns>(row: T, now: Date, settings: CouncilSettings) {
  return {
    ...row,
    childName: childNameOf(row),
    countdown: dueCountdownOf(row, now, calendarOf(settings), settings),
  };
}

function outOfHoursDiscussionsOf(db: Db, contactChildIds: number[]) {
  if (contactChildIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('strategy_discussion')
    .innerJoin('staff_user', 'staff_user.id', 'strategy_discussion.recorded_by')
    .where('strategy_discussion.contact_child_id', 'in', contactChildIds)
    .where('strategy_discussion.out_of_hours', '=', true)
    .select([
      'strategy_discussion.id',
      'strategy_discussion.contact_child_id',
      'strategy_discussion.convened_at',
      'strategy_discussion.outcome',
      'strategy_discussion.recorded_at',
      'staff_user.display_name as recorded_by',
    ])
    .orderBy('strategy_discussion.recorded_at')
    .orderBy('strategy_discussion.id')
    .execute();
}

/** Out-of-hours actions recorded for these children, oldest first, each with its coded answers (if recorded). */
export async function actionsOf(db: Db, contactChildIds: number[]) {
  if (contactChildIds.length === 0) return [];
  return actionsFrom(await actionsQuery(db, contactChildIds).execute());
}

/** The rows behind actionsOf (one or more children), for a caller sending it with other reads (selectTogether). */
export function actionsQuery(db: Db, contactChildIds: number[]) {
  return db
    .selectFrom('case_note')
    .innerJoin('staff_user', 'staff_user.id', 'case_note.recorded_by')
    .leftJoin('out_of_hours_coded_action as coded', 'coded.case_note_id', 'case_note.id')
    .where('case_note.contact_child_id', 'in', contactChildIds)
    .where('case_note.kind', '=', 'out_of_hours_action')
    .select([
      'case_note.id',
      'case_note.contact_child_id',
      'case_note.text',
      'case_note.recorded_at',
      'case_note.out_of_hours',
      'staff_user.display_name as recorded_by',
      'coded.case_note_id as coded',
      'coded.child_seen',
      'coded.child_seen_at',
      'coded.child_seen_by',
      'coded.child_not_seen_reason',
      'coded.police_protection',
      'coded.police_protection_at',
      'coded.epo_sought',
      'coded.epo_sought_at',
      'coded.safety_plan_agreed',
      'coded.accommodation',
      'coded.handed_to_day_team',
      'coded.day_team_next_steps',
    ])
    .orderBy('case_note.recorded_at')
    .orderBy('case_note.id');
}

export function actionsFrom(rows: RowOf<ReturnType<typeof actionsQuery>>[]) {
  return rows.map(({ coded, ...row }) => ({
    ...row,
    coded: coded !== null,
    accommodationLabel: row.accommodation ? ACCOMMODATION[row.accommodation] : null,
    policeProtectionEndsAt: row.police_protection_at
      ? policeProtectionEndsAt(row.police_protection_at)
      : null,
  }));
}

/** One child's contact for the action form, read through the access layer. */
export function loadChildForAction(access: RecordAccess, contactChildId: number) {
  return access.readContactChild(contactChildId, async (db) => {
    const child = await db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .where('contact_child.id', '=', contactChildId)
      .select(CHILD_COLUMNS)
      .executeTakeFirstOrThrow();
    return { ...child, childName: childNameOf(child), actions: await actionsOf(db, [contactChildId]) };
  });
}

/** Records what the out-of-hours worker did for a child, with its journey event and audit row. */
export function recordOutOfHoursAction(
  access: RecordAccess,
  action: OutOfHoursAction & { contactChildId: number; now: Date; cal: WorkingCalendar }
): Promise<number> {
  const outOfHours = isOutOfHours(action.now, action.cal);
  return access.recordChange('screening:record', 'out_of_hours.action', async (trx) => {
    const caseNoteId = await insertAction(trx, { ...action, outOfHours, recordedBy: access.actor.userId });
    return {
      recordType: 'contact_child',
      recordId: action.contactChildId,
      result: caseNoteId,
      details: { caseNoteId, outOfHours, ...codeFacts(action) },
    };
  });
}

/** The coded answers as facts for the journey and the audit (never the free text). */
function codeFacts({ codes }: OutOfHoursAction) {
  return {
    childSeen: codes.childSeen,
    policeProtection: codes.policeProtection,
    epoSought: codes.epoSought,
    safetyPlanAgreed: codes.safetyPlanAgreed,
    accommodation: codes.accommodation,
    handedToDayTeam: codes.handedToDayTeam,
  };
}

async function insertAction(
  trx: Db,
  action: OutOfHoursAction & { contactChildId: number; recordedBy: number; now: Date; outOfHours: boolean }
): Promise<number> {
  const note = await trx
    .insertInto('case_note')
    .values({
      contact_child_id: action.contactChildId,
      kind: 'out_of_hours_action',
      text: action.text,
      recorded_by: action.recordedBy,
      recorded_at: action.now,
      out_of_hours: action.outOfHours,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { codes } = action;
  await trx
    .insertInto('out_of_hours_coded_action')
    .values({
      case_note_id: note.id,
      child_seen: codes.childSeen,
      child_seen_at: codes.childSeenAt,
      child_seen_by: codes.childSeenBy,
      child_not_seen_reason: codes.childNotSeenReason,
      police_protection: codes.policeProtection,
      police_protection_at: codes.policeProtectionAt,
      epo_sought: codes.epoSought,
      epo_sought_at: codes.epoSoughtAt,
      safety_plan_agreed: codes.safetyPlanAgreed,
      accommodation: codes.accommodation,
      handed_to_day_team: codes.handedToDayTeam,
      day_team_next_steps: codes.dayTeamNextSteps,
    })
    .execute();
  await recordJourneyEvent(trx, {
    contactChildId: action.contactChildId,
    step: 'out_of_hours_action',
    at: action.now,
    actorId: action.recordedBy,
    outOfHours: action.outOfHours,
    details: { caseNoteId: note.id, ...codeFacts(action) },
  });
  return note.id;
}

/**
 * The day team takes over a child it may see; false when there was nothing waiting to pick up (e.g. a
 * second click). Audited either way.
 */
export async function pickUpForDayTeam(
  access: RecordAccess,
  pickUp: { contactChildId: number; now: Date; outOfHours: boolean }
): Promise<boolean> {
  await access.readContactChild(pickUp.contactChildId, async () => null);
  return access.recordChange('screening:record', 'out_of_hours.pick_up', async (trx) => {
    const pickedUp = await markPickedUp(trx, { ...pickUp, pickedUpBy: access.actor.userId });
    return {
      recordType: 'contact_child',
      recordId: pickUp.contactChildId,
      result: pickedUp,
      details: { pickedUp },
    };
  });
}

async function markPickedUp(
  trx: Db,
  pickUp: { contactChildId: number; pickedUpBy: number; now: Date; outOfHours: boolean }
): Promise<boolean> {
  const waiting = await trx
    .selectFrom('contact_child')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .where('contact_child.id', '=', pickUp.contactChildId)
    .where(awaitingDayTeam)
    .select('contact_child.id')
    .forUpdate(['contact_child'])
    .executeTakeFirst();
  if (!waiting) return false;
  // Who holds the work for the day, not a step of the case: the status stays where it is.
  await trx
    .updateTable('contact_child')
    .set({ day_team_picked_up_at: pickUp.now, day_team_picked_up_by: pickUp.pickedUpBy })
    .where('id', '=', pickUp.contactChildId)
    .execute();
  await recordJourneyEvent(trx, {
    contactChildId: pickUp.contactChildId,
    step: 'picked_up_by_day_team',
    at: pickUp.now,
    actorId: pickUp.pickedUpBy,
    outOfHours: pickUp.outOfHours,
  });
  return true;
}
