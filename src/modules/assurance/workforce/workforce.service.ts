/**
 * The workforce page's figures for one team and the three things assurance managers record: a team's
 * establishment, a worker's employment and a supervision. Each change is saved with its audit row in one
 * transaction; each read of the page is audited like the performance pages.
 */
import { sql } from 'kysely';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { EmploymentType, Role } from '../../../platform/db/schema.ts';
import { FormProblem } from '../../../platform/http/forms.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { caseloadsByWorker, openContactsByWorker } from '../../performance/workload-queries.ts';
import type { EmploymentAnswers, EstablishmentAnswers, SupervisionAnswers } from './workforce-forms.ts';
import {
  DEFAULT_SUPERVISION_WEEKS,
  postFigures,
  supervisionStatus,
  timeInTeam,
  type StaffGroup,
} from './workforce-rules.ts';

const MANAGER_ROLES: readonly Role[] = ['team_manager', 'service_manager'];

function groupOf(role: Role): StaffGroup {
  return MANAGER_ROLES.includes(role) ? 'managers' : 'practitioners';
}

/** The council's own teams (partners' staff are not the council's workforce). */
export function councilTeams(db: Db) {
  return db
    .selectFrom('team as t')
    .innerJoin('agency as a', 'a.id', 't.agency_id')
    .where('a.kind', '=', 'council')
    .select(['t.id', 't.name', 't.kind'])
    .orderBy(sql`t.kind = 'front_door' desc`)
    .orderBy('t.name')
    .execute();
}

/** The establishment rows of a team, newest first. */
function establishmentHistory(db: Db, teamId: number) {
  return db
    .selectFrom('team_establishment as e')
    .leftJoin('staff_user as u', 'u.id', 'e.recorded_by')
    .where('e.team_id', '=', teamId)
    .select([
      'e.effective_from as effectiveFrom',
      'e.practitioner_posts as practitionerPosts',
      'e.manager_posts as managerPosts',
      'e.supervision_every_weeks as supervisionEveryWeeks',
      'u.display_name as recordedBy',
      'e.recorded_at as recordedAt',
    ])
    .orderBy('e.effective_from', 'desc')
    .execute();
}

/** The team's active staff with their employment, if recorded. */
export function teamStaff(db: Db, teamId: number) {
  return db
    .selectFrom('staff_user as u')
    .leftJoin('staff_employment as e', 'e.staff_user_id', 'u.id')
    .where('u.team_id', '=', teamId)
    .where('u.active', '=', true)
    .select([
      'u.id',
      'u.display_name as name',
      'u.role',
      'e.employment_type as employmentType',
      'e.started_on as startedOn',
      'e.fte',
    ])
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
}

/** Open work per worker as /performance/workload counts it: open contacts and open involvements, in any team. */
async function workByWorker(db: Db, now: Date) {
  const [open, caseloads] = await Promise.all([openContactsByWorker(db, now), caseloadsByWorker(db)]);
  const sum = <Row extends { workerId: number | null }>(
    rows: readonly Row[],
    count: (row: Row) => number
  ) => {
    const totals = new Map<number, number>();
    for (const row of rows)
      if (row.workerId !== null) totals.set(row.workerId, (totals.get(row.workerId) ?? 0) + count(row));
    return totals;
  };
  return {
    openContacts: sum(open, (row) => row.open),
    caseloads: sum(caseloads, (row) => row.total),
  };
}

/** Everything the workforce page shows for a team, as at `now`. */
export function workforceFigures(access: RecordAccess, teamId: number, now: Date) {
  return access.withPermission(
    'assurance:view',
    { action: 'performance.view', recordType: 'workforce', details: { section: 'workforce', teamId } },
    async (db) => teamFigures(db, teamId, londonDateOf(now), await workByWorker(db, now))
  );
}

export type TeamWorkforce = Awaited<ReturnType<typeof teamFigures>>;

/**
 * Every council team's workforce as at `now`, for the SEF's evidence (the caller audits the read). The
 * records describe the present: establishment, staff and caseloads now, supervision over the last months.
 */
