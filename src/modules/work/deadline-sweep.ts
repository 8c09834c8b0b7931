import { startRepeatingJob, type JobLogger } from '../../platform/jobs/repeating-job.ts';
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database, Rag } from '../../platform/db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import {
  calendarOf,
  councilSettings,
  timescalePeriods,
  type VersionedTimescales,
} from '../../platform/council/council-settings.ts';
import {
  addWorkingDaysToDate,
  isRealTime,
  londonDateOf,
  type WorkingCalendar,
} from '../../shared/working-time.ts';
import { ragClock } from '../screening/countdown.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { DECIDED_STATUSES } from '../journey/case-status.ts';
import { ICPC_WARNING_WORKING_DAYS, icpcChaseState } from '../strategy/icpc-timescale.ts';
import type { NotificationKind } from './notification-kinds.ts';
import { chaseOverdueReferrerLetters } from '../letters/letter-chase.ts';
import { raiseConsultationFollowUps } from '../intake/consultation/consultation-follow-up.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import { dutyManagersAt } from '../../platform/council/duty-managers.ts';

/** A deadline warning is raised this many (wall-clock) minutes before the due time. */
export const WARNING_MINUTES_BEFORE_DUE = 60;
/** Rows handled per event kind and run, so each transaction (and its row locks) stays short. */
const DEFAULT_BATCH_SIZE = 200;

export interface SweepOptions {
  batchSize?: number;
}

export interface SweepResult {
  notificationsRaised: number;
  requestsChased: number;
}

interface NewNotification {
  event_key: string;
  kind: NotificationKind;
  contact_child_id: number;
  information_request_id?: number;
  strategy_discussion_id?: number;
  team_id: number | null;
  user_id: number | null;
  message: string;
  raised_at: Date;
}

/**
 * Raises deadline warnings and breaches as notifications, and chases overdue information requests.
 * Safe with several app processes on one PostgreSQL: each kind of event is handled in its own
 * transaction that locks its candidate rows with FOR UPDATE SKIP LOCKED (a row another sweep is
 * handling is left to it), and every notification has a unique event key inserted with ON CONFLICT
 * DO NOTHING, so a race can never raise one event twice. A key holds the due time it was raised
 * against, so moving a due time (an extension, a re-rating) makes a new event.
 *
 * Who is told (see docs in notification-kinds.ts):
 * - a child's RAG and decision warnings and breaches: the allocated worker, and the managers of the
 *   owning team (the child's team, else the front door); unallocated work: the owning team;
 * - immediate risk (a RAG timescale on real time, e.g. red) while the front door is closed: also the
 *   out-of-hours team, and the managers on duty (dutyManagersAt: the on-call managers, else the front door's);
 * - an open red contact while the front door is closed: the out-of-hours team (once per due time);
 * - a section 47 enquiry's conference date coming due or missed: the enquiry's owner and the
 *   managers of the owning team.
 */
export async function runDeadlineSweep(
  db: Db,
  clock: Clock,
  options: SweepOptions = {}
): Promise<SweepResult> {
  const now = clock.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const settings = await councilSettings(db);
  const calendar = calendarOf(settings);
  const managers = await teamManagers(db);
  // Whoever is on duty now hears of immediate risk now, whenever the contact arrived.
  const duty = await dutyManagersAt(db, now);
  const arrangement = duty.arrangement;
  const context: SweepContext = {
    now,
    calendar,
    outOfHours: duty.outOfHours,
    batchSize,
    frontDoorTeamId: duty.frontDoorTeamId,
    managersOf: (teamId) => (teamId === null ? [] : (managers.get(teamId) ?? [])),
    dutyManagers: duty.onDutyIds,
    onCallManagers: duty.onCallIds,
    outOfHoursTeamIds:
      arrangement.receivingTeamId === null
        ? await findTeams(db, 'out_of_hours')
        : [arrangement.receivingTeamId],
    timescales: settings,
    realTimeRatings: realTimeRatings(settings),
  };
  const result: SweepResult = { notificationsRaised: 0, requestsChased: 0 };
  for (const event of CHILD_DEADLINES) {
    result.notificationsRaised += await raiseChildDeadlines(db, event, context);
  }
  if (context.outOfHours) result.notificationsRaised += await raiseImmediateRiskOutOfHours(db, context);
  result.notificationsRaised += await raiseOverdueAuthorisations(db, context);
  for (const kind of ['icpc_due_soon', 'icpc_overdue'] as const) {
    result.notificationsRaised += await raiseConferenceDeadlines(db, kind, context);
  }
  const chased = await chaseOverdueInformationRequests(db, context);
  result.notificationsRaised += chased.notificationsRaised;
  result.requestsChased += chased.requestsChased;
  result.notificationsRaised += await chaseOverdueReferrerLetters(db, now, { batchSize });
  result.notificationsRaised += await raiseConsultationFollowUps(db, now, { batchSize });
  return result;
}

