import { sql, type Kysely } from 'kysely';

/**
 * Restricted records' screens (issue 18): a named grant is reviewed by a date, and break-glass
 * (emergency) access to a restricted record is kept — who, why, until when — until a manager or
 * administrator other than the opener reviews it as justified or not.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table record_access_grant
      add column review_due_on date,
      add column reviewed_by integer references staff_user(id),
      add column reviewed_at timestamptz;

    create table break_glass_access (
      id serial primary key,
      person_id integer not null references person(id),
      user_id integer not null references staff_user(id),
      reason text not null,
      opened_at timestamptz not null,
      expires_at timestamptz not null check (expires_at > opened_at),
      justified boolean,
      review_note text,
      reviewed_by integer references staff_user(id),
      reviewed_at timestamptz,
      check (reviewed_by is null or reviewed_by <> user_id),
      check ((reviewed_at is null) = (justified is null))
    );
    create index break_glass_access_actor on break_glass_access (person_id, user_id, expires_at);
    create index break_glass_access_unreviewed on break_glass_access (opened_at) where reviewed_at is null;
  `.execute(db);
}
