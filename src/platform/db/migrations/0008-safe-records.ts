import { sql, type Kysely } from 'kysely';

/**
 * Three safeguards (issue 9, items 5, 6 and 8):
 * - Involvement can be a child and family assessment or a section 47 enquiry, opened by the receiving
 *   team when it accepts a handover, with the assessment's due date (45 working days from the referral)
 *   and the handover that opened it (one involvement per handover).
 * - A new record made while a restricted record the maker could not see may be the same child is held
 *   restricted until someone with access decides: restricted_match_review says which records and who
 *   decided what. The restricted record's id is stored here, never shown to the maker.
 * - A standing share no longer opens a record to a partner agency (they see only their open requests),
 *   so shares still running end now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table involvement drop constraint if exists involvement_kind_check;
    alter table involvement add constraint involvement_kind_check check (kind in ('early_help',
      'child_in_need', 'child_protection_plan', 'looked_after', 'assessment', 'section_47'));
    alter table involvement
      add column assessment_due_on date,
      add column handover_id integer references handover(id);
    create unique index involvement_handover on involvement (handover_id) where handover_id is not null;

    create table restricted_match_review (
      id integer generated always as identity primary key,
      -- the record created meanwhile, held restricted until the review
      person_id integer not null references person(id),
      -- the restricted record it may be
      restricted_person_id integer not null references person(id),
      contact_child_id integer references contact_child(id),
      raised_by integer not null references staff_user(id),
      raised_at timestamptz not null,
      decision text check (decision in ('same_child', 'different_child')),
      note text,
      decided_by integer references staff_user(id),
      decided_at timestamptz,
      check ((decision is null) = (decided_at is null))
    );
    create index restricted_match_review_open on restricted_match_review (person_id) where decided_at is null;

    update record_share set expires_at = now() where expires_at is null or expires_at > now();
  `.execute(db);
}