/**
 * Runs the sweep now and then every `intervalMs` until stopped, logging only sweeps that raised
 * something (see startRepeatingJob).
 */
export function startDeadlineSweep(deps: {
  db: Db;
  clock: Clock;
  intervalMs: number;
  logger: JobLogger;
}): () => Promise<void> {
  return startRepeatingJob({
    name: 'deadline sweep',
    verb: 'raised notifications',
    intervalMs: deps.intervalMs,
    logger: deps.logger,
    run: async () => {
      const result = await runDeadlineSweep(deps.db, deps.clock);
      return result.notificationsRaised > 0 ? result : null;
    },
  });
}

interface SweepContext {
  now: Date;
  calendar: WorkingCalendar;
  /** Whether `now` is outside service hours, worked out once for the whole sweep. */
  outOfHours: boolean;
  batchSize: number;
  frontDoorTeamId: number | null;
  /** The active team managers of a team. */
  managersOf: (teamId: number | null) => readonly number[];
  /** The managers on duty now (dutyManagersAt): out of hours, the on-call managers, else the front door's. */
  dutyManagers: readonly number[];
  /** Named in the out-of-hours arrangements: told of immediate risk alongside the out-of-hours team. */
  onCallManagers: readonly number[];
  /** The out-of-hours (emergency duty) teams. */
  outOfHoursTeamIds: readonly number[];
  /** The council's timescales, old and new: each contact is held to those in force when it was received. */
  timescales: VersionedTimescales;
  /** Which ratings ran on real time, day and night (immediate risk), for contacts received when. */
  realTimeRatings: readonly RealTimeRatings[];
}

/** The ratings on a real-time timescale for contacts received in [from, until) (null: no bound). */
interface RealTimeRatings {
  from: Date | null;
  until: Date | null;
  rags: Rag[];
}

function realTimeRatings(timescales: VersionedTimescales): RealTimeRatings[] {
  return timescalePeriods(timescales)
    .map(({ from, until, timescales: inForce }) => ({
      from,
      until,
      rags: (['red', 'amber', 'green'] as const).filter((rag) => isRealTime(inForce.ragTimescales[rag])),
    }))
    .filter((period) => period.rags.length > 0);
}

/** Children rated on a real-time timescale under the timescales in force when their contact was received. */
function onRealTimeRating(
  eb: ExpressionBuilder<Database, 'contact' | 'contact_child'>,
  periods: readonly RealTimeRatings[]
): Expression<SqlBool> {
  return eb.or(
    periods.map(({ from, until, rags }) =>
      eb.and([
        eb('contact_child.rag', 'in', rags),
        ...(from ? [eb('contact.received_at', '>=', from)] : []),
        ...(until ? [eb('contact.received_at', '<', until)] : []),
      ])
    )
  );
}

/** Who one event goes to: members of staff by name, and teams (read once by whoever picks it up). */
interface Recipients {
  users: number[];
  teams: number[];
}

function addRecipient(list: number[], id: number | null) {
  if (id !== null && !list.includes(id)) list.push(id);
}

/**
 * One notification per recipient: the first keeps the event's key (so `notYetRaised` finds it), the
 * others add who they are for, so each is still raised once however many sweeps race.
 */
function notificationsTo(
  recipients: Recipients,
  eventKey: string,
  notification: Omit<NewNotification, 'event_key' | 'user_id' | 'team_id'>
): NewNotification[] {
  const addressed = [
    ...recipients.users.map((userId) => ({ user_id: userId, team_id: null, suffix: `:user:${userId}` })),
    ...recipients.teams.map((teamId) => ({ user_id: null, team_id: teamId, suffix: `:team:${teamId}` })),
  ];
  return addressed.map((recipient, index) => ({
    ...notification,
    event_key: index === 0 ? eventKey : eventKey + recipient.suffix,
    user_id: recipient.user_id,
    team_id: recipient.team_id,
  }));
}

