import { sql, type Kysely } from 'kysely';

/**
 * Audit form editing and SEF priorities followed up (issue 14).
 * - audit_form: versions of one form share its code; an audit keeps the version it was started on, so a
 *   form already used is changed by adding a new version. A retired form is not offered for new samples.
 * - audit_question: whether a question is graded or answered in words only, and for a partner's part,
 *   which kind of agency answers it (null: every partner agency taking part).
 * - sef_priority: a named owner (chased when overdue), closing with an outcome, and a version for
 *   concurrent edits. The free-text owner of earlier priorities is kept for them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_form drop constraint audit_form_code_key;
    alter table audit_form
      add column version integer not null default 1 check (version > 0),
      add column created_by integer references staff_user (id),
      add column created_at timestamptz,
      add column retired_at timestamptz,
      add column retired_by integer references staff_user (id),
      add constraint audit_form_version_once unique (code, version),
      add constraint audit_form_retired_by check ((retired_at is null) = (retired_by is null));

    alter table audit_question
      add column graded boolean not null default true,
      add column agency_kind text,
      add constraint audit_question_agency_kind check (agency_kind is null or part = 'partner');

    alter table sef_priority
      alter column owner drop not null,
      add column owner_id integer references staff_user (id),
      add column status text not null default 'open' check (status in ('open', 'closed')),
      add column outcome text,
      add column closed_at timestamptz,
      add column closed_by integer references staff_user (id),
      add column chased_at timestamptz,
      add column version integer not null default 1,
      add constraint sef_priority_owned check (owner_id is not null or owner is not null),
      add constraint sef_priority_closed check ((status = 'closed') = (closed_at is not null and outcome is not null));
    create index sef_priority_open on sef_priority (status, due_on);
  `.execute(db);
}
