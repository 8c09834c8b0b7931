import { sql, type Kysely } from 'kysely';

/**
 * Letter templates and out-of-hours arrangements (issue 18), each kept as versions that are never
 * changed: a new save adds the next version, with who saved it, when and (optionally) why.
 * - letter_template_version: the council's wording of one letter template. Version 1 of every
 *   template is the national wording in code, so a council that never edits has no rows.
 * - out_of_hours_arrangement: who takes the front door's work while it is closed. The version in
 *   force for a contact is the last one saved at or before it was received.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table letter_template_version (
      id serial primary key,
      template_key text not null,
      version integer not null check (version >= 2),
      parts jsonb not null,
      saved_by integer not null references staff_user (id),
      saved_at timestamptz not null,
      reason text,
      unique (template_key, version)
    );

    create table out_of_hours_arrangement (
      id serial primary key,
      version integer not null unique check (version >= 1),
      receiving_team_id integer not null references team (id),
      on_call_manager_ids integer[] not null,
      handover_time text not null check (handover_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      saved_by integer not null references staff_user (id),
      saved_at timestamptz not null,
      reason text
    );
    create index out_of_hours_arrangement_by_time on out_of_hours_arrangement (saved_at);
  `.execute(db);
}
