import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { InvolvementKind } from '../../platform/db/schema.ts';
import type { ChildListing } from './children-behind.ts';

/*
 * Workload as it stands now: open contacts and caseloads by worker and team, and what is waiting on
 * whom. Live state, not a period, so it reads the case tables directly; each is one grouped query.
 * Every count can be listed: the children behind it are the same rows, narrowed to its cell.
 */

type Sql = RawBuilder<unknown>;

/** The child's record after merges, from a table `p` of person joined on. */
const PERSON = sql`coalesce(p.merged_into_id, p.id)`;
const UK_DAY = (instant: Sql) => sql`(${instant} at time zone 'Europe/London')::date`;
const inTeam = (column: Sql, teamId: number | undefined) =>
  teamId === undefined ? sql`true` : sql`${column} = ${teamId}`;
const same = (column: Sql, id: number | null) =>
  id === null ? sql`${column} is null` : sql`${column} = ${id}`;

/** A contact-child's decision is late: past its due time, or its extension. */
const DECISION_LATE = (now: Date) => sql`coalesce(cc.decision_extended_to, cc.decision_due_at) < ${now}`;
const TIMING = (late: Sql) => sql`case when ${late} then 'Past its due time' else 'Not yet due' end`;

export interface OpenContactsRow {
  teamId: number | null;
  teamName: string;
  workerId: number | null;
  workerName: string | null;
  open: number;
  pastDecisionDue: number;
  oldestReceivedAt: Date;
}

const OPEN_CONTACTS = sql`from contact_child cc join contact c on c.id = cc.contact_id
  left join team t on t.id = cc.team_id left join staff_user w on w.id = cc.worker_id
  left join person p on p.id = cc.person_id
  where cc.status <> 'completed'`;

/** Children's parts of contacts not yet completed, by team and worker (unallocated shown as such). */
export async function openContactsByWorker(db: Db, now: Date, teamId?: number): Promise<OpenContactsRow[]> {
  const { rows } = await sql<OpenContactsRow>`
    select cc.team_id as "teamId", coalesce(t.name, 'No team') as "teamName",
      cc.worker_id as "workerId", w.display_name as "workerName", count(*)::int as open,
      count(*) filter (where ${DECISION_LATE(now)})::int as "pastDecisionDue",
      min(c.received_at) as "oldestReceivedAt"
    ${OPEN_CONTACTS} and ${inTeam(sql`cc.team_id`, teamId)}
    group by cc.team_id, t.name, cc.worker_id, w.display_name
    order by 2, w.display_name nulls first`.execute(db);
  return rows;
}

export interface CaseloadRow {
  teamId: number | null;
  teamName: string;
  workerId: number | null;
  workerName: string | null;
  assessments: number;
  section47s: number;
  childInNeed: number;
  childProtection: number;
  earlyHelp: number;
  total: number;
}

/** The involvement kind each caseload column counts. */
const CASELOAD_KINDS = {
  assessments: 'assessment',
  section47s: 'section_47',
  childInNeed: 'child_in_need',
  childProtection: 'child_protection_plan',
  earlyHelp: 'early_help',
} as const satisfies Partial<Record<keyof CaseloadRow, InvolvementKind>>;

const KIND_TEXT: Record<(typeof CASELOAD_KINDS)[keyof typeof CASELOAD_KINDS], string> = {
  assessment: 'Assessment',
  section_47: 'Section 47 enquiry',
  child_in_need: 'Child in need',
  child_protection_plan: 'Child protection plan',
  early_help: 'Early help',
};

const OPEN_INVOLVEMENTS = sql`from involvement i join person p on p.id = i.person_id
  left join team t on t.id = i.team_id left join staff_user w on w.id = i.worker_id
  where i.ended_on is null and i.kind <> 'looked_after'`;

/** Open involvements (assessments, enquiries, plans, early help) by team and worker. */
export async function caseloadsByWorker(db: Db, teamId?: number): Promise<CaseloadRow[]> {
  const columns = Object.entries(CASELOAD_KINDS).map(
    ([column, kind]) => sql`count(*) filter (where i.kind = ${kind})::int as ${sql.id(column)}`
  );
  const { rows } = await sql<CaseloadRow>`
    select i.team_id as "teamId", coalesce(t.name, 'No team') as "teamName",
      i.worker_id as "workerId", w.display_name as "workerName", ${sql.join(columns)},
      count(*)::int as total
    ${OPEN_INVOLVEMENTS} and ${inTeam(sql`i.team_id`, teamId)}
    group by i.team_id, t.name, i.worker_id, w.display_name
    order by 2, w.display_name nulls first`.execute(db);
  return rows;
}

export interface BlockageRow {
  kind: BlockageKind;
  /** What is waiting, e.g. "Information requests". */
  what: string;
  /** Who it is waiting on: a partner agency, a team's managers, a receiving team. */
  waitingOn: string;
  /** The agency or team it waits on, when it is one. */
  groupId: number | null;
  count: number;
  overdue: number | null;
  oldestSince: Date;
}

interface Blockage {
  what: string;
  waitingOn: Sql;
  groupId: Sql;
  /** The tables after `from`, each with the contact-child `cc`. */
  tables: Sql;
  waiting: Sql;
  since: Sql;
  /** Past its due time; null when it is not timed. */
  late: ((now: Date) => Sql) | null;
  key: Sql;
}

const MANAGERS_OF_TEAM = sql`'Managers of ' || coalesce(t.name, 'no team')`;

