import { sql, type Kysely } from 'kysely';

/**
 * The journey from contact to decision. Every step keeps its inputs, times and actors, because
 * timeliness, threshold-consistency and audit reports are built from these rows later:
 * - rag_rating: every rating of a child's contact (screener, manager confirming or changing, re-rating);
 * - threshold_assessment: the descriptors ticked, the level they indicate, the level chosen and why;
 * - information_request: questions to partner agencies, due by the RAG time, and their answers;
 * - decision (extended): outcomes, the child's views and history considered, receiving team,
 *   measured against one working day from receipt and the RAG due time, with any extension's reason;
 * - referrer_letter, strategy_discussion (+ attendees, actions), handover, mash_discussion, case_note;
 * - journey_event: one row per step for the child's journey view;
 * - notification: deadline warnings and breaches, one per event (event_key is unique).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Duty numbers became a council setting; a council saved before then gets the demo's fictional ones
    -- until an administrator sets its own.
    update council set settings = settings || jsonb_build_object('dutyContact', jsonb_build_object(
      'line', '01632 960 100', 'hours', 'Monday to Friday, 8am to 8pm', 'outOfHours', '01632 960 200'))
    where not settings ? 'dutyContact';

    create table outcome_option (
      code text primary key,
      label text not null,
      -- early help, assessment, a section 47 enquiry or an open case hand the child to a named team
      needs_team boolean not null default false,
      -- counted as a referral to children's social care (CIN census)
      is_referral boolean not null default false,
      sort_order integer not null,
      active boolean not null default true
    );
    insert into outcome_option (code, label, needs_team, is_referral, sort_order) values
      ('no_further_action', 'No further action', false, false, 1),
      ('information_advice', 'Information, advice or signposting', false, false, 2),
      ('early_help', 'Early help / family help (step down to a named team)', true, false, 3),
      ('assessment', 'Child and family assessment (section 17)', true, true, 4),
      ('strategy_discussion', 'Strategy discussion (section 47)', true, true, 5),
      ('already_open', 'Already open: pass to the allocated worker', true, false, 6),
      ('transfer', 'Transfer to another council', false, false, 7),
      ('private_fostering', 'Private fostering assessment', true, true, 8),
      ('lado', 'Refer to the LADO (allegation against someone working with children)', false, false, 9);

    -- Authorised and offered to a receiving team, which has yet to accept it.
    alter table contact_child drop constraint contact_child_status_check;
    alter table contact_child add constraint contact_child_status_check check (status in ('new', 'screening',
      'awaiting_information', 'awaiting_decision', 'awaiting_authorisation', 'awaiting_handover', 'completed'));
    alter table contact_child
      add column decision_extended_to timestamptz,
      add column decision_extension_reason text,
      add column day_team_picked_up_at timestamptz,
      add column day_team_picked_up_by integer references staff_user(id);
    create index contact_child_open_due on contact_child (status, rag_due_at, decision_due_at)
      where status <> 'completed';

    create table rag_rating (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      rag text not null check (rag in ('red', 'amber', 'green')),
      kind text not null check (kind in ('screening', 're_rating', 'manager_confirmed', 'manager_changed',
        'immediate_risk')),
      rationale text not null,
      due_at timestamptz not null,
      rated_by integer references staff_user(id),
      rated_at timestamptz not null
    );
    create index rag_rating_child on rag_rating (contact_child_id, rated_at);

    create table threshold_assessment (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      threshold_document_id integer not null references threshold_document(id),
      descriptor_ids integer[] not null,
      indicated_level integer,
      chosen_level integer not null check (chosen_level between 1 and 4),
      difference_reason text,
      assessed_by integer not null references staff_user(id),
      assessed_at timestamptz not null,
      check (indicated_level is null or chosen_level = indicated_level or difference_reason is not null)
    );
    create index threshold_assessment_child on threshold_assessment (contact_child_id, assessed_at);

    create table information_request (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      agency_id integer not null references agency(id),
      question text not null,
      consent_status text not null check (consent_status in ('given', 'refused', 'not_sought')),
      lawful_basis text,
      due_at timestamptz not null,
      requested_by integer not null references staff_user(id),
      requested_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'answered', 'withdrawn')),
      chased_at timestamptz,
      chase_count integer not null default 0,
      known_involvement text,
      risks text,
      strengths text,
      summary text,
      responded_by integer references staff_user(id),
      responded_at timestamptz,
      version integer not null default 1
    );
    create index information_request_agency on information_request (agency_id, status, due_at);
    create index information_request_child on information_request (contact_child_id);

    alter table decision
      add column outcomes text[] not null default '{}',
      add column childs_views text,
      add column history_considered text,
      add column receiving_team_id integer references team(id),
      add column transfer_to text,
      add column decision_due_at timestamptz,
      add column rag_due_at timestamptz;
    update decision set outcomes = array[outcome];
    drop index decision_contact_child;
    create index decision_child on decision (contact_child_id, proposed_at);
    -- A child's history gathers the records merged into theirs.
    create index person_merged_into on person (merged_into_id) where merged_into_id is not null;
    create index decision_awaiting on decision (status) where status = 'proposed';

    create table referrer_letter (
      id integer generated always as identity primary key,
      decision_id integer not null references decision(id),
      recipient text not null check (recipient in ('referrer', 'family')),
      recipient_name text,
      recipient_email text,
      body text not null,
      created_by integer not null references staff_user(id),
      created_at timestamptz not null,
      sent_at timestamptz,
      sent_by integer references staff_user(id),
      sent_method text check (sent_method in ('email', 'post', 'by_hand', 'secure_portal')),
      email_message_id text
    );

    create table strategy_discussion (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      convened_at timestamptz not null,
      information_shared text,
      outcome text check (outcome in ('single_agency_s47', 'joint_s47', 'no_s47')),
      rationale text,
      out_of_hours boolean not null default false,
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      s47_outcome text check (s47_outcome in ('icpc', 'cin_plan', 'no_further_action')),
      s47_completed_on date,
      icpc_due_on date,
      icpc_held_on date,
      version integer not null default 1
    );
    create index strategy_discussion_child on strategy_discussion (contact_child_id);

    create table strategy_attendee (
      id integer generated always as identity primary key,
      strategy_discussion_id integer not null references strategy_discussion(id),
      agency_kind text not null,
      name text,
      role text,
      attended boolean not null,
      absence_reason text,
      check (attended or absence_reason is not null)
    );

    create table strategy_action (
      id integer generated always as identity primary key,
      strategy_discussion_id integer not null references strategy_discussion(id),
      action text not null,
      owner text not null,
      due_on date not null,
      done_at timestamptz
    );

    create table handover (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      decision_id integer references decision(id),
      to_team_id integer not null references team(id),
      status text not null default 'offered' check (status in ('offered', 'accepted', 'returned')),
      offered_by integer not null references staff_user(id),
      offered_at timestamptz not null,
      responded_by integer references staff_user(id),
      responded_at timestamptz,
      return_reason text,
      check (status <> 'returned' or return_reason is not null)
    );
    create index handover_team on handover (to_team_id, status);

    create table mash_discussion (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      meeting_date date not null,
      question text not null,
      added_by integer not null references staff_user(id),
      added_at timestamptz not null,
      outcome text,
      agreed_level integer check (agreed_level between 1 and 4),
      discussed_by integer references staff_user(id),
      discussed_at timestamptz
    );
    create index mash_discussion_date on mash_discussion (meeting_date);

    -- What was done for a child and recorded as it happened (an out-of-hours worker's actions, notes).
    create table case_note (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      kind text not null check (kind in ('out_of_hours_action', 'note')),
      text text not null,
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      out_of_hours boolean not null default false
    );
    create index case_note_child on case_note (contact_child_id, recorded_at);

    create table journey_event (
      id integer generated always as identity primary key,
      contact_child_id integer not null references contact_child(id),
      kind text not null,
      at timestamptz not null,
      actor_id integer references staff_user(id),
      out_of_hours boolean not null default false,
      details jsonb not null default '{}'
    );
    create index journey_event_child on journey_event (contact_child_id, at);

    create table notification (
      id integer generated always as identity primary key,
      event_key text not null unique,
      kind text not null,
      contact_child_id integer references contact_child(id),
      information_request_id integer references information_request(id),
      team_id integer references team(id),
      user_id integer references staff_user(id),
      message text not null,
      raised_at timestamptz not null,
      read_at timestamptz
    );
    create index notification_team on notification (team_id, raised_at);
    create index notification_user on notification (user_id, raised_at);
  `.execute(db);
}
