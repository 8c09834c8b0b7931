import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/select-together.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import type { Role, StrategyOutcome } from '../../platform/db/schema.ts';
import { claimVersion } from '../../platform/db/versioned-update.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { ROLE_LABELS } from '../../platform/access/permissions.ts';
import { isOutOfHours, londonDateOf, type WorkingCalendar } from '../../shared/working-time.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { describeIcpcProgress, icpcDueOn, icpcProgress } from './icpc-timescale.ts';
import {
  REQUIRED_AGENCIES,
  SECTION_47_OUTCOMES,
  STRATEGY_AGENCIES,
  STRATEGY_OUTCOMES,
  agencyLabel,
  startsSection47,
  type ChairChoice,
  type StrategyAgencyKind,
  type NewStrategyDiscussion,
  type OwnerChoice,
  type Section47Update,
} from './strategy-form.ts';
import { CHAIR_ROLES, MANAGER_ROLES, chairProblem } from './strategy-rules.ts';
import { loadEscalations, raiseEscalations } from './strategy-escalations.ts';

/** Teams that hold cases, so can own a strategy discussion and its section 47 enquiry. */
export const OWNING_TEAM_KINDS = [
  'front_door',
  'early_help',
  'assessment',
  'out_of_hours',
  'child_protection',
] as const;
const OWNING_ROLES = ['front_door_practitioner', 'team_manager', 'out_of_hours_worker'] as const;

export interface Owner {
  teamId: number;
  workerId: number;
}

/** The teams and active workers a discussion can be given to, for the owner selects. */
export async function ownerChoices(db: Db) {
  const [teams, workers] = await Promise.all([
    db
      .selectFrom('team')
      .where('kind', 'in', OWNING_TEAM_KINDS)
      .select(['id', 'name'])
      .orderBy('name')
      .execute(),
    db
      .selectFrom('staff_user')
      .innerJoin('team', 'team.id', 'staff_user.team_id')
      .where('staff_user.active', '=', true)
      .where('staff_user.role', 'in', OWNING_ROLES)
      .where('team.kind', 'in', OWNING_TEAM_KINDS)
      .select(['staff_user.id', 'staff_user.display_name', 'staff_user.team_id', 'team.name as team_name'])
      .orderBy('team.name')
      .orderBy('staff_user.display_name')
      .execute(),
  ]);
  return { teams, workers };
}

/**
 * Who owns a new discussion unless the form says otherwise: the child's allocated worker and team at
 * the front door; else the person recording it, in their own team when it holds cases; else the
 * front-door team. The worker is left out when they are not in that team (the form then asks).
 */
export async function defaultOwner(
  db: Db,
  contactChildId: number,
  recordedBy: number
): Promise<{ teamId: number | null; workerId: number | null }> {
  const child = await db
    .selectFrom('contact_child')
    .leftJoin('staff_user as worker', 'worker.id', 'contact_child.worker_id')
    .where('contact_child.id', '=', contactChildId)
    .select(['contact_child.team_id', 'contact_child.worker_id', 'worker.team_id as worker_team_id'])
    .executeTakeFirstOrThrow();
  if (child.worker_id !== null) {
    return { teamId: child.team_id ?? child.worker_team_id, workerId: child.worker_id };
  }
  const recorder = await db
    .selectFrom('staff_user')
    .leftJoin('team', 'team.id', 'staff_user.team_id')
    .where('staff_user.id', '=', recordedBy)
    .select(['staff_user.team_id', 'team.kind'])
    .executeTakeFirst();
  const recorderTeam =
    recorder?.team_id && (OWNING_TEAM_KINDS as readonly string[]).includes(recorder.kind ?? '')
      ? recorder.team_id
      : null;
  const frontDoor = await db
    .selectFrom('team')
    .where('kind', '=', 'front_door')
    .select('id')
    .orderBy('id')
    .executeTakeFirst();
  const teamId = child.team_id ?? recorderTeam ?? frontDoor?.id ?? null;
  return { teamId, workerId: teamId !== null && teamId === recorder?.team_id ? recordedBy : null };
}

