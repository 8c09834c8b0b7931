import { sql, type Kysely } from 'kysely';

/**
 * A second-factor code works once: the 30-second time step of the last code accepted for each
 * account is kept, and a code from that step or an earlier one is refused (RFC 6238 section 5.2).
 * Nullable, so existing accounts stay valid; their next code is accepted and recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table staff_user add column totp_last_step bigint`.execute(db);
}
