import { sql, type Kysely } from 'kysely';

/**
 * Strategy chair and escalation, MASH meeting attendees and minutes, out-of-hours coded actions (issue 15, item 15).
 * - strategy_discussion gains its chair (a member of the council's staff) and, when the chair is not a
 *   manager, why not. Discussions recorded before this have no chair (null).
 * - strategy_escalation: a statutory agency (children's social care, police, health) absent from a
 *   discussion, escalated to managers; open until acknowledged, then closed with an outcome.
 *   strategy_escalation_recipient: who was told, and when.
 * - mash_meeting and mash_meeting_attendee: who attended a day's meeting (staff and partner agencies'
 *   representatives, each with their agency). mash_discussion gains its minutes; mash_discussion_agency
 *   the agencies involved in a child's discussion (what a partner may open); mash_discussion_action its actions.
 * - out_of_hours_coded_action: the coded answers an inspector looks for beside an out-of-hours action's text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table strategy_discussion
      add column chair_id integer references staff_user(id),
      add column chair_not_manager_reason text;

    create table strategy_escalation (
      id integer generated always as identity primary key,
      strategy_discussion_id integer not null references strategy_discussion(id),
      agency_kind text not null check (agency_kind in ('council', 'police', 'health')),
      raised_at timestamptz not null,
      raised_by integer not null references staff_user(id),
      status text not null default 'open' check (status in ('open', 'acknowledged', 'closed')),
      acknowledged_by integer references staff_user(id),
      acknowledged_at timestamptz,
      closed_by integer references staff_user(id),
      closed_at timestamptz,
      outcome text check (outcome in ('reconvened', 'information_obtained', 'raised_with_agency', 'no_further_action')),
      outcome_note text,
      unique (strategy_discussion_id, agency_kind),
      check (status = 'open' or (acknowledged_by is not null and acknowledged_at is not null)),
      check (status <> 'closed' or (closed_by is not null and closed_at is not null and outcome is not null and outcome_note is not null))
    );
    create index strategy_escalation_open on strategy_escalation (status) where status <> 'closed';

    create table strategy_escalation_recipient (
      id integer generated always as identity primary key,
      strategy_escalation_id integer not null references strategy_escalation(id),
      user_id integer references staff_user(id),
      team_id integer references team(id),
      notified_at timestamptz not null,
      check ((user_id is null) <> (team_id is null))
    );
    create index strategy_escalation_recipient_escalation on strategy_escalation_recipient (strategy_escalation_id);

    create table mash_meeting (
      id integer generated always as identity primary key,
      meeting_date date not null unique,
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      version integer not null default 1
    );

    create table mash_meeting_attendee (
      id integer generated always as identity primary key,
      mash_meeting_id integer not null references mash_meeting(id),
      staff_user_id integer references staff_user(id),
      name text not null,
      agency_id integer not null references agency(id),
      role text
    );
    create index mash_meeting_attendee_meeting on mash_meeting_attendee (mash_meeting_id);
    create index mash_meeting_attendee_agency on mash_meeting_attendee (agency_id);

    alter table mash_discussion add column minutes text;

    create table mash_discussion_agency (
      mash_discussion_id integer not null references mash_discussion(id),
      agency_id integer not null references agency(id),
      primary key (mash_discussion_id, agency_id)
    );
    create index mash_discussion_agency_agency on mash_discussion_agency (agency_id);

    create table mash_discussion_action (
      id integer generated always as identity primary key,
      mash_discussion_id integer not null references mash_discussion(id),
      action text not null,
      owner text not null,
      agency_id integer references agency(id),
      due_on date not null
    );
    create index mash_discussion_action_item on mash_discussion_action (mash_discussion_id);

    create table out_of_hours_coded_action (
      case_note_id integer primary key references case_note(id),
      child_seen boolean not null,
      child_seen_at timestamptz,
      child_seen_by text,
      child_not_seen_reason text,
      police_protection boolean not null,
      police_protection_at timestamptz,
      epo_sought boolean not null,
      epo_sought_at timestamptz,
      safety_plan_agreed boolean not null,
      accommodation text not null check (accommodation in
        ('at_home', 'family_or_friends', 'section_20', 'police_protection', 'hospital', 'other')),
      handed_to_day_team boolean not null,
      day_team_next_steps text,
      check (not child_seen or (child_seen_at is not null and child_seen_by is not null)),
      check (not police_protection or police_protection_at is not null),
      check (not handed_to_day_team or day_team_next_steps is not null)
    );
  `.execute(db);
}