/**
 * The owner to save: the choice, with blanks filled from the default (a worker's own team when only
 * the worker is chosen). Refuses, against the field, a team that does not hold cases and a worker
 * who is not an active member of the owning team, so an enquiry can never be left with nobody.
 */
export async function resolveOwner(
  db: Db,
  choice: OwnerChoice,
  fallback: { teamId: number | null; workerId: number | null }
): Promise<Owner> {
  const { teams, workers } = await ownerChoices(db);
  const chosenWorker =
    choice.workerId === undefined ? undefined : workers.find((w) => w.id === choice.workerId);
  if (choice.workerId !== undefined && !chosenWorker)
    throw new FormProblem('ownerWorker', 'Select a worker who is still active in a team that holds cases');
  const teamId = choice.teamId ?? chosenWorker?.team_id ?? fallback.teamId;
  const team = teams.find((candidate) => candidate.id === teamId);
  if (!team) throw new FormProblem('ownerTeam', 'Select the team that owns the section 47 enquiry');
  const workerId = choice.workerId ?? (choice.teamId === undefined ? fallback.workerId : null);
  const worker = workers.find((candidate) => candidate.id === workerId);
  if (!worker || worker.team_id !== team.id) {
    throw new FormProblem(
      'ownerWorker',
      worker
        ? `${worker.display_name} is not in ${team.name}. Select a worker in ${team.name}, or their own team`
        : `Select the worker in ${team.name} who owns the section 47 enquiry`
    );
  }
  return { teamId: team.id, workerId: worker.id };
}

/** The council's staff who may chair a discussion, managers first, for the chair select. */
export async function chairChoices(db: Db) {
  const rows = await db
    .selectFrom('staff_user')
    .innerJoin('agency', 'agency.id', 'staff_user.agency_id')
    .leftJoin('team', 'team.id', 'staff_user.team_id')
    .where('staff_user.active', '=', true)
    .where('agency.kind', '=', 'council')
    .where('staff_user.role', 'in', CHAIR_ROLES)
    .select(['staff_user.id', 'staff_user.display_name', 'staff_user.role', 'team.name as team_name'])
    .orderBy('staff_user.display_name')
    .execute();
  const manager = (role: string) => (MANAGER_ROLES as readonly string[]).includes(role);
  return rows
    .map((row) => ({
      id: row.id,
      text: `${row.display_name} (${ROLE_LABELS[row.role]}${row.team_name ? `, ${row.team_name}` : ''})`,
      manager: manager(row.role),
    }))
    .sort((a, b) => Number(b.manager) - Number(a.manager));
}

/**
 * The chair to save: an active member of the council's staff who does social work; one who is not a
 * manager only with the reason a manager did not chair. A FormProblem against the field otherwise.
 */
export async function resolveChair(
  db: Db,
  choice: ChairChoice
): Promise<{ chairId: number; notManagerReason: string | null }> {
  const chair = await db
    .selectFrom('staff_user')
    .innerJoin('agency', 'agency.id', 'staff_user.agency_id')
    .where('staff_user.id', '=', choice.chairId)
    .select(['staff_user.role', 'staff_user.active', 'agency.kind as agencyKind'])
    .executeTakeFirst();
  const problem = chairProblem(chair, choice.notManagerReason);
  if (problem) throw new FormProblem(problem.field, problem.message);
  const manager = MANAGER_ROLES.includes(chair!.role);
  return { chairId: choice.chairId, notManagerReason: manager ? null : (choice.notManagerReason ?? null) };
}

/** Gives a discussion (and its enquiry) to another team and worker, e.g. when the day team takes it on. */
export async function changeOwner(trx: Db, discussionId: number, owner: Owner): Promise<void> {
  await trx
    .updateTable('strategy_discussion')
    .set({ team_id: owner.teamId, worker_id: owner.workerId })
    .where('id', '=', discussionId)
    .execute();
}

/** Required agencies (children's social care, police, health) with nobody at the discussion. */
export function missingAgencies(
  attendees: readonly { agencyKind: string; attended: boolean }[]
): StrategyAgencyKind[] {
  return REQUIRED_AGENCIES.filter(
    (kind) => !attendees.some((attendee) => attendee.agencyKind === kind && attendee.attended)
  );
}

