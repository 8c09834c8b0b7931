import { sql, type Kysely } from 'kysely';

/**
 * The published figures the performance pages compare the council with (England, statistical
 * neighbours), as the council last imported them. Empty means "use the national figures shipped".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table comparator_figure (
      area text not null,
      measure text not null,
      period text not null,
      value numeric not null check (value between 0 and 100),
      source text not null,
      primary key (area, measure, period)
    );
  `.execute(db);
}
