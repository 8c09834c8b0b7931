import { sql, type Kysely } from 'kysely';

/**
 * What a merge did to each person_relationship row of the record merged away, so undoing it puts each
 * back: `side` says which column pointed at that record (now at the record kept); `ended` marks a row
 * that repeated one the record kept already had, ended by the merge rather than moved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table person_merge_relationship (
      person_merge_id integer not null references person_merge (id),
      person_relationship_id integer not null references person_relationship (id),
      side text not null check (side in ('person', 'relative')),
      ended boolean not null,
      primary key (person_merge_id, person_relationship_id)
    );
  `.execute(db);
}
