/**
 * The demo council's workforce (issue 14): each casework team's establishment now and a year before, with
 * a few vacancies; how each member of staff is employed (some agency locums, some part time), when they
 * started in their team; and a year of supervisions, mostly every four weeks, some missed, so the
 * workforce page has overdue supervision and new starters to show.
 */
import type { Db } from '../platform/db/database.ts';
import type { EmploymentType, TeamKind } from '../platform/db/schema.ts';
import { Random } from '../shared/random.ts';
import { londonDateOf } from '../shared/working-time.ts';
import { DEFAULT_SUPERVISION_WEEKS } from '../modules/assurance/workforce/workforce-rules.ts';

const CASEWORK_TEAMS: readonly TeamKind[] = [
  'front_door',
  'out_of_hours',
  'early_help',
  'assessment',
  'child_protection',
];
const DAY_MS = 86_400_000;
/** Children's social care relies on locums: about one in six front-line workers in the demo. */
const AGENCY_SHARE = 0.16;
const MISSED_SUPERVISION = 0.12;
const LAPSED_SUPERVISION = 0.12;

export async function seedWorkforce(db: Db, options: { now: Date; seed: number }): Promise<void> {
  const random = new Random(options.seed ^ 0x5eed0014);
  const today = Date.parse(`${londonDateOf(options.now)}T00:00:00Z`);
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const staff = await db
    .selectFrom('staff_user as u')
    .innerJoin('team as t', 't.id', 'u.team_id')
    .where('t.kind', 'in', CASEWORK_TEAMS)
    .where('u.active', '=', true)
    .select(['u.id', 'u.role', 'u.team_id as teamId'])
    .orderBy('u.id')
    .execute();

  const employment = staff.map((member) => {
    const manager = member.role === 'team_manager' || member.role === 'service_manager';
    const type: EmploymentType = !manager && random.chance(AGENCY_SHARE) ? 'agency' : 'permanent';
    // Locums stay months, permanent staff years; a few permanent staff are new starters.
    const daysIn =
      type === 'agency'
        ? random.int(20, 300)
        : random.chance(0.15)
          ? random.int(10, 180)
          : random.int(181, 8 * 365);
    return {
      ...member,
      manager,
      type,
      startedOn: today - daysIn * DAY_MS,
      fte: type === 'permanent' && random.chance(0.15) ? random.pick([0.6, 0.8]) : 1,
    };
  });
  await db
    .insertInto('staff_employment')
    .values(
      employment.map((member) => ({
        staff_user_id: member.id,
        employment_type: member.type,
        started_on: date(member.startedOn),
        fte: member.fte,
        recorded_by: null,
        recorded_at: options.now,
      }))
    )
    .execute();

  const teams = [...new Set(employment.map((member) => member.teamId!))];
  const establishments = teams.flatMap((teamId) => {
    const members = employment.filter((member) => member.teamId === teamId);
    const permanent = (manager: boolean) =>
      members
        .filter((member) => member.manager === manager && member.type === 'permanent')
        .reduce((sum, member) => sum + member.fte, 0);
    const agency = members.filter((member) => member.type === 'agency').length;
    const practitionerPosts = Math.round(permanent(false)) + agency + random.int(0, 2);
    const managerPosts = Math.round(permanent(true)) + (random.chance(0.2) ? 1 : 0);
    const row = (daysAgo: number, practitioners: number) => ({
      team_id: teamId,
      effective_from: date(today - daysAgo * DAY_MS),
      practitioner_posts: practitioners,
      manager_posts: managerPosts,
      supervision_every_weeks: DEFAULT_SUPERVISION_WEEKS,
      recorded_by: null,
      recorded_at: options.now,
    });
    return [row(730, Math.max(1, practitionerPosts - random.int(0, 2))), row(365, practitionerPosts)];
  });
  await db.insertInto('team_establishment').values(establishments).execute();

  const managersOf = new Map<number, number[]>();
  for (const member of employment)
    if (member.manager)
      managersOf.set(member.teamId!, [...(managersOf.get(member.teamId!) ?? []), member.id]);
  const supervisions = employment.flatMap((member) => {
    const supervisors = (managersOf.get(member.teamId!) ?? []).filter((id) => id !== member.id);
    const held: { staff_user_id: number; held_on: string; supervisor_id: number | null }[] = [];
    const every = DEFAULT_SUPERVISION_WEEKS * 7 * DAY_MS;
    // A few have had none for a month or more: the page's overdue supervision.
    const lapsedFrom = random.chance(LAPSED_SUPERVISION) ? today - random.int(35, 100) * DAY_MS : Infinity;
    for (let due = Math.max(member.startedOn, today - 365 * DAY_MS) + every; due <= today; due += every) {
      const on = due + random.int(-5, 5) * DAY_MS;
      if (on > today || on >= lapsedFrom) break;
      if (random.chance(MISSED_SUPERVISION)) continue;
      held.push({
        staff_user_id: member.id,
        held_on: date(on),
        supervisor_id: supervisors.length ? random.pick(supervisors) : null,
      });
    }
    return held;
  });
  for (let start = 0; start < supervisions.length; start += 500)
    await db
      .insertInto('supervision')
      .values(
        supervisions
          .slice(start, start + 500)
          .map((row) => ({ ...row, recorded_by: null, recorded_at: options.now }))
      )
      .execute();
}
