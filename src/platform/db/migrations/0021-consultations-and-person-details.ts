import { sql, type Kysely } from 'kysely';

/**
 * Consultations on the child's record and followed up; a person's details (issue 15, items 14 and 15).
 *
 * consultation:
 * - a child not known to us is recorded by the name and age the professional gave (child_name,
 *   child_age_years), so a consultation is never only "a child" in free text;
 * - concern_codes: the CIN census assessment factors discussed, so the family's recurring themes can
 *   count a consultation as well as contacts;
 * - follow_up_due_at: when a referral was advised, the moment (2 working days on) by which a contact
 *   for the child should have arrived; the deadline sweep tells the consultant when none has.
 *
 * person: interpreter_needed (null until asked). Language, ethnicity, disabilities, UPN and the
 * expected date of birth already have columns; "Change details" edits them at characteristics_version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table consultation
      add column child_name text,
      add column child_age_years smallint check (child_age_years between 0 and 25),
      add column concern_codes text[] not null default '{}',
      add column follow_up_due_at timestamptz
  `.execute(db);
  await sql`create index consultation_person on consultation (person_id, consulted_at)`.execute(db);
  await sql`
    create index consultation_follow_up on consultation (follow_up_due_at)
      where follow_up_due_at is not null
  `.execute(db);
  // A contact recorded as following a consultation closes its follow-up: found by this index.
  await sql`
    create index contact_consultation on contact (consultation_id) where consultation_id is not null
  `.execute(db);
  await sql`alter table person add column interpreter_needed boolean`.execute(db);
}
