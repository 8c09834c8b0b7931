import { sql, type Kysely } from 'kysely';

/**
 * "Who has looked at this child?": every read through the access layer now lists the ids of the
 * people it showed in the audit row's details (`personIds`), which the hash chain already covers, so
 * no column is added and the chain's canonical text is unchanged. This index finds a person's rows;
 * the access-unusual watch reads an actor's recent rows by the existing (actor_user_id, at) index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index audit_event_person_ids on audit_event using gin ((details -> 'personIds') jsonb_path_ops)
  `.execute(db);
}
