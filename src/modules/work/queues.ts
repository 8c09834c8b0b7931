import type { Db } from '../../platform/db/database.ts';
import type { ContactChildStatus, Rag } from '../../platform/db/schema.ts';
import { EARLIEST_DUE, OPEN_STATUSES } from '../screening/queue.ts';

/** The due time the child's work is measured against: the earlier of the RAG and (extended) decision times. */
const DUE = EARLIEST_DUE;
const RATINGS = ['red', 'amber', 'green', 'unrated'] as const;
type Rating = (typeof RATINGS)[number];

export interface TeamQueue {
  teamId: number | null;
  teamName: string;
  open: number;
  byStatus: Record<ContactChildStatus, number>;
  byRag: Record<Rating, number>;
  overdue: number;
}

/**
 * Counts of open front-door work, for managers balancing it: per team by status and RAG with what
 * is overdue, per worker their caseload and oldest due time, and per agency the information requests
 * still waiting. Counts only: no child is named.
 */
export async function loadWorkQueues(db: Db, now: Date) {
  const [teamRows, workers, partners] = await Promise.all([
    teamCounts(db, now),
    workerCaseloads(db, now),
    waitingOnPartners(db, now),
  ]);
  return { teams: teamQueues(teamRows), workers, partners };
}

function teamCounts(db: Db, now: Date) {
  return db
    .selectFrom('contact_child')
    .leftJoin('team', 'team.id', 'contact_child.team_id')
    .where('contact_child.status', '<>', 'completed')
    .groupBy(['contact_child.team_id', 'team.name', 'contact_child.status', 'contact_child.rag'])
    .select((eb) => [
      'contact_child.team_id',
      'team.name as team_name',
      'contact_child.status',
      'contact_child.rag',
      eb.fn.countAll<number>().as('open'),
      eb.fn.countAll<number>().filterWhere(DUE, '<=', now).as('overdue'),
    ])
    .execute();
}

function teamQueues(rows: Awaited<ReturnType<typeof teamCounts>>): TeamQueue[] {
  const teams = new Map<number | null, TeamQueue>();
  for (const row of rows) {
    let team = teams.get(row.team_id);
    if (!team) {
      team = {
        teamId: row.team_id,
        teamName: row.team_name ?? 'No team yet',
        open: 0,
        byStatus: Object.fromEntries(OPEN_STATUSES.map((status) => [status, 0])) as TeamQueue['byStatus'],
        byRag: Object.fromEntries(RATINGS.map((rating) => [rating, 0])) as TeamQueue['byRag'],
        overdue: 0,
      };
      teams.set(row.team_id, team);
    }
    const open = Number(row.open);
    team.open += open;
    team.byStatus[row.status] += open;
    team.byRag[(row.rag as Rag | null) ?? 'unrated'] += open;
    team.overdue += Number(row.overdue);
  }
  return [...teams.values()].sort((a, b) => b.open - a.open || a.teamName.localeCompare(b.teamName));
}

async function workerCaseloads(db: Db, now: Date) {
  const rows = await db
    .selectFrom('contact_child')
    .innerJoin('staff_user as worker', 'worker.id', 'contact_child.worker_id')
    .leftJoin('team', 'team.id', 'worker.team_id')
    .where('contact_child.status', '<>', 'completed')
    .groupBy(['worker.id', 'worker.display_name', 'team.name'])
    .select((eb) => [
      'worker.id',
      'worker.display_name as name',
      'team.name as team_name',
      eb.fn.countAll<number>().as('caseload'),
      eb.fn.countAll<number>().filterWhere(DUE, '<=', now).as('overdue'),
      eb.fn.min(DUE).as('oldest_due'),
    ])
    .orderBy('caseload', 'desc')
    .orderBy('worker.display_name')
    .execute();
  return rows.map((row) => ({ ...row, caseload: Number(row.caseload), overdue: Number(row.overdue) }));
}

async function waitingOnPartners(db: Db, now: Date) {
  const rows = await db
    .selectFrom('information_request')
    .innerJoin('agency', 'agency.id', 'information_request.agency_id')
    .where('information_request.status', '=', 'open')
    .groupBy(['agency.id', 'agency.name'])
    .select((eb) => [
      'agency.id',
      'agency.name',
      eb.fn.countAll<number>().as('open'),
      eb.fn.countAll<number>().filterWhere('information_request.due_at', '<=', now).as('late'),
      eb.fn.min('information_request.due_at').as('oldest_due'),
    ])
    .orderBy('late', 'desc')
    .orderBy('agency.name')
    .execute();
  return rows.map((row) => ({ ...row, open: Number(row.open), late: Number(row.late) }));
}
