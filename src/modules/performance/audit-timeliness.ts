import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Period } from './insight-scope.ts';

/**
 * Case audits completed against due: of the audits due in the period (London dates, inclusive), how many
 * were completed, and how many on or before their due date. Defined here, with the other measures, so the
 * performance pages and the assurance area count it alike.
 */
export async function auditTimeliness(
  db: Db,
  period: Period
): Promise<{ due: number; completed: number; onTime: number }> {
  const completedOn = sql`(a.completed_at at time zone 'Europe/London')::date`;
  const row = await db
    .selectFrom('case_audit as a')
    .where('a.due_on', '>=', period.from)
    .where('a.due_on', '<=', period.to)
    .select([
      sql<number>`count(*)::int`.as('due'),
      sql<number>`count(*) filter (where a.status = 'completed')::int`.as('completed'),
      sql<number>`count(*) filter (where a.status = 'completed' and ${completedOn} <= a.due_on)::int`.as(
        'onTime'
      ),
    ])
    .executeTakeFirstOrThrow();
  return { due: Number(row.due), completed: Number(row.completed), onTime: Number(row.onTime) };
}