/**
 * A child's deadline: the allocated worker and the owning team's managers, or the owning team when
 * nobody is allocated (its managers read team notifications too). Immediate risk out of hours also
 * goes to the out-of-hours team and the duty managers.
 */
function childDeadlineRecipients(
  row: { worker_id: number | null; team_id: number | null; rag: Rag | null; received_at: Date },
  event: ChildDeadline,
  context: SweepContext
): Recipients {
  const owningTeam = row.team_id ?? context.frontDoorTeamId;
  const recipients: Recipients = { users: [], teams: [] };
  if (row.worker_id !== null) {
    addRecipient(recipients.users, row.worker_id);
    for (const manager of context.managersOf(owningTeam)) addRecipient(recipients.users, manager);
  } else {
    addRecipient(recipients.teams, owningTeam);
  }
  const immediateRisk =
    event.kind.startsWith('rag_') &&
    row.rag !== null &&
    ragClock(row.rag, row.received_at, context.timescales) === 'real';
  if (immediateRisk && context.outOfHours) {
    for (const team of context.outOfHoursTeamIds) addRecipient(recipients.teams, team);
    const managersSeeTeam = row.worker_id === null && owningTeam === context.frontDoorTeamId;
    if (!managersSeeTeam) for (const manager of context.dutyManagers) addRecipient(recipients.users, manager);
  }
  return recipients;
}

type ChildDeadline = {
  kind: Extract<
    NotificationKind,
    'rag_due_soon' | 'rag_breached' | 'decision_due_soon' | 'decision_breached'
  >;
  dueAt: RawBuilder<Date>;
  breached: boolean;
  message: (reference: string, due: string, rag: Rag | null) => string;
};

const RAG_DUE = sql<Date>`contact_child.rag_due_at`;
/** The decision is measured against its extended due time once a manager has extended it. */
const DECISION_DUE = sql<Date>`coalesce(contact_child.decision_extended_to, contact_child.decision_due_at)`;

const CHILD_DEADLINES: ChildDeadline[] = [
  {
    kind: 'rag_due_soon',
    dueAt: RAG_DUE,
    breached: false,
    message: (reference, due, rag) => `${reference}: the ${ragName(rag)} timescale ends at ${due}.`,
  },
  {
    kind: 'rag_breached',
    dueAt: RAG_DUE,
    breached: true,
    message: (reference, due, rag) =>
      `${reference}: the ${ragName(rag)} timescale ended at ${due} without a decision.`,
  },
  {
    kind: 'decision_due_soon',
    dueAt: DECISION_DUE,
    breached: false,
    message: (reference, due) => `${reference}: the decision is due by ${due}.`,
  },
  {
    kind: 'decision_breached',
    dueAt: DECISION_DUE,
    breached: true,
    message: (reference, due) => `${reference}: the decision was due by ${due} and has not been authorised.`,
  },
];

/** RAG and decision warnings and breaches (see runDeadlineSweep for who is told). */
async function raiseChildDeadlines(db: Db, event: ChildDeadline, context: SweepContext): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const key = eventKey(event.kind, sql`contact_child.id`, event.dueAt);
    const candidates = await trx
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where(awaitingDecision)
      .where((eb) => withinWindow(eb, event.dueAt, event.breached, context.now))
      .where(notYetRaised(key))
      .select([
        'contact_child.id',
        'contact_child.rag',
        'contact_child.worker_id',
        'contact_child.team_id',
        'contact.reference',
        'contact.received_at',
        key.as('event_key'),
        event.dueAt.as('due_at'),
      ])
      .orderBy(event.dueAt)
      .limit(context.batchSize)
      .forUpdate(['contact_child'])
      .skipLocked()
      .execute();
    const inserted = await insertNotifications(
      trx,
      candidates.flatMap((row) =>
        notificationsTo(childDeadlineRecipients(row, event, context), row.event_key, {
          kind: event.kind,
          contact_child_id: row.id,
          message: event.message(row.reference, londonTime(row.due_at), row.rag),
          raised_at: context.now,
        })
      )
    );
    return inserted.length;
  });
}

/**
 * Immediate risk does not wait for the front door to open: every open child on a real-time (red)
 * timescale while the service is closed is put to the out-of-hours team and the on-call managers (or,
 * with no such team, the duty managers), once per RAG due time. The child is on the out-of-hours list too.
 */