const BLOCKAGES = {
  requests: {
    what: 'Information requests',
    waitingOn: sql`a.name`,
    groupId: sql`a.id`,
    tables: sql`information_request r join agency a on a.id = r.agency_id
      join contact_child cc on cc.id = r.contact_child_id`,
    waiting: sql`r.status = 'open'`,
    since: sql`r.requested_at`,
    late: (now) => sql`r.due_at < ${now}`,
    key: sql`r.id`,
  },
  authorise: {
    what: 'Decisions to authorise',
    waitingOn: MANAGERS_OF_TEAM,
    groupId: sql`cc.team_id`,
    tables: sql`decision d join contact_child cc on cc.id = d.contact_child_id left join team t on t.id = cc.team_id`,
    waiting: sql`d.status = 'proposed'`,
    since: sql`d.proposed_at`,
    late: DECISION_LATE,
    key: sql`d.id`,
  },
  secondSignOff: {
    what: 'Decisions awaiting a second sign-off',
    waitingOn: sql`'Second authorisers'`,
    groupId: sql`null::int`,
    tables: sql`decision d join contact_child cc on cc.id = d.contact_child_id`,
    waiting: sql`d.status = 'awaiting_second_authorisation'`,
    since: sql`d.authorised_at`,
    late: DECISION_LATE,
    key: sql`d.id`,
  },
  ratings: {
    what: 'Ratings below red to confirm',
    waitingOn: MANAGERS_OF_TEAM,
    groupId: sql`cc.team_id`,
    tables: sql`rag_rating g join contact_child cc on cc.id = g.contact_child_id left join team t on t.id = cc.team_id`,
    waiting: sql`g.review_status = 'pending'`,
    since: sql`g.rated_at`,
    late: null,
    key: sql`g.id`,
  },
  handovers: {
    what: 'Handovers to accept',
    waitingOn: sql`t.name`,
    groupId: sql`t.id`,
    tables: sql`handover h join team t on t.id = h.to_team_id join contact_child cc on cc.id = h.contact_child_id`,
    waiting: sql`h.status = 'offered'`,
    since: sql`h.offered_at`,
    late: null,
    key: sql`h.id`,
  },
} as const satisfies Record<string, Blockage>;
export type BlockageKind = keyof typeof BLOCKAGES;

/** What is waiting on whom: partners' answers, managers' authorisations and reviews, teams' acceptance. */
export async function blockages(db: Db, now: Date, teamId?: number): Promise<BlockageRow[]> {
  const branches = Object.entries(BLOCKAGES).map(([kind, blockage]: [string, Blockage]) => {
    const overdue = blockage.late ? sql`count(*) filter (where ${blockage.late(now)})::int` : sql`null::int`;
    return sql`select ${kind}::text as kind, ${blockage.what}::text as what, ${blockage.waitingOn} as "waitingOn",
        ${blockage.groupId} as "groupId", count(*)::int as count, ${overdue} as overdue,
        min(${blockage.since}) as "oldestSince"
      from ${blockage.tables}
      where ${blockage.waiting} and ${inTeam(sql`cc.team_id`, teamId)}
      group by 1, 2, 3, 4`;
  });
  const { rows } = await sql<BlockageRow>`${sql.join(branches, sql` union all `)} order by 2, 3`.execute(db);
  return rows;
}

/** Which workload table a cell is in, and the row's team and worker (or what it waits on). */
export type WorkloadCell =
  | { table: 'open'; column: 'open' | 'pastDecisionDue'; teamId: number | null; workerId: number | null }
  | {
      table: 'caseloads';
      column: keyof typeof CASELOAD_KINDS | 'total';
      teamId: number | null;
      workerId: number | null;
    }
  | { table: 'waiting'; column: 'count' | 'overdue'; kind: BlockageKind; groupId: number | null };

/** The children behind one count of the workload, as it stands now (within a team, when one is chosen). */
export function workloadListing(cell: WorkloadCell, now: Date, teamId?: number): ChildListing {
  switch (cell.table) {
    case 'open': {
      const late = DECISION_LATE(now);
      const row = sql`${same(sql`cc.team_id`, cell.teamId)} and ${same(sql`cc.worker_id`, cell.workerId)}`;
      return {
        from: sql`${OPEN_CONTACTS} and ${inTeam(sql`cc.team_id`, teamId)} and ${row}
          and ${cell.column === 'pastDecisionDue' ? late : sql`true`}`,
        person: PERSON,
        day: UK_DAY(sql`c.received_at`),
        fact: TIMING(late),
        key: sql`cc.id`,
      };
    }
    case 'caseloads': {
      const row = sql`${same(sql`i.team_id`, cell.teamId)} and ${same(sql`i.worker_id`, cell.workerId)}`;
      const kind = cell.column === 'total' ? sql`true` : sql`i.kind = ${CASELOAD_KINDS[cell.column]}`;
      const kindText = sql`case i.kind ${sql.join(
        Object.entries(KIND_TEXT).map(([code, text]) => sql`when ${code} then ${text}`),
        sql` `
      )} end`;
      return {
        from: sql`${OPEN_INVOLVEMENTS} and ${inTeam(sql`i.team_id`, teamId)} and ${row} and ${kind}`,
        person: PERSON,
        day: sql`i.started_on`,
        fact: kindText,
        key: sql`i.id`,
      };
    }
    case 'waiting': {
      const blockage: Blockage = BLOCKAGES[cell.kind];
      const late = blockage.late?.(now);
      const overdue = cell.column === 'overdue' ? (late ?? sql`false`) : sql`true`;
      return {
        from: sql`from ${blockage.tables} left join person p on p.id = cc.person_id
          where ${blockage.waiting} and ${inTeam(sql`cc.team_id`, teamId)}
          and ${same(blockage.groupId, cell.groupId)} and ${overdue}`,
        person: PERSON,
        day: UK_DAY(blockage.since),
        fact: late ? TIMING(late) : sql`'Not timed'`,
        key: blockage.key,
      };
    }
  }
}
