import { sql, type Kysely } from 'kysely';

/**
 * Every way a contact comes in: what the referrer told us (consent, the child's lived experience,
 * strengths, immediate risk), other people named, drafts that survive a timeout, professional
 * consultations, partner API keys with idempotent submission, duty-manager alerts, and the records
 * of linking, creating and merging people.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact
      add column presenting_concerns text,
      add column childs_lived_experience text,
      add column strengths text,
      add column consent_status text check (consent_status in ('given', 'refused', 'not_sought')),
      add column consent_reason text,
      add column lawful_basis text,
      add column immediate_risk boolean not null default false,
      add column referrer_is_professional boolean not null default true,
      add column public_reference text unique,
      add column partner_api_key_id integer,
      add column consultation_id integer;

    -- Online and partner-system contacts arrive before anyone has matched the child to the person
    -- index: the child is kept as described until a practitioner links or creates the person.
    alter table contact_child
      alter column person_id drop not null,
      add column described_child jsonb;

    -- Other people a contact names: parents, household members, adults of concern.
    create table contact_person (
      contact_id integer not null references contact(id),
      person_id integer not null references person(id),
      role text not null check (role in ('parent_or_carer', 'household_member', 'adult_of_concern', 'sibling')),
      relationship text,
      primary key (contact_id, person_id)
    );

    -- How each child in a contact was tied to the person index: an explicit, recorded choice.
    create table person_link_decision (
      id integer generated always as identity primary key,
      contact_child_id integer references contact_child(id),
      person_id integer not null references person(id),
      choice text not null check (choice in ('linked_existing', 'created_new')),
      best_candidate_id integer references person(id),
      best_candidate_score numeric,
      reason text,
      decided_by integer references staff_user(id),
      decided_at timestamptz not null
    );

    -- A merge never loses either side: the merged record is kept and points at the survivor.
    create table person_merge (
      id integer generated always as identity primary key,
      survivor_id integer not null references person(id),
      merged_id integer not null references person(id),
      reason text not null,
      merged_by integer not null references staff_user(id),
      merged_at timestamptz not null,
      undone_by integer references staff_user(id),
      undone_at timestamptz,
      undo_reason text
    );
    create index person_merge_merged on person_merge (merged_id) where undone_at is null;

    -- Long forms save as you go, so a session timeout never loses what was typed.
    create table form_draft (
      user_id integer not null references staff_user(id),
      form text not null,
      data jsonb not null,
      saved_at timestamptz not null,
      primary key (user_id, form)
    );

    -- "Can I talk this through before referring?": the advice given and whether a referral followed.
    create table consultation (
      id integer generated always as identity primary key,
      consulted_at timestamptz not null,
      advised_by integer not null references staff_user(id),
      professional_name text not null,
      professional_role text,
      organisation text not null,
      agency_id integer references agency(id),
      phone text,
      email text,
      person_id integer references person(id),
      child_description text,
      concerns text not null,
      advice text not null,
      referral_expected boolean not null,
      contact_id integer references contact(id)
    );

    create table partner_api_key (
      id integer generated always as identity primary key,
      agency_id integer not null references agency(id),
      name text not null,
      prefix text not null unique,
      key_hash text not null,
      created_by integer not null references staff_user(id),
      created_at timestamptz not null,
      revoked_by integer references staff_user(id),
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    alter table contact add foreign key (partner_api_key_id) references partner_api_key(id);
    alter table contact add foreign key (consultation_id) references consultation(id);

    -- A retried partner submission with the same key returns the first result, never a duplicate.
    create table api_idempotency (
      partner_api_key_id integer not null references partner_api_key(id),
      idempotency_key text not null,
      request_hash text not null,
      contact_id integer not null references contact(id),
      created_at timestamptz not null,
      primary key (partner_api_key_id, idempotency_key)
    );

    -- On-screen alerts, e.g. immediate risk of significant harm for the duty manager.
    create table alert (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('immediate_risk')),
      contact_id integer not null references contact(id),
      raised_at timestamptz not null,
      acknowledged_by integer references staff_user(id),
      acknowledged_at timestamptz
    );
    create index alert_open on alert (raised_at) where acknowledged_at is null;

    -- Contact references run per year (CON-2026-000123); one atomic counter row per year.
    create table contact_reference_counter (
      year integer primary key,
      last integer not null
    );
  `.execute(db);
}