async function raiseImmediateRiskOutOfHours(db: Db, context: SweepContext): Promise<number> {
  if (context.realTimeRatings.length === 0) return 0;
  const recipients: Recipients =
    context.outOfHoursTeamIds.length > 0
      ? { users: [...context.onCallManagers], teams: [...context.outOfHoursTeamIds] }
      : { users: [...context.dutyManagers], teams: [] };
  if (recipients.users.length + recipients.teams.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const key = eventKey('red_out_of_hours', sql`contact_child.id`, RAG_DUE);
    const candidates = await trx
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where(awaitingDecision)
      .where((eb) => onRealTimeRating(eb, context.realTimeRatings))
      .where('contact_child.rag_due_at', 'is not', null)
      .where(notYetRaised(key))
      .select([
        'contact_child.id',
        'contact_child.rag',
        'contact.reference',
        key.as('event_key'),
        RAG_DUE.as('due_at'),
      ])
      .orderBy(RAG_DUE)
      .limit(context.batchSize)
      .forUpdate(['contact_child'])
      .skipLocked()
      .execute();
    const inserted = await insertNotifications(
      trx,
      candidates.flatMap((row) => {
        const due = londonTime(row.due_at);
        const when = row.due_at <= context.now ? `was due by ${due} and is overdue` : `is due by ${due}`;
        return notificationsTo(recipients, row.event_key, {
          kind: 'red_out_of_hours',
          contact_child_id: row.id,
          message: `${row.reference}: immediate risk (${ragName(row.rag)}) while the front door is closed; it ${when}. It is on the out-of-hours list.`,
          raised_at: context.now,
        });
      })
    );
    return inserted.length;
  });
}

/**
 * An open section 47 enquiry's initial child protection conference, chased like other deadlines:
 * a warning within ICPC_WARNING_WORKING_DAYS working days of its due date, a breach once the date
 * has passed without a conference; to the enquiry's owner and the owning team's managers.
 */
async function raiseConferenceDeadlines(
  db: Db,
  kind: 'icpc_due_soon' | 'icpc_overdue',
  context: SweepContext
): Promise<number> {
  const today = londonDateOf(context.now);
  return db.transaction().execute(async (trx) => {
    const key = sql<string>`${kind + ':'} || strategy_discussion.id::text || ':' || to_char(strategy_discussion.icpc_due_on, 'YYYY-MM-DD')`;
    let query = trx
      .selectFrom('strategy_discussion')
      .innerJoin('contact_child', 'contact_child.id', 'strategy_discussion.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where('strategy_discussion.outcome', 'in', ['single_agency_s47', 'joint_s47'])
      .where('strategy_discussion.icpc_due_on', 'is not', null)
      .where('strategy_discussion.icpc_held_on', 'is', null)
      .where((eb) =>
        eb.or([
          eb('strategy_discussion.s47_outcome', 'is', null),
          eb('strategy_discussion.s47_outcome', '=', 'icpc'),
        ])
      )
      .where(notYetRaised(key));
    query =
      kind === 'icpc_overdue'
        ? query.where('strategy_discussion.icpc_due_on', '<', today)
        : query
            .where('strategy_discussion.icpc_due_on', '>=', today)
            .where(
              'strategy_discussion.icpc_due_on',
              '<=',
              addWorkingDaysToDate(today, ICPC_WARNING_WORKING_DAYS, context.calendar)
            );
    const candidates = await query
      .select([
        'strategy_discussion.id',
        'strategy_discussion.contact_child_id',
        'strategy_discussion.icpc_due_on',
        'strategy_discussion.icpc_held_on',
        'strategy_discussion.s47_outcome',
        'strategy_discussion.team_id',
        'strategy_discussion.worker_id',
        'contact.reference',
        key.as('event_key'),
      ])
      .orderBy('strategy_discussion.icpc_due_on')
      .limit(context.batchSize)
      .forUpdate(['strategy_discussion'])
      .skipLocked()
      .execute();
    const due = candidates.filter(
      (row) =>
        icpcChaseState(
          { dueOn: row.icpc_due_on, heldOn: row.icpc_held_on, s47Outcome: row.s47_outcome },
          context.now,
          context.calendar
        ) === (kind === 'icpc_overdue' ? 'overdue' : 'due_soon')
    );
    const inserted = await insertNotifications(
      trx,
      due.flatMap((row) => {
        const recipients: Recipients = { users: [], teams: [] };
        addRecipient(recipients.users, row.worker_id);
        for (const manager of context.managersOf(row.team_id)) addRecipient(recipients.users, manager);
        const dueOn = londonDate(row.icpc_due_on!);
        return notificationsTo(recipients, row.event_key, {
          kind,
          contact_child_id: row.contact_child_id,
          strategy_discussion_id: row.id,
          message:
            kind === 'icpc_overdue'
              ? `${row.reference}: the initial child protection conference was due by ${dueOn} and has not been held.`
              : `${row.reference}: the initial child protection conference is due by ${dueOn}.`,
          raised_at: context.now,
        });
      })
    );
    return inserted.length;
  });
}

/** Proposed decisions still waiting for a manager after the decision's due time: to the front door's managers. */
async function raiseOverdueAuthorisations(db: Db, context: SweepContext): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const key = eventKey('authorisation_overdue', sql`decision.id`, DECISION_DUE);
    const candidates = await trx
      .selectFrom('decision')
      .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where('decision.status', '=', 'proposed')
      .where((eb) => eb(DECISION_DUE, '<=', context.now))
      .where(notYetRaised(key))
      .select([
        'decision.contact_child_id',
        'contact.reference',
        key.as('event_key'),
        DECISION_DUE.as('due_at'),
      ])
      .orderBy(DECISION_DUE)
      .limit(context.batchSize)
      .forUpdate(['decision'])
      .skipLocked()
      .execute();
    const inserted = await insertNotifications(
      trx,
      candidates.map((row) => ({
        event_key: row.event_key,
        kind: 'authorisation_overdue',
        contact_child_id: row.contact_child_id,
        user_id: null,
        team_id: context.frontDoorTeamId,
        message: `${row.reference}: a proposed decision is waiting for authorisation; it was due by ${londonTime(row.due_at)}.`,
        raised_at: context.now,
      }))
    );
    return inserted.length;
  });
}

