import { sql, type Kysely } from 'kysely';

/**
 * No red downgraded alone, no unsafe decision in one click.
 * - staff_user.role is checked against the known roles, now with service_manager.
 * - council settings name the roles that give a decision's second sign-off (service managers by default).
 * - rag_rating.review_status: a practitioner's lower rating for a red contact is kept as 'pending' (the
 *   child stays red) until a manager confirms it ('confirmed') or keeps red ('rejected'); a later rating
 *   from the practitioner replaces it ('withdrawn'). At most one pending rating per child.
 * - contact_child.immediate_risk_cleared_at: the contact's immediate-risk tag follows the confirmed
 *   rating for each child; set when a manager confirms a rating below red, cleared when red again.
 * - decision: the confirmed rating it was proposed on, why it needs a second sign-off, and that
 *   sign-off; status 'awaiting_second_authorisation' between the first manager and the second.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table staff_user add constraint staff_user_role_check check (role in ('front_door_practitioner',
      'team_manager', 'partner_agency_practitioner', 'out_of_hours_worker', 'qa_officer', 'performance_analyst',
      'senior_leader', 'administrator', 'service_manager'));

    update council set settings = settings || jsonb_build_object('secondAuthoriserRoles', jsonb_build_array('service_manager'))
    where not settings ? 'secondAuthoriserRoles';

    alter table rag_rating
      add column review_status text check (review_status in ('pending', 'confirmed', 'rejected', 'withdrawn')),
      add column reviewed_by integer references staff_user(id),
      add column reviewed_at timestamptz;
    create unique index rag_rating_one_pending on rag_rating (contact_child_id) where review_status = 'pending';

    alter table contact_child
      add column immediate_risk_cleared_at timestamptz,
      add column immediate_risk_cleared_by integer references staff_user(id);

    alter table decision drop constraint decision_status_check;
    alter table decision add constraint decision_status_check
      check (status in ('proposed', 'awaiting_second_authorisation', 'authorised', 'returned'));
    alter table decision
      add column rag text check (rag in ('red', 'amber', 'green')),
      add column second_authorisation_reasons text[] not null default '{}',
      add column second_authorised_by integer references staff_user(id),
      add column second_authorised_at timestamptz,
      add column second_comment text;
  `.execute(db);
}
