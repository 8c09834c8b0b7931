import { sql, type Kysely } from 'kysely';

/**
 * Council set-up, staff administration and versioned timescales (issue 18).
 * - council.version: the council's settings move on one version per save, so an administrator never
 *   overwrites a change made since they opened the page (the timescales' history lives in the settings).
 * - staff_set_up_link: the one-time link a new member of staff (or the first administrator) follows to
 *   choose a password; only its SHA-256 is kept, it expires, and it works once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table council add column version integer not null default 1;

    create table staff_set_up_link (
      token_hash text primary key,
      staff_user_id integer not null references staff_user (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_by integer references staff_user (id),
      check (expires_at > created_at)
    );
    create index staff_set_up_link_by_staff on staff_set_up_link (staff_user_id);
  `.execute(db);
}
