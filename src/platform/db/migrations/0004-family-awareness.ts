import { sql, type Kysely } from 'kysely';

/**
 * Whether the family knows about a contact is its own answer (the online request asks it of every
 * referrer), not a note inside the consent reason: screening and letters read it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact add column family_aware text
      check (family_aware in ('yes', 'no', 'not_sure'));
  `.execute(db);
}