/**
 * Overdue information requests: the practitioner who asked is told, and the agency is chased (a
 * notification to its partner team, the request's chase count and the child's journey). The chase
 * happens only in the sweep whose insert of the practitioner's notification won, so once per event.
 */
async function chaseOverdueInformationRequests(db: Db, context: SweepContext): Promise<SweepResult> {
  return db.transaction().execute(async (trx) => {
    const key = eventKey('information_overdue', sql`information_request.id`, sql`information_request.due_at`);
    const candidates = await trx
      .selectFrom('information_request')
      .innerJoin('contact_child', 'contact_child.id', 'information_request.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .innerJoin('agency', 'agency.id', 'information_request.agency_id')
      .where('information_request.status', '=', 'open')
      .where('information_request.due_at', '<=', context.now)
      .where(notYetRaised(key))
      .select([
        'information_request.id',
        'information_request.contact_child_id',
        'information_request.agency_id',
        'information_request.requested_by',
        'information_request.due_at',
        'agency.name as agency_name',
        'contact.reference',
        key.as('event_key'),
      ])
      .orderBy('information_request.due_at')
      .limit(context.batchSize)
      .forUpdate(['information_request'])
      .skipLocked()
      .execute();
    const won = await insertNotifications(
      trx,
      candidates.map((row) => ({
        event_key: row.event_key,
        kind: 'information_overdue',
        contact_child_id: row.contact_child_id,
        information_request_id: row.id,
        user_id: row.requested_by,
        team_id: null,
        message: `${row.reference}: ${row.agency_name} has not answered the information request due by ${londonTime(row.due_at)}; it has been chased.`,
        raised_at: context.now,
      }))
    );
    const wonKeys = new Set(won.map((row) => row.event_key));
    let notificationsRaised = won.length;
    for (const request of candidates.filter((row) => wonKeys.has(row.event_key))) {
      const recipients = await agencyRecipients(trx, request.agency_id);
      const chaseKey = request.event_key.replace(/^information_overdue:/, 'information_chase:');
      const chases = await insertNotifications(
        trx,
        recipients.map((recipient) => ({
          event_key: recipient.userId === null ? chaseKey : `${chaseKey}:user:${recipient.userId}`,
          kind: 'information_chase',
          contact_child_id: request.contact_child_id,
          information_request_id: request.id,
          user_id: recipient.userId,
          team_id: recipient.teamId,
          message: `Information request ${request.id} was due by ${londonTime(request.due_at)}: please respond.`,
          raised_at: context.now,
        }))
      );
      notificationsRaised += chases.length;
      const chased = await trx
        .updateTable('information_request')
        .set((eb) => ({ chased_at: context.now, chase_count: eb('chase_count', '+', 1) }))
        .where('id', '=', request.id)
        .returning('chase_count')
        .executeTakeFirstOrThrow();
      await recordJourneyEvent(trx, {
        contactChildId: request.contact_child_id,
        step: 'information_chased',
        at: context.now,
        actorId: null,
        outOfHours: context.outOfHours,
        details: {
          informationRequestId: request.id,
          agencyId: request.agency_id,
          chaseCount: chased.chase_count,
        },
      });
    }
    return { notificationsRaised, requestsChased: wonKeys.size };
  });
}

/**
 * Front-door deadlines run while the front door holds the child: until an authorised decision
 * completes the work or hands it over, and again if the receiving team returns it.
 */
function awaitingDecision(eb: ExpressionBuilder<Database, 'contact_child'>): Expression<SqlBool> {
  return eb('contact_child.status', 'not in', DECIDED_STATUSES);
}

function withinWindow<TB extends keyof Database>(
  eb: ExpressionBuilder<Database, TB>,
  dueAt: RawBuilder<Date>,
  breached: boolean,
  now: Date
): Expression<SqlBool> {
  if (breached) return eb(dueAt, '<=', now);
  const warnFrom = new Date(now.getTime() + WARNING_MINUTES_BEFORE_DUE * 60_000);
  return eb.and([eb(dueAt, '>', now), eb(dueAt, '<=', warnFrom)]);
}

/**
 * `kind:id:due` (due in UTC ISO form, as toISOString writes it), built in SQL so that candidates
 * whose event has already been raised are left out by the query itself.
 */
function eventKey(
  kind: NotificationKind,
  id: RawBuilder<unknown>,
  dueAt: RawBuilder<unknown>
): RawBuilder<string> {
  return sql<string>`${kind + ':'} || ${id}::text || ':' || to_char(${dueAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Leaves out candidates whose event has already been raised, using the unique index on event_key. */
function notYetRaised(key: RawBuilder<string>): RawBuilder<SqlBool> {
  return sql<SqlBool>`not exists (select 1 from notification where notification.event_key = ${key})`;
}

async function insertNotifications(trx: Db, rows: NewNotification[]): Promise<{ event_key: string }[]> {
  if (rows.length === 0) return [];
  return trx
    .insertInto('notification')
    .values(rows)
    .onConflict((conflict) => conflict.column('event_key').doNothing())
    .returning('event_key')
    .execute();
}

/** An agency's partner team when it has one, else each of its partner practitioners. */
async function agencyRecipients(
  trx: Db,
  agencyId: number
): Promise<{ teamId: number | null; userId: number | null }[]> {
  const team = await trx
    .selectFrom('team')
    .where('agency_id', '=', agencyId)
    .where('kind', '=', 'partner')
    .select('id')
    .orderBy('id')
    .executeTakeFirst();
  if (team) return [{ teamId: team.id, userId: null }];
  const users = await trx
    .selectFrom('staff_user')
    .where('agency_id', '=', agencyId)
    .where('role', '=', 'partner_agency_practitioner')
    .where('active', '=', true)
    .select('id')
    .orderBy('id')
    .execute();
  return users.map((user) => ({ teamId: null, userId: user.id }));
}

async function findTeams(db: Db, kind: 'out_of_hours'): Promise<number[]> {
  const teams = await db.selectFrom('team').where('kind', '=', kind).select('id').orderBy('id').execute();
  return teams.map((team) => team.id);
}

/** Every team's active team managers, by team. */
async function teamManagers(db: Db): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('staff_user')
    .where('role', '=', 'team_manager')
    .where('active', '=', true)
    .where('team_id', 'is not', null)
    .select(['id', 'team_id'])
    .orderBy('id')
    .execute();
  const byTeam = new Map<number, number[]>();
  for (const row of rows) byTeam.set(row.team_id!, [...(byTeam.get(row.team_id!) ?? []), row.id]);
  return byTeam;
}

const ragName = (rag: Rag | null) => (rag ? `${rag} RAG` : 'RAG');

function londonDate(date: string): string {
  return formatUk(date, UK_FORMATS.date);
}

function londonTime(at: Date): string {
  return formatUk(at, UK_FORMATS.timeOnDate);
}
