import { sql, type Kysely } from 'kysely';

/**
 * Setting up a new council without demo data (issue 18): the first-run page asks for a code printed on
 * the server's terminal, so only whoever runs the server can claim an empty database as their council.
 * Only the code's SHA-256 is kept; it expires, and setting up the council removes it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table first_run_code (
      code_hash text primary key,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
  `.execute(db);
}
