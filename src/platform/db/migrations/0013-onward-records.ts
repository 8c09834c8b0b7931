import { sql, type Kysely } from 'kysely';

/**
 * What happens after the front door, as the DfE children in need census, Ofsted's Annex A lists 2–7
 * and the Standard Safeguarding Dataset count it. The receiving team records each step:
 * - cin_episode: one per referral to children's social care (CINdetails): the referral date and source,
 *   the primary need, and the closure date with its reason; linked to the front door's referral and
 *   contact_child when it came through the front door, or standing alone for a referral recorded later;
 * - cin_assessment (Assessments): start, child seen, authorisation, the factors identified and outcome;
 * - section_47_enquiry (Section47): start, the conference target, "conference not required", outcome,
 *   with the strategy discussion that started it when there was one;
 * - child_protection_conference: initial (its date is the census DateOfInitialCPC) and review
 *   conferences (the census CPPreviewDate of the plan they review);
 * - child_protection_plan (ChildProtectionPlans): start, end, initial and latest category of abuse;
 * - cin_plan (CINPlanDates): start and end;
 * - early_help_record (Annex A list 2): an early help assessment or episode, its organisation;
 * - person: the characteristics the returns need (ethnicity already there): disabilities, former UPN,
 *   why the UPN is unknown, date of death, and who last recorded them.
 * Codes are checked by the forms (onward-rules.ts), not here, so a new census year's codes need no
 * migration; the database holds the rules of shape the returns can never accept. Every row names who
 * recorded it and when; rows a form edits carry a version for optimistic concurrency.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table person
      add column disabilities text[],
      add column former_upn text,
      add column upn_unknown_reason text check (upn_unknown_reason in
        ('UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7')),
      add column date_of_death date,
      add column characteristics_recorded_by integer references staff_user(id),
      add column characteristics_recorded_at timestamptz,
      add column characteristics_version integer not null default 1,
      -- NONE (no disability) is never combined with another code (census rule 8790).
      add constraint person_disability_none_alone check (
        disabilities is null or not ('NONE' = any(disabilities)) or cardinality(disabilities) = 1);

    create table cin_episode (
      id integer generated always as identity primary key,
      person_id integer not null references person(id),
      referral_id integer unique references referral(id),
      contact_child_id integer references contact_child(id),
      referral_date date not null,
      referral_source text not null,
      -- A referral on which no further action was taken (census ReferralNFA).
      referral_nfa boolean not null default false,
      primary_need_code text,
      closure_date date,
      closure_reason text,
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      updated_by integer references staff_user(id),
      updated_at timestamptz,
      version integer not null default 1,
      check ((closure_date is null) = (closure_reason is null)),
      check (closure_date is null or closure_date >= referral_date)
    );
    create index cin_episode_person on cin_episode (person_id, referral_date);
    create index cin_episode_dates on cin_episode (referral_date, closure_date);

    create table cin_assessment (
      id integer generated always as identity primary key,
      episode_id integer not null references cin_episode(id),
      started_on date not null,
      child_seen_on date,
      authorised_on date,
      factors text[] not null default '{}',
      outcome text check (outcome in
        ('no_further_action', 'early_help', 'cin_plan', 'strategy_discussion', 'other_services')),
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      updated_by integer references staff_user(id),
      updated_at timestamptz,
      version integer not null default 1,
      check (authorised_on is null or authorised_on >= started_on),
      -- Factors and the outcome belong to an authorised (completed) assessment (census rule 8614).
      check (authorised_on is not null or (cardinality(factors) = 0 and outcome is null))
    );
    create index cin_assessment_episode on cin_assessment (episode_id);
    create index cin_assessment_dates on cin_assessment (started_on, authorised_on);

    create table section_47_enquiry (
      id integer generated always as identity primary key,
      episode_id integer not null references cin_episode(id),
      strategy_discussion_id integer unique references strategy_discussion(id),
      started_on date not null,
      icpc_target_on date,
      icpc_not_required boolean not null default false,
      completed_on date,
      outcome text check (outcome in ('icpc', 'cin_plan', 'no_further_action')),
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      updated_by integer references staff_user(id),
      updated_at timestamptz,
      version integer not null default 1,
      check (completed_on is null or completed_on >= started_on),
      check (icpc_target_on is null or icpc_target_on >= started_on),
      check (not (icpc_not_required and outcome = 'icpc'))
    );
    create index section_47_enquiry_episode on section_47_enquiry (episode_id);

    create table child_protection_plan (
      id integer generated always as identity primary key,
      episode_id integer not null references cin_episode(id),
      started_on date not null,
      ended_on date,
      initial_category text not null,
      latest_category text not null,
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      updated_by integer references staff_user(id),
      updated_at timestamptz,
      version integer not null default 1,
      -- A plan does not start and end on the same day (census rules 8840, 8925).
      check (ended_on is null or ended_on > started_on)
    );
    create index child_protection_plan_episode on child_protection_plan (episode_id);
    create index child_protection_plan_dates on child_protection_plan (started_on, ended_on);

    create table child_protection_conference (
      id integer generated always as identity primary key,
      episode_id integer not null references cin_episode(id),
      kind text not null check (kind in ('initial', 'review')),
      held_on date not null,
      -- An initial conference's enquiry; a review conference's plan.
      section_47_enquiry_id integer references section_47_enquiry(id),
      child_protection_plan_id integer references child_protection_plan(id),
      -- Whether an initial conference made the child subject to a plan (Annex A list 5).
      resulted_in_plan boolean,
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      check (kind = 'initial' or (child_protection_plan_id is not null and section_47_enquiry_id is null)),
      check (kind = 'review' or resulted_in_plan is not null)
    );
    create index child_protection_conference_episode on child_protection_conference (episode_id, held_on);

    create table cin_plan (
      id integer generated always as identity primary key,
      episode_id integer not null references cin_episode(id),
      started_on date not null,
      ended_on date,
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      updated_by integer references staff_user(id),
      updated_at timestamptz,
      version integer not null default 1,
      check (ended_on is null or ended_on >= started_on)
    );
    create index cin_plan_episode on cin_plan (episode_id);

    create table early_help_record (
      id integer generated always as identity primary key,
      person_id integer not null references person(id),
      contact_child_id integer references contact_child(id),
      kind text not null check (kind in ('assessment', 'episode')),
      started_on date not null,
      completed_on date,
      organisation text not null,
      recorded_by integer not null references staff_user(id),
      recorded_at timestamptz not null,
      updated_by integer references staff_user(id),
      updated_at timestamptz,
      version integer not null default 1,
      check (completed_on is null or completed_on >= started_on)
    );
    create index early_help_record_person on early_help_record (person_id, started_on);
  `.execute(db);
}