export async function councilWorkforce(
  db: Db,
  now: Date
): Promise<{ teamId: number; teamName: string; figures: TeamWorkforce }[]> {
  const [teams, work] = await Promise.all([councilTeams(db), workByWorker(db, now)]);
  const today = londonDateOf(now);
  return Promise.all(
    teams.map(async (team) => ({
      teamId: team.id,
      teamName: team.name,
      figures: await teamFigures(db, team.id, today, work),
    }))
  );
}

async function teamFigures(
  db: Db,
  teamId: number,
  today: string,
  work: Awaited<ReturnType<typeof workByWorker>>
) {
  const [history, staff] = await Promise.all([establishmentHistory(db, teamId), teamStaff(db, teamId)]);
  const supervisions = staff.length
    ? await db
        .selectFrom('supervision')
        .where(
          'staff_user_id',
          'in',
          staff.map((member) => member.id)
        )
        .select(['staff_user_id as staffUserId', 'held_on as heldOn'])
        .execute()
    : [];
  const current = history.find((row) => row.effectiveFrom <= today) ?? null;
  const everyWeeks = current?.supervisionEveryWeeks ?? DEFAULT_SUPERVISION_WEEKS;
  const workers = staff.map((member) => {
    const employment =
      member.employmentType && member.fte !== null ? { type: member.employmentType, fte: member.fte } : null;
    return {
      ...member,
      group: groupOf(member.role),
      employment,
      timeInTeam: member.startedOn ? timeInTeam(member.startedOn, today) : null,
      openContacts: work.openContacts.get(member.id) ?? 0,
      caseload: work.caseloads.get(member.id) ?? 0,
      supervision: supervisionStatus({
        startedOn: member.startedOn,
        held: supervisions.filter((row) => row.staffUserId === member.id).map((row) => row.heldOn),
        everyWeeks,
        today,
      }),
    };
  });
  const inGroup = (group: StaffGroup) => workers.filter((worker) => worker.group === group);
  return {
    today,
    current,
    history,
    everyWeeks,
    workers,
    posts: {
      practitioners: postFigures(current?.practitionerPosts ?? null, inGroup('practitioners')),
      managers: postFigures(current?.managerPosts ?? null, inGroup('managers')),
    },
    supervision: {
      held: workers.reduce((sum, worker) => sum + worker.supervision.heldInWindow, 0),
      due: workers.reduce((sum, worker) => sum + worker.supervision.dueInWindow, 0),
      overdue: workers.filter((worker) => worker.supervision.overdueDays > 0).length,
      noDates: workers.filter((worker) => worker.supervision.nextDue === null).length,
    },
  };
}

async function councilTeam(db: Db, teamId: number) {
  const team = await db
    .selectFrom('team as t')
    .innerJoin('agency as a', 'a.id', 't.agency_id')
    .where('t.id', '=', teamId)
    .where('a.kind', '=', 'council')
    .select(['t.id', 't.name'])
    .executeTakeFirst();
  if (!team) throw new RecordNotFoundError('Team');
  return team;
}

