import { sql, type Kysely } from 'kysely';

/**
 * Adults named by a referrer who cannot see the person index (an online request, a partner system),
 * held on the contact as named until a practitioner links each one (issue 16, section 2): `described`
 * is what the referrer said (names, date of birth, sex, part in the family, their words for the
 * relationship); `person_id` is set, with who linked them and when, once they are tied to a record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table contact_named_adult (
      id integer generated always as identity primary key,
      contact_id integer not null references contact (id),
      described jsonb not null,
      person_id integer references person (id),
      linked_by integer references staff_user (id),
      linked_at timestamptz,
      check ((person_id is null) = (linked_at is null))
    );
    create index contact_named_adult_contact on contact_named_adult (contact_id);
  `.execute(db);
}
