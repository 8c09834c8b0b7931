import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/*
 * Workload as it stands now: open contacts and caseloads by worker and team, and what is waiting on
 * whom. Live state, not a period, so it reads the case tables directly; each is one grouped query.
 */

export interface OpenContactsRow {
  teamName: string;
  workerName: string | null;
  open: number;
  pastDecisionDue: number;
  oldestReceivedAt: Date;
}

/** Children's parts of contacts not yet completed, by team and worker (unallocated shown as such). */
export async function openContactsByWorker(db: Db, now: Date, teamId?: number): Promise<OpenContactsRow[]> {
  const rows = await db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .leftJoin('team as t', 't.id', 'cc.team_id')
    .leftJoin('staff_user as w', 'w.id', 'cc.worker_id')
    .where('cc.status', '<>', 'completed')
    .$if(teamId !== undefined, (query) => query.where('cc.team_id', '=', teamId!))
    .groupBy(['t.name', 'w.display_name'])
    .select([
      sql<string>`coalesce(t.name, 'No team')`.as('teamName'),
      'w.display_name as workerName',
      sql<number>`count(*)::int`.as('open'),
      sql<number>`count(*) filter (where coalesce(cc.decision_extended_to, cc.decision_due_at) < ${now})::int`.as(
        'pastDecisionDue'
      ),
      sql<Date>`min(c.received_at)`.as('oldestReceivedAt'),
    ])
    .orderBy('teamName')
    .orderBy(sql`w.display_name nulls first`)
    .execute();
  return rows;
}

export interface CaseloadRow {
  teamName: string;
  workerName: string | null;
  assessments: number;
  section47s: number;
  childInNeed: number;
  childProtection: number;
  earlyHelp: number;
  total: number;
}

/** Open involvements (assessments, enquiries, plans, early help) by team and worker. */
export async function caseloadsByWorker(db: Db, teamId?: number): Promise<CaseloadRow[]> {
  const count = (kind: string) => sql<number>`count(*) filter (where i.kind = ${kind})::int`;
  return db
    .selectFrom('involvement as i')
    .leftJoin('team as t', 't.id', 'i.team_id')
    .leftJoin('staff_user as w', 'w.id', 'i.worker_id')
    .where('i.ended_on', 'is', null)
    .where('i.kind', '<>', 'looked_after')
    .$if(teamId !== undefined, (query) => query.where('i.team_id', '=', teamId!))
    .groupBy(['t.name', 'w.display_name'])
    .select([
      sql<string>`coalesce(t.name, 'No team')`.as('teamName'),
      'w.display_name as workerName',
      count('assessment').as('assessments'),
      count('section_47').as('section47s'),
      count('child_in_need').as('childInNeed'),
      count('child_protection_plan').as('childProtection'),
      count('early_help').as('earlyHelp'),
      sql<number>`count(*)::int`.as('total'),
    ])
    .orderBy('teamName')
    .orderBy(sql`w.display_name nulls first`)
    .execute();
}

export interface BlockageRow {
  /** What is waiting, e.g. "Information requests". */
  what: string;
  /** Who it is waiting on: a partner agency, a team's managers, a receiving team. */
  waitingOn: string;
  count: number;
  overdue: number | null;
  oldestSince: Date;
}

/** What is waiting on whom: partners' answers, managers' authorisations and reviews, teams' acceptance. */
export async function blockages(db: Db, now: Date, teamId?: number): Promise<BlockageRow[]> {
  const inTeam = teamId === undefined ? sql`true` : sql`cc.team_id = ${teamId}`;
  const { rows } = await sql<BlockageRow>`
    select 'Information requests' as what, a.name as "waitingOn", count(*)::int as count,
      count(*) filter (where r.due_at < ${now})::int as overdue, min(r.requested_at) as "oldestSince"
    from information_request r join agency a on a.id = r.agency_id join contact_child cc on cc.id = r.contact_child_id
    where r.status = 'open' and ${inTeam} group by a.name
    union all
    select 'Decisions to authorise', 'Managers of ' || coalesce(t.name, 'no team'), count(*)::int,
      count(*) filter (where coalesce(cc.decision_extended_to, cc.decision_due_at) < ${now})::int, min(d.proposed_at)
    from decision d join contact_child cc on cc.id = d.contact_child_id left join team t on t.id = cc.team_id
    where d.status = 'proposed' and ${inTeam} group by t.name
    union all
    select 'Decisions awaiting a second sign-off', 'Second authorisers', count(*)::int,
      count(*) filter (where coalesce(cc.decision_extended_to, cc.decision_due_at) < ${now})::int, min(d.authorised_at)
    from decision d join contact_child cc on cc.id = d.contact_child_id
    where d.status = 'awaiting_second_authorisation' and ${inTeam}
    having count(*) > 0
    union all
    select 'Ratings below red to confirm', 'Managers of ' || coalesce(t.name, 'no team'), count(*)::int, null,
      min(g.rated_at)
    from rag_rating g join contact_child cc on cc.id = g.contact_child_id left join team t on t.id = cc.team_id
    where g.review_status = 'pending' and ${inTeam} group by t.name
    union all
    select 'Handovers to accept', t.name, count(*)::int, null, min(h.offered_at)
    from handover h join team t on t.id = h.to_team_id join contact_child cc on cc.id = h.contact_child_id
    where h.status = 'offered' and ${inTeam} group by t.name
    order by 1, 2
  `.execute(db);
  return rows;
}