/** A member of the council's staff, or "not found". */
export async function councilStaffMember(db: Db, staffUserId: number) {
  const member = await db
    .selectFrom('staff_user as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .leftJoin('staff_employment as e', 'e.staff_user_id', 'u.id')
    .where('u.id', '=', staffUserId)
    .where('a.kind', '=', 'council')
    .select([
      'u.id',
      'u.display_name as name',
      'u.team_id as teamId',
      'e.employment_type as employmentType',
      'e.started_on as startedOn',
      'e.fte',
    ])
    .executeTakeFirst();
  if (!member) throw new RecordNotFoundError('Member of staff');
  return member;
}

/** Saves a team's establishment from a date; a second one for the same date replaces the first. */
export function recordEstablishment(
  access: RecordAccess,
  teamId: number,
  answers: EstablishmentAnswers,
  now: Date
): Promise<void> {
  return access.recordChange('assurance:manage', 'workforce.establishment', async (trx) => {
    await councilTeam(trx, teamId);
    const row = {
      practitioner_posts: answers.practitionerPosts,
      manager_posts: answers.managerPosts,
      supervision_every_weeks: answers.supervisionEveryWeeks,
      recorded_by: access.actor.userId,
      recorded_at: now,
    };
    const saved = await trx
      .insertInto('team_establishment')
      .values({ team_id: teamId, effective_from: answers.effectiveFrom, ...row })
      .onConflict((conflict) => conflict.columns(['team_id', 'effective_from']).doUpdateSet(row))
      .returning(sql<boolean>`xmax <> 0`.as('replaced'))
      .executeTakeFirstOrThrow();
    return { recordType: 'team', recordId: teamId, result: undefined, details: { ...answers, ...saved } };
  });
}

/** Saves how a member of staff is employed and since when they have been in their team. */
export function recordEmployment(
  access: RecordAccess,
  staffUserId: number,
  answers: EmploymentAnswers,
  now: Date
): Promise<void> {
  return access.recordChange('assurance:manage', 'workforce.employment', async (trx) => {
    await councilStaffMember(trx, staffUserId);
    const earliest = await trx
      .selectFrom('supervision')
      .where('staff_user_id', '=', staffUserId)
      .select(sql<string | null>`min(held_on)`.as('heldOn'))
      .executeTakeFirst();
    if (earliest?.heldOn && earliest.heldOn < answers.startedOn)
      throw new FormProblem(
        'startedOn',
        `Date they started in the team must be on or before their first recorded supervision, ${longDate(earliest.heldOn)}`
      );
    const row = {
      employment_type: answers.employmentType satisfies EmploymentType,
      started_on: answers.startedOn,
      fte: answers.fte,
      recorded_by: access.actor.userId,
      recorded_at: now,
    };
    await trx
      .insertInto('staff_employment')
      .values({ staff_user_id: staffUserId, ...row })
      .onConflict((conflict) => conflict.column('staff_user_id').doUpdateSet(row))
      .execute();
    return { recordType: 'staff_user', recordId: staffUserId, result: undefined, details: { ...answers } };
  });
}

/** Records a supervision held; refused before the worker started, twice on one day, or self-supervised. */
export function recordSupervision(
  access: RecordAccess,
  answers: SupervisionAnswers,
  now: Date
): Promise<void> {
  return access.recordChange('assurance:manage', 'workforce.supervision', async (trx) => {
    const member = await councilStaffMember(trx, answers.staffUserId);
    if (answers.supervisorId === answers.staffUserId)
      throw new FormProblem(
        'supervisorId',
        'The supervisor must be someone other than the person supervised'
      );
    if (member.startedOn && answers.heldOn < member.startedOn)
      throw new FormProblem(
        'heldOn',
        `Date of the supervision must be on or after the date ${member.name} started in the team, ${longDate(member.startedOn)}`
      );
    const saved = await trx
      .insertInto('supervision')
      .values({
        staff_user_id: answers.staffUserId,
        held_on: answers.heldOn,
        supervisor_id: answers.supervisorId,
        recorded_by: access.actor.userId,
        recorded_at: now,
      })
      .onConflict((conflict) => conflict.columns(['staff_user_id', 'held_on']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!saved)
      throw new FormProblem(
        'heldOn',
        `A supervision on ${longDate(answers.heldOn)} is already recorded for ${member.name}`
      );
    return { recordType: 'supervision', recordId: saved.id, result: undefined, details: { ...answers } };
  });
}

/** Managers who may be named as a supervisor: the council's team and service managers. */
export function supervisors(db: Db) {
  return db
    .selectFrom('staff_user as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .where('a.kind', '=', 'council')
    .where('u.active', '=', true)
    .where('u.role', 'in', MANAGER_ROLES)
    .select(['u.id', 'u.display_name as name'])
    .orderBy('u.display_name')
    .execute();
}

function longDate(date: string): string {
  return formatUk(date, UK_FORMATS.date);
}
