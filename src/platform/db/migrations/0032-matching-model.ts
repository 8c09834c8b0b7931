import { sql, type Kysely } from 'kysely';

/**
 * The matching model fitted on the council's own person index (issue 16): `frontdoor match fit`
 * estimates m and u without labels and adds a row; the matcher uses the newest row, or the committed
 * defaults while there is none. Rows are kept, so an earlier fit can be compared or restored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table matching_model (
      id serial primary key,
      fitted_at timestamptz not null,
      people integer not null,
      model jsonb not null,
      diagnostics jsonb not null
    );
  `.execute(db);
}
