import { sql, type Kysely } from 'kysely';

/**
 * Searches that stay fast as history grows (issue 17).
 *
 * Audit trail: the search pages newest first (`at desc, id desc`), so each filter gets an index that
 * ends in (at, id) and is read backwards: the actor's (replacing (actor_user_id, at)), the action's
 * (new: `?action=` scanned the whole table) and the unfiltered one (replacing (at)). With them a filter
 * that matches nothing costs one index probe instead of a walk back through millions of rows. Indexes
 * only: the append-only triggers guard rows, not indexes.
 *
 * Thresholds: the versions page counts the decisions and assessments made under each version; these
 * indexes let those counts read the index alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index audit_event_actor;
    create index audit_event_actor on audit_event (actor_user_id, at, id);
    create index audit_event_action on audit_event (action, at, id);
    drop index audit_event_at;
    create index audit_event_at on audit_event (at, id);

    create index decision_threshold_document on decision (threshold_document_id);
    create index threshold_assessment_document on threshold_assessment (threshold_document_id);
  `.execute(db);
}
