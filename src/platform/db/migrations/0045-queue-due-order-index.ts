import { sql, type Kysely } from 'kysely';

/**
 * The open children in the contacts queue's order: the earlier of the RAG due time and the (extended)
 * decision due time (EARLIEST_DUE in src/modules/screening/queue.ts: change both together). A page of the
 * queue walks this index and stops at the page's end, instead of sorting every open child for each page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index contact_child_open_earliest_due on contact_child
      ((least(rag_due_at, coalesce(decision_extended_to, decision_due_at))))
      where status <> 'completed'
  `.execute(db);
}
