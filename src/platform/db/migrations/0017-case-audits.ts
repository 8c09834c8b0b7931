import { sql, type Kysely } from 'kysely';

/**
 * Dip samples, case audits, moderation, actions and learning themes (issue 14).
 * - audit_form / audit_question: audit forms as data; a question belongs to the council's part or to
 *   the part a partner agency contributes to a multi-agency audit;
 * - dip_sample: who drew which random sample, when, with which seed and criteria;
 * - case_audit: one audit of one child's part of a contact (a re-audit points at the audit it repeats),
 *   with the auditor's grade and view of the decision, and a senior moderator's grade that counts;
 * - case_audit_part: the council's part and each partner agency's part, with their answers;
 * - case_audit_action / case_audit_theme: what must change, and the learning themes that roll up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_form (
      id integer generated always as identity primary key,
      code text not null unique,
      title text not null,
      description text not null
    );

    create table audit_question (
      id integer generated always as identity primary key,
      form_id integer not null references audit_form(id),
      position integer not null,
      part text not null check (part in ('council', 'partner')),
      question text not null,
      guidance text not null,
      unique (form_id, position)
    );

    create table dip_sample (
      id integer generated always as identity primary key,
      form_id integer not null references audit_form(id),
      drawn_by integer not null references staff_user(id),
      drawn_at timestamptz not null,
      seed bigint not null check (seed between 0 and 4294967295),
      period_from date not null,
      period_to date not null check (period_to >= period_from),
      size integer not null check (size > 0),
      population integer not null,
      due_on date not null,
      criteria jsonb not null
    );

    create table case_audit (
      id integer generated always as identity primary key,
      form_id integer not null references audit_form(id),
      contact_child_id integer not null references contact_child(id),
      sample_id integer references dip_sample(id),
      re_audit_of integer references case_audit(id),
      auditor_id integer not null references staff_user(id),
      assigned_by integer not null references staff_user(id),
      assigned_at timestamptz not null,
      due_on date not null,
      status text not null default 'assigned' check (status in ('assigned', 'draft', 'completed')),
      grade text check (grade in ('outstanding', 'good', 'requires_improvement', 'inadequate')),
      comment text,
      auditor_level integer,
      auditor_outcome text,
      completed_at timestamptz,
      moderated_grade text check (moderated_grade in ('outstanding', 'good', 'requires_improvement', 'inadequate')),
      moderation_reason text,
      moderated_by integer references staff_user(id),
      moderated_at timestamptz,
      version integer not null default 1,
      check ((status = 'completed') = (completed_at is not null and grade is not null)),
      check (moderated_grade is null or (status = 'completed' and moderated_by <> auditor_id))
    );
    create index case_audit_auditor on case_audit (auditor_id, status);
    create index case_audit_sample on case_audit (sample_id);
    create index case_audit_due on case_audit (due_on);
    create index case_audit_contact_child on case_audit (contact_child_id);

    create table case_audit_part (
      id integer generated always as identity primary key,
      audit_id integer not null references case_audit(id),
      -- null: the council's own part, answered by the auditor
      agency_id integer references agency(id),
      completed_by integer references staff_user(id),
      completed_at timestamptz
    );
    create unique index case_audit_part_once on case_audit_part (audit_id, coalesce(agency_id, 0));

    create table case_audit_answer (
      part_id integer not null references case_audit_part(id),
      question_id integer not null references audit_question(id),
      grade text check (grade in ('outstanding', 'good', 'requires_improvement', 'inadequate')),
      comment text not null default '',
      primary key (part_id, question_id)
    );

    create table case_audit_action (
      id integer generated always as identity primary key,
      audit_id integer not null references case_audit(id),
      description text not null,
      owner_id integer not null references staff_user(id),
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'done')),
      created_by integer not null references staff_user(id),
      created_at timestamptz not null,
      done_at timestamptz,
      chased_at timestamptz
    );
    create index case_audit_action_open on case_audit_action (status, due_on);

    create table case_audit_theme (
      audit_id integer not null references case_audit(id),
      theme text not null,
      primary key (audit_id, theme)
    );
  `.execute(db);
}
