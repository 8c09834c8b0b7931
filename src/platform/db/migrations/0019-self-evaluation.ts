import { sql, type Kysely } from 'kysely';

/**
 * The self-evaluation (SEF) workspace (issue 14): one SEF per period following the Yorkshire and Humber
 * framework, its areas' narrative as entries by several contributors (every version kept, with who wrote
 * it, for which agency and when), the checklist answered and the priorities for improvement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sef (
      id serial primary key,
      period_label text not null unique,
      period_from date not null,
      period_to date not null,
      lead_user_id integer not null references staff_user (id),
      status text not null default 'draft' check (status in ('draft', 'final')),
      finalised_at timestamptz,
      version integer not null default 1,
      created_by integer not null references staff_user (id),
      created_at timestamptz not null default now(),
      check (period_to >= period_from),
      check ((status = 'final') = (finalised_at is not null))
    );

    create table sef_entry (
      id serial primary key,
      sef_id integer not null references sef (id),
      area text not null,
      author_user_id integer not null references staff_user (id),
      agency_id integer not null references agency (id),
      version integer not null default 1,
      created_at timestamptz not null
    );
    create index sef_entry_by_sef on sef_entry (sef_id, area);

    create table sef_entry_version (
      entry_id integer not null references sef_entry (id),
      version integer not null,
      text text not null,
      written_by integer not null references staff_user (id),
      agency_id integer not null references agency (id),
      written_at timestamptz not null,
      primary key (entry_id, version)
    );

    create table sef_checklist_answer (
      sef_id integer not null references sef (id),
      item text not null,
      met boolean not null,
      note text,
      answered_by integer not null references staff_user (id),
      answered_at timestamptz not null,
      primary key (sef_id, item)
    );

    create table sef_priority (
      id serial primary key,
      sef_id integer not null references sef (id),
      area text,
      text text not null,
      owner text not null,
      due_on date not null,
      created_by integer not null references staff_user (id),
      created_at timestamptz not null
    );
    create index sef_priority_by_sef on sef_priority (sef_id);
  `.execute(db);
}
