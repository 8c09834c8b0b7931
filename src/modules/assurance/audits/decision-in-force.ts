import type { ExpressionBuilder } from 'kysely';
import type { ContactChildTable, Database } from '../../../platform/db/schema.ts';

/**
 * The decision in force on a child's part of a contact (`cc` in the outer query): its latest authorised
 * decision, as a lateral subquery named `d`, for samples and for the auditor's view against the decision.
 */
export function decisionInForce<DB extends Database & { cc: ContactChildTable }>(
  eb: ExpressionBuilder<DB, 'cc'>
) {
  return (eb as unknown as ExpressionBuilder<Database & { cc: ContactChildTable }, 'cc'>)
    .selectFrom('decision as d')
    .whereRef('d.contact_child_id', '=', 'cc.id')
    .where('d.status', '=', 'authorised')
    .orderBy('d.authorised_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(1)
    .select(['d.authorised_by', 'd.chosen_level', 'd.outcome'])
    .as('d');
}
