import { sql, type Kysely } from 'kysely';

/**
 * Adults matched and related to the children around them (issue 16, section 2).
 * - person_relationship: `relative_id` is the `kind` of `person_id` (Jane is the mother of Amy), with
 *   who recorded it, when, from which contact and in which household; ended, never deleted, so the
 *   record keeps what was once true.
 * - contact_person keeps the coded relationship beside the referrer's words, so children linked later
 *   (when screening) are related to the adults already named.
 * - household_member gains the dates a person was known to live there, so a household shows over time.
 * - person_link_decision also records how an adult named on a contact was tied to the index
 *   (`contact_id`, with no contact_child_id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table person_relationship (
      id integer generated always as identity primary key,
      person_id integer not null references person (id),
      relative_id integer not null references person (id),
      kind text not null check (kind in ('mother', 'father', 'step_parent', 'carer', 'sibling', 'partner_of_parent', 'other')),
      detail text,
      household_id integer references household (id),
      contact_id integer references contact (id),
      recorded_by integer references staff_user (id),
      recorded_at timestamptz not null,
      ended_on date,
      ended_by integer references staff_user (id),
      ended_reason text,
      check (person_id <> relative_id),
      check ((ended_on is null) = (ended_reason is null))
    );
    create unique index person_relationship_current on person_relationship (person_id, relative_id, kind)
      where ended_on is null;
    create index person_relationship_relative on person_relationship (relative_id);

    alter table household_member add column joined_on date, add column left_on date;

    -- Every contact naming an adult, for the themes about them shown on each child's pages.
    create index contact_person_person on contact_person (person_id);

    alter table contact_person add column relationship_kind text check (relationship_kind in
      ('mother', 'father', 'step_parent', 'carer', 'sibling', 'partner_of_parent', 'other'));

    alter table person_link_decision add column contact_id integer references contact (id);
    create index person_link_decision_contact on person_link_decision (contact_id) where contact_id is not null;
  `.execute(db);
}
