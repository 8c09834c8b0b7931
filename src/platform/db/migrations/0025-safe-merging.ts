import { sql, type Kysely } from 'kysely';

/**
 * Safe merging and the list of likely duplicates (issue 16, section 3).
 * - duplicate_search: each run of the matching engine over the index (`frontdoor duplicates find`).
 * - duplicate_pair: two records the engine scores as the same person, lower id first, with the match
 *   weight and its plain-English reasons. A pair recorded as "not the same person" keeps that
 *   decision and is never offered again; a later run refreshes only the pairs still open.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table duplicate_search (
      id serial primary key,
      started_at timestamptz not null,
      finished_at timestamptz not null,
      people_compared integer not null check (people_compared >= 0),
      pairs_found integer not null check (pairs_found >= 0)
    );

    create table duplicate_pair (
      id serial primary key,
      first_person_id integer not null references person (id),
      second_person_id integer not null references person (id),
      score double precision not null,
      decision text not null check (decision in ('match', 'possible')),
      reasons text[] not null default '{}',
      found_at timestamptz not null,
      not_same_at timestamptz,
      not_same_by integer references staff_user (id),
      not_same_reason text,
      constraint duplicate_pair_ordered check (first_person_id < second_person_id),
      constraint duplicate_pair_once unique (first_person_id, second_person_id),
      constraint duplicate_pair_not_same check (
        (not_same_at is null) = (not_same_by is null) and (not_same_at is null) = (not_same_reason is null))
    );
    create index duplicate_pair_open on duplicate_pair (score desc, id) where not_same_at is null;
    create index duplicate_pair_second on duplicate_pair (second_person_id);
  `.execute(db);
}
