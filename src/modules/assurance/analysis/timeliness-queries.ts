import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Period } from '../../performance/insight-scope.ts';

/*
 * Decisions within the RAG time (the performance measure decided_within_rag_time: authorised decisions
 * made by the due time of the rating they were proposed on, out of those made on a rating, by the date
 * the manager authorised them) for each team, or each worker the child was allocated to: the groups the
 * audit grades are counted by (audit-summary.ts).
 */

export interface TimelinessByGroup {
  groupId: number;
  groupName: string;
  /** Authorised decisions made on a rating. */
  decisions: number;
  withinRagTime: number;
}

export async function timelinessBy(
  db: Db,
  group: 'team' | 'worker',
  period: Period
): Promise<TimelinessByGroup[]> {
  const [id, name, join] =
    group === 'team'
      ? [sql`f.team_id`, sql`t.name`, sql`join team t on t.id = f.team_id`]
      : [
          sql`cc.worker_id`,
          sql`s.display_name`,
          sql`join contact_child cc on cc.id = f.contact_child_id join staff_user s on s.id = cc.worker_id`,
        ];
  const { rows } = await sql<TimelinessByGroup>`
    select ${id} as "groupId", ${name} as "groupName", count(*)::int as decisions,
      count(*) filter (where f.decided_at <= f.rag_due_at)::int as "withinRagTime"
    from insight_fact f ${join}
    where f.decision_date between ${period.from}::date and ${period.to}::date and f.rag_due_at is not null
    group by 1, 2 order by 2`.execute(db);
  return rows;
}
