import { sql, type Kysely } from 'kysely';

/**
 * Workforce (issue 14): each team's establishment over time (posts and how often supervision is due),
 * each member of staff's employment (permanent or agency, start date at the team, hours) and the
 * supervisions they have had. Vacancies are not stored: they are the posts not filled by permanent staff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table team_establishment (
      id integer generated always as identity primary key,
      team_id integer not null references team (id),
      effective_from date not null,
      practitioner_posts numeric(5, 1) not null check (practitioner_posts between 0 and 999),
      manager_posts numeric(5, 1) not null check (manager_posts between 0 and 999),
      supervision_every_weeks integer not null check (supervision_every_weeks between 1 and 26),
      recorded_by integer references staff_user (id),
      recorded_at timestamptz not null,
      unique (team_id, effective_from)
    );
    create table staff_employment (
      staff_user_id integer primary key references staff_user (id),
      employment_type text not null check (employment_type in ('permanent', 'agency')),
      started_on date not null,
      fte numeric(3, 2) not null check (fte > 0 and fte <= 1),
      recorded_by integer references staff_user (id),
      recorded_at timestamptz not null
    );
    create table supervision (
      id integer generated always as identity primary key,
      staff_user_id integer not null references staff_user (id),
      held_on date not null,
      supervisor_id integer references staff_user (id),
      recorded_by integer references staff_user (id),
      recorded_at timestamptz not null,
      unique (staff_user_id, held_on)
    );
    create index supervision_by_staff on supervision (staff_user_id, held_on desc);
  `.execute(db);
}
