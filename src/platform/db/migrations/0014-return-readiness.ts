import { sql, type Kysely } from 'kysely';

/**
 * Return readiness: the whole CIN census check run on live data once a day (and on demand), so the
 * teams fix the data through the year instead of in April.
 * - readiness_run: one row per collection year and London day, claimed by inserting it first (the unique
 *   key makes exactly one process run the day's check), holding that day's totals: the trend of the year;
 * - readiness_finding: what the latest run found, child by child, with the team that fixes it (null: no
 *   team holds the child's episode) and the episode it is about. Earlier runs keep only their totals.
 * Findings refer to the person and episode by foreign key, so retention and subject access find them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table readiness_run (
      id integer generated always as identity primary key,
      collection_year integer not null,
      run_date date not null,
      run_at timestamptz not null,
      -- Who asked for the check now; null for the daily job.
      ran_by integer references staff_user(id),
      children integer not null,
      errors integer not null,
      queries integer not null,
      unique (collection_year, run_date)
    );

    create table readiness_finding (
      id integer generated always as identity primary key,
      run_id integer not null references readiness_run(id) on delete cascade,
      -- Null for a finding about the return as a whole.
      person_id integer references person(id),
      episode_id integer references cin_episode(id),
      team_id integer references team(id),
      code text not null,
      severity text not null check (severity in ('error', 'query')),
      fields text[] not null,
      value text,
      message text not null
    );
    create index readiness_finding_run_team on readiness_finding (run_id, team_id);
    create index readiness_finding_person on readiness_finding (person_id);
    create index readiness_finding_episode on readiness_finding (episode_id);
  `.execute(db);
}
