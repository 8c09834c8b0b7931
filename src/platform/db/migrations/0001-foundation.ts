import { sql, type Kysely } from 'kysely';

/**
 * The foundation schema: the council and its organisation, staff and sessions, the append-only
 * audit trail, the person index, households, the continuum-of-need document and the contact →
 * decision → referral history that later analytics, Annex A and the CIN census are built from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create extension if not exists fuzzystrmatch;

    create table council (
      id integer primary key default 1 check (id = 1),
      name text not null,
      la_code text not null,
      settings jsonb not null
    );

    create table locality (
      id integer generated always as identity primary key,
      name text not null unique
    );

    create table agency (
      id integer generated always as identity primary key,
      name text not null unique,
      kind text not null check (kind in ('council', 'police', 'health', 'education', 'probation', 'housing',
        'adult_services', 'youth_justice', 'other'))
    );

    create table team (
      id integer generated always as identity primary key,
      name text not null unique,
      kind text not null check (kind in ('front_door', 'early_help', 'assessment', 'out_of_hours',
        'child_protection', 'quality_assurance', 'performance', 'leadership', 'partner', 'administration')),
      agency_id integer not null references agency(id),
      locality_id integer references locality(id)
    );

    create table staff_user (
      id integer generated always as identity primary key,
      username text not null,
      display_name text not null,
      email text not null,
      role text not null,
      agency_id integer not null references agency(id),
      team_id integer references team(id),
      password_hash text,
      totp_secret text,
      totp_enabled boolean not null default false,
      failed_sign_ins integer not null default 0,
      locked_until timestamptz,
      last_sign_in_at timestamptz,
      active boolean not null default true,
      is_demo boolean not null default false,
      created_at timestamptz not null default now()
    );
    create unique index staff_user_username on staff_user (lower(username));

    -- Sessions live in the database so any app process can serve any request.
    create table user_session (
      token_hash text primary key,
      user_id integer not null references staff_user(id),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      second_factor_done boolean not null default false,
      ip text,
      user_agent text
    );
    create index user_session_user on user_session (user_id);

    create table rate_limit_hit (
      key text not null,
      window_start timestamptz not null,
      hits integer not null,
      primary key (key, window_start)
    );

    create table audit_event (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      event_class text not null check (event_class in ('access', 'change', 'auth', 'denied', 'admin', 'export')),
      action text not null,
      actor_user_id integer references staff_user(id),
      actor_role text,
      actor_agency_id integer references agency(id),
      record_type text,
      record_id text,
      reason text,
      ip text,
      request_id text,
      details jsonb not null default '{}'
    );
    create index audit_event_at on audit_event (at);
    create index audit_event_record on audit_event (record_type, record_id, at);
    create index audit_event_actor on audit_event (actor_user_id, at);

    -- The audit trail is evidence: the database itself refuses to change or remove it.
    create function audit_event_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % is not allowed', tg_op;
    end $$;
    create trigger audit_event_no_update_delete before update or delete on audit_event
      for each row execute function audit_event_is_append_only();
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_is_append_only();

    create table address (
      id integer generated always as identity primary key,
      line1 text not null,
      line2 text,
      town text not null,
      postcode text not null,
      locality_id integer references locality(id)
    );
    create index address_postcode on address (replace(upper(postcode), ' ', ''));

    create table household (
      id integer generated always as identity primary key,
      address_id integer references address(id)
    );

    create table person (
      id integer generated always as identity primary key,
      given_name text not null,
      middle_names text,
      family_name text not null,
      previous_family_names text[] not null default '{}',
      date_of_birth date,
      expected_date_of_birth date,
      sex text not null check (sex in ('M', 'F', 'U')),
      ethnicity text,
      nhs_number text check (nhs_number ~ '^[0-9]{10}$'),
      upn text,
      language text,
      address_id integer references address(id),
      restricted boolean not null default false,
      restriction_reason text,
      merged_into_id integer references person(id),
      created_at timestamptz not null default now(),
      created_by integer references staff_user(id)
    );
    create index person_family_name_trgm on person using gin (lower(family_name) gin_trgm_ops);
    create index person_given_name_trgm on person using gin (lower(given_name) gin_trgm_ops);
    create index person_family_name_metaphone on person (dmetaphone(family_name));
    create index person_date_of_birth on person (date_of_birth);
    create index person_nhs_number on person (nhs_number) where nhs_number is not null;
    create index person_address on person (address_id);

    create table household_member (
      household_id integer not null references household(id),
      person_id integer not null references person(id),
      role text not null check (role in ('child', 'parent', 'carer', 'other_adult')),
      primary key (household_id, person_id)
    );
    create index household_member_person on household_member (person_id);

    -- Restricted records (e.g. a staff member's relative, a high-profile case) are visible only to named staff.
    create table record_access_grant (
      person_id integer not null references person(id),
      user_id integer not null references staff_user(id),
      granted_by integer references staff_user(id),
      granted_at timestamptz not null default now(),
      reason text not null,
      primary key (person_id, user_id)
    );

    -- Partner-agency staff see a person only while their agency has been asked to share information.
    create table record_share (
      person_id integer not null references person(id),
      agency_id integer not null references agency(id),
      shared_at timestamptz not null,
      expires_at timestamptz,
      reason text not null,
      primary key (person_id, agency_id)
    );

    -- The continuum-of-need document is versioned so a past decision shows the version it used.
    create table threshold_document (
      id integer generated always as identity primary key,
      version integer not null unique,
      title text not null,
      effective_from date not null,
      published_at timestamptz not null default now(),
      published_by integer references staff_user(id)
    );
    create table threshold_level (
      document_id integer not null references threshold_document(id),
      level integer not null check (level between 1 and 4),
      name text not null,
      summary text not null,
      typical_response text not null,
      primary key (document_id, level)
    );
    create table threshold_descriptor (
      id integer generated always as identity primary key,
      document_id integer not null references threshold_document(id),
      level integer not null,
      area_of_need text not null,
      text text not null,
      foreign key (document_id, level) references threshold_level(document_id, level)
    );

    -- One intake event, which may concern several children.
    create table contact (
      id integer generated always as identity primary key,
      reference text not null unique,
      received_at timestamptz not null,
      channel text not null check (channel in ('phone', 'email', 'in_person', 'police_notification', 'online_form',
        'partner_api', 'out_of_hours', 'letter')),
      referral_source text not null,
      referrer_name text,
      referrer_role text,
      referrer_organisation text,
      referrer_agency_id integer references agency(id),
      referrer_phone text,
      referrer_email text,
      address_id integer references address(id),
      household_id integer references household(id),
      summary text,
      out_of_hours boolean not null default false,
      recorded_by integer references staff_user(id),
      recorded_at timestamptz not null
    );
    create index contact_received on contact (received_at);

    -- Each child named in a contact has their own record, RAG rating, decision and outcome (Annex A List 1).
    create table contact_child (
      id integer generated always as identity primary key,
      contact_id integer not null references contact(id),
      person_id integer not null references person(id),
      status text not null check (status in ('new', 'screening', 'awaiting_information', 'awaiting_decision',
        'awaiting_authorisation', 'completed')),
      rag text check (rag in ('red', 'amber', 'green')),
      rag_due_at timestamptz,
      decision_due_at timestamptz not null,
      team_id integer references team(id),
      worker_id integer references staff_user(id),
      completed_at timestamptz,
      version integer not null default 1
    );
    create index contact_child_person on contact_child (person_id);
    create index contact_child_contact on contact_child (contact_id);
    create index contact_child_open on contact_child (status, decision_due_at) where status <> 'completed';

    create table contact_concern (
      contact_child_id integer not null references contact_child(id),
      factor_code text not null,
      primary key (contact_child_id, factor_code)
    );
    create index contact_concern_factor on contact_concern (factor_code);

    -- Every decision keeps its inputs, times and actors: threshold consistency analytics depend on it.
    create table decision (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      outcome text not null,
      threshold_document_id integer references threshold_document(id),
      indicated_level integer,
      chosen_level integer,
      rationale text not null,
      proposed_by integer references staff_user(id),
      proposed_at timestamptz not null,
      status text not null check (status in ('proposed', 'authorised', 'returned')),
      authorised_by integer references staff_user(id),
      authorised_at timestamptz,
      manager_comment text
    );
    create index decision_contact_child on decision (contact_child_id);

    create table referral (
      id integer generated always as identity primary key,
      contact_child_id integer not null unique references contact_child(id),
      person_id integer not null references person(id),
      referral_date date not null,
      referral_source text not null,
      is_rereferral boolean not null,
      closed_date date,
      closure_reason text
    );
    create index referral_person on referral (person_id, referral_date);

    -- Open work known to children's services: early help, child in need, child protection plan, looked after.
    create table involvement (
      id integer generated always as identity primary key,
      person_id integer not null references person(id),
      kind text not null check (kind in ('early_help', 'child_in_need', 'child_protection_plan', 'looked_after')),
      started_on date not null,
      ended_on date,
      team_id integer references team(id),
      worker_id integer references staff_user(id),
      referral_id integer references referral(id)
    );
    create index involvement_person on involvement (person_id);
  `.execute(db);
}