/**
 * Saves a discussion with its attendees and actions, whether it was out of hours, and, when it
 * starts a section 47 enquiry, the date the initial child protection conference is due by.
 */
export async function insertStrategyDiscussion(
  trx: Db,
  contactChildId: number,
  discussion: Omit<NewStrategyDiscussion, 'owner' | 'chair'> & {
    owner: Owner;
    chair: { chairId: number; notManagerReason: string | null };
  },
  context: { recordedBy: number; now: Date; calendar: WorkingCalendar }
) {
  const outOfHours = isOutOfHours(discussion.convenedAt, context.calendar);
  const icpcDue = startsSection47(discussion.outcome)
    ? icpcDueOn(discussion.convenedAt, context.calendar)
    : null;
  const { id } = await trx
    .insertInto('strategy_discussion')
    .values({
      contact_child_id: contactChildId,
      convened_at: discussion.convenedAt,
      information_shared: discussion.informationShared,
      outcome: discussion.outcome,
      rationale: discussion.rationale,
      out_of_hours: outOfHours,
      recorded_by: context.recordedBy,
      recorded_at: context.now,
      icpc_due_on: icpcDue,
      team_id: discussion.owner.teamId,
      worker_id: discussion.owner.workerId,
      chair_id: discussion.chair.chairId,
      chair_not_manager_reason: discussion.chair.notManagerReason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (discussion.attendees.length > 0) {
    await trx
      .insertInto('strategy_attendee')
      .values(
        discussion.attendees.map((attendee) => ({
          strategy_discussion_id: id,
          agency_kind: attendee.agencyKind,
          attended: attendee.attended,
          name: attendee.name ?? null,
          role: attendee.role ?? null,
          absence_reason: attendee.attended ? null : (attendee.absenceReason ?? null),
        }))
      )
      .execute();
  }
  if (discussion.actions.length > 0) {
    await trx
      .insertInto('strategy_action')
      .values(
        discussion.actions.map((action) => ({
          strategy_discussion_id: id,
          action: action.action,
          owner: action.owner,
          due_on: action.dueOn,
        }))
      )
      .execute();
  }
  const missing = missingAgencies(discussion.attendees);
  await raiseEscalations(
    trx,
    {
      id,
      contactChildId,
      owningTeamId: discussion.owner.teamId,
      convenedAt: discussion.convenedAt,
      agencies: missing,
    },
    { raisedBy: context.recordedBy, now: context.now }
  );
  await recordJourneyEvent(trx, {
    contactChildId,
    step: 'strategy_discussion',
    at: discussion.convenedAt,
    actorId: context.recordedBy,
    outOfHours,
    details: {
      strategyDiscussionId: id,
      outcome: discussion.outcome,
      missingAgencies: missing,
      escalated: missing,
      chairId: discussion.chair.chairId,
      actions: discussion.actions.length,
      icpcDueOn: icpcDue,
      ownerTeamId: discussion.owner.teamId,
      ownerWorkerId: discussion.owner.workerId,
    },
  });
  return { id, outOfHours, icpcDueOn: icpcDue, missingAgencies: missing };
}

/**
 * Records (or corrects) the section 47 enquiry's outcome. The version the editor opened is claimed
 * first, so a second person saving from an older page gets EditConflictError instead of overwriting.
 */
export async function recordSection47Outcome(
  trx: Db,
  discussion: { id: number; contactChildId: number; icpcDueOn: string | null },
  update: Section47Update,
  context: { actorId: number; now: Date }
) {
  await claimVersion(trx, 'strategy_discussion', discussion.id, update.version);
  await trx
    .updateTable('strategy_discussion')
    .set({
      s47_outcome: update.s47Outcome,
      s47_completed_on: update.completedOn,
      icpc_held_on: update.icpcHeldOn,
    })
    .where('id', '=', discussion.id)
    .execute();
  const withinTimescale =
    update.icpcHeldOn && discussion.icpcDueOn ? update.icpcHeldOn <= discussion.icpcDueOn : null;
  await recordJourneyEvent(trx, {
    contactChildId: discussion.contactChildId,
    step: 'section_47_outcome',
    at: context.now,
    actorId: context.actorId,
    details: {
      strategyDiscussionId: discussion.id,
      s47Outcome: update.s47Outcome,
      icpcHeld: update.icpcHeldOn !== null,
      icpcWithinTimescale: withinTimescale,
    },
  });
  return { withinTimescale };
}

/** The child as the forms and pages name them: from the person index, or as the referrer described them. */
export async function loadChild(db: Db, contactChildId: number) {
  const row = await db
    .selectFrom('contact_child')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .leftJoin('person', 'person.id', 'contact_child.person_id')
    .where('contact_child.id', '=', contactChildId)
    .select([
      'contact_child.id',
      'contact.id as contact_id',
      'contact.reference',
      'contact_child.described_child',
      'person.given_name',
      'person.family_name',
    ])
    .executeTakeFirstOrThrow();
  const described = row.described_child;
  const name = row.given_name
    ? `${row.given_name} ${row.family_name}`
    : [described?.givenName, described?.familyName].filter(Boolean).join(' ') || 'Name not given';
  return { contactChildId: row.id, contactId: row.contact_id, reference: row.reference, name };
}

/** One discussion with everything recorded, ready for its page. */
export async function loadStrategyDiscussion(db: Db, id: number, now: Date, calendar: WorkingCalendar) {
  const [discussion, attendees, actions, escalations] = await Promise.all([
    db
      .selectFrom('strategy_discussion')
      .innerJoin('staff_user', 'staff_user.id', 'strategy_discussion.recorded_by')
      .innerJoin('team as owner_team', 'owner_team.id', 'strategy_discussion.team_id')
      .innerJoin('staff_user as owner', 'owner.id', 'strategy_discussion.worker_id')
      .leftJoin('staff_user as chair', 'chair.id', 'strategy_discussion.chair_id')
      .where('strategy_discussion.id', '=', id)
      .selectAll('strategy_discussion')
      .select([
        'staff_user.display_name as recorded_by_name',
        'owner_team.name as owner_team_name',
        'owner.display_name as owner_name',
        'chair.display_name as chair_name',
        'chair.role as chair_role',
      ])
      .executeTakeFirstOrThrow(),
    db.selectFrom('strategy_attendee').selectAll().where('strategy_discussion_id', '=', id).execute(),
    db
      .selectFrom('strategy_action')
      .selectAll()
      .where('strategy_discussion_id', '=', id)
      .orderBy('due_on')
      .orderBy('id')
      .execute(),
    loadEscalations(db, [id]),
  ]);
  const today = londonDateOf(now);
  return {
    escalations,
    discussion: {
      ...discussion,
      chairText: chairText(discussion),
      outcomeLabel: outcomeLabel(discussion.outcome),
      s47OutcomeLabel: discussion.s47_outcome ? SECTION_47_OUTCOMES[discussion.s47_outcome] : null,
      startsSection47: startsSection47(discussion.outcome),
    },
    attendees: STRATEGY_AGENCIES.flatMap((agency) => {
      const row = attendees.find((attendee) => attendee.agency_kind === agency.kind);
      if (!row && !agency.required) return [];
      return [
        {
          label: agency.label,
          required: agency.required,
          attended: row?.attended ?? false,
          name: row?.name ?? null,
          role: row?.role ?? null,
          absenceReason: row?.absence_reason ?? null,
          missing: agency.required && !row?.attended,
        },
      ];
    }),
    missingAgencies: missingAgencies(attendeeFacts(attendees)).map(agencyLabel),
    actions: actions.map((action) => ({
      ...action,
      overdue: action.done_at === null && action.due_on < today,
    })),
    icpc: icpcSummary(discussion, now, calendar),
  };
}

/**
 * The child's strategy discussions, newest first, as a short summary for the screening page:
 * decision, missing agencies, the ICPC clock and overdue actions.
 */
export async function loadStrategyDiscussions(db: Db, contactChildId: number, now: Date) {
  return strategyDiscussionsFrom(db, await strategyDiscussionsQuery(db, contactChildId).execute(), now);
}

/** The discussions behind loadStrategyDiscussions, for a caller sending it with other reads (selectTogether). */
export function strategyDiscussionsQuery(db: Db, contactChildId: number) {
  return db
    .selectFrom('strategy_discussion')
    .innerJoin('team as owner_team', 'owner_team.id', 'strategy_discussion.team_id')
    .innerJoin('staff_user as owner', 'owner.id', 'strategy_discussion.worker_id')
    .leftJoin('staff_user as chair', 'chair.id', 'strategy_discussion.chair_id')
    .where('strategy_discussion.contact_child_id', '=', contactChildId)
    .selectAll('strategy_discussion')
    .select([
      'owner_team.name as owner_team_name',
      'owner.display_name as owner_name',
      'chair.display_name as chair_name',
      'chair.role as chair_role',
    ])
    .orderBy('strategy_discussion.convened_at', 'desc')
    .orderBy('strategy_discussion.id', 'desc');
}

/** Each discussion's summary, reading its attendees, overdue actions and escalations when there are any. */
export async function strategyDiscussionsFrom(
  db: Db,
  discussions: RowOf<ReturnType<typeof strategyDiscussionsQuery>>[],
  now: Date
) {
  if (discussions.length === 0) return [];
  const ids = discussions.map((discussion) => discussion.id);
  const [calendar, attendees, overdueActions, escalations] = await Promise.all([
    councilCalendar(db),
    db
      .selectFrom('strategy_attendee')
      .select(['strategy_discussion_id', 'agency_kind', 'attended'])
      .where('strategy_discussion_id', 'in', ids)
      .execute(),
    db
      .selectFrom('strategy_action')
      .select(['strategy_discussion_id'])
      .where('strategy_discussion_id', 'in', ids)
      .where('done_at', 'is', null)
      .where('due_on', '<', londonDateOf(now))
      .execute(),
    loadEscalations(db, ids),
  ]);
  return discussions.map((discussion) => ({
    id: discussion.id,
    chairText: chairText(discussion),
    escalations: escalations.filter((row) => row.strategy_discussion_id === discussion.id),
    convened_at: discussion.convened_at,
    out_of_hours: discussion.out_of_hours,
    outcome: discussion.outcome,
    outcomeLabel: outcomeLabel(discussion.outcome),
    s47OutcomeLabel: discussion.s47_outcome ? SECTION_47_OUTCOMES[discussion.s47_outcome] : null,
    ownerTeamName: discussion.owner_team_name,
    ownerName: discussion.owner_name,
    missingAgencies: missingAgencies(
      attendeeFacts(attendees.filter((row) => row.strategy_discussion_id === discussion.id))
    ).map(agencyLabel),
    overdueActions: overdueActions.filter((row) => row.strategy_discussion_id === discussion.id).length,
    icpc: icpcSummary(discussion, now, calendar),
  }));
}

function icpcSummary(
  discussion: { icpc_due_on: string | null; icpc_held_on: string | null; s47_outcome: string | null },
  now: Date,
  calendar: WorkingCalendar
) {
  if (!discussion.icpc_due_on) return null;
  // The enquiry found no conference was needed: there is no conference to be late for.
  if (discussion.s47_outcome === 'cin_plan' || discussion.s47_outcome === 'no_further_action') return null;
  const progress = icpcProgress(discussion.icpc_due_on, discussion.icpc_held_on, now, calendar);
  return {
    dueOn: discussion.icpc_due_on,
    heldOn: discussion.icpc_held_on,
    late: progress.state === 'overdue' || (progress.state === 'held' && !progress.withinTimescale),
    text: describeIcpcProgress(progress),
  };
}

/** "Sam Lee (Team manager)", or what the record says when the chair was not asked (before migration 0022). */
function chairText(discussion: { chair_name: string | null; chair_role: Role | null }): string {
  if (!discussion.chair_name || !discussion.chair_role) return 'Not recorded';
  return `${discussion.chair_name} (${ROLE_LABELS[discussion.chair_role]})`;
}

function outcomeLabel(outcome: StrategyOutcome | null): string {
  return outcome ? STRATEGY_OUTCOMES[outcome] : 'Not recorded';
}

function attendeeFacts(rows: { agency_kind: string; attended: boolean }[]) {
  return rows.map((row) => ({ agencyKind: row.agency_kind, attended: row.attended }));
}

/**
 * A section 47 enquiry still open: no outcome yet, or a conference decided on but not yet held. Written
 * with its values in the text, exactly as migration 0040's partial index `strategy_discussion_open`
 * says it, so the planner can prove the index covers it (a parameter would hide that).
 */
export const openEnquiry: Expression<SqlBool> = sql<SqlBool>`(strategy_discussion.outcome in ('single_agency_s47', 'joint_s47')
    and (strategy_discussion.s47_outcome is null
      or (strategy_discussion.s47_outcome = 'icpc' and strategy_discussion.icpc_held_on is null)))`;

/** Open enquiries shown a page at a time: a large council has thousands open at once. */
export const OPEN_ENQUIRIES_PAGE_SIZE = 50;
/** Open enquiries counted exactly up to this many; beyond it the page says "more than" and pages on. */
export const OPEN_ENQUIRIES_COUNT_CAP = 1000;

/**
 * Section 47 enquiries still open: started by a strategy discussion, with no outcome yet, or waiting
 * for the conference it needs. Each with its owner and conference date, soonest due first, for the
 * owning team's and worker's queue, one page (`filters.page`, from 1) at a time with how many there are,
 * counted as far as OPEN_ENQUIRIES_COUNT_CAP (each is checked against the actor's access, so counting
 * thousands costs thousands of probes). References only: no child is named. The open ones have an index
 * of their own in that order (migration 0040), so a page reads its own rows rather than sorting every
 * open enquiry.
 */
export async function listOpenEnquiries(
  db: Db,
  now: Date,
  calendar: WorkingCalendar,
  filters: { teamId?: number; workerId?: number; visible?: Expression<SqlBool>; page?: number } = {}
) {
  let query = db
    .selectFrom('strategy_discussion')
    .innerJoin('contact_child', 'contact_child.id', 'strategy_discussion.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .innerJoin('team', 'team.id', 'strategy_discussion.team_id')
    .innerJoin('staff_user as worker', 'worker.id', 'strategy_discussion.worker_id')
    .where(openEnquiry);
  if (filters.teamId) query = query.where('strategy_discussion.team_id', '=', filters.teamId);
  if (filters.workerId) query = query.where('strategy_discussion.worker_id', '=', filters.workerId);
  // From a summary surface: only children the actor may see (the access layer's rule).
  if (filters.visible) query = query.where(filters.visible);
  const page = filters.page ?? 1;
  const counted = db
    .selectFrom(
      query
        .select(sql<number>`1`.as('one'))
        .limit(OPEN_ENQUIRIES_COUNT_CAP + 1)
        .as('capped')
    )
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const found = query
    .select([
      'strategy_discussion.id',
      'strategy_discussion.convened_at',
      'strategy_discussion.outcome',
      'strategy_discussion.s47_outcome',
      'strategy_discussion.icpc_due_on',
      'strategy_discussion.icpc_held_on',
      'strategy_discussion.team_id',
      'strategy_discussion.worker_id',
      'contact.reference',
      'contact_child.status as contact_status',
      'team.name as team_name',
      'worker.display_name as worker_name',
      'worker.active as worker_active',
    ])
    .orderBy('strategy_discussion.icpc_due_on')
    .orderBy('strategy_discussion.id')
    .limit(OPEN_ENQUIRIES_PAGE_SIZE + 1)
    .offset((page - 1) * OPEN_ENQUIRIES_PAGE_SIZE)
    .execute();
  const [rows, { n }] = await Promise.all([found, counted]);
  return {
    /** How many are open, counted up to OPEN_ENQUIRIES_COUNT_CAP. */
    total: Math.min(Number(n), OPEN_ENQUIRIES_COUNT_CAP),
    /** More than OPEN_ENQUIRIES_COUNT_CAP are open, so `total` is a floor. */
    moreThanCounted: Number(n) > OPEN_ENQUIRIES_COUNT_CAP,
    hasNextPage: rows.length > OPEN_ENQUIRIES_PAGE_SIZE,
    enquiries: rows.slice(0, OPEN_ENQUIRIES_PAGE_SIZE).map((row) => ({
      ...row,
      outcomeLabel: outcomeLabel(row.outcome),
      icpc: icpcSummary(row, now, calendar),
    })),
  };
}
