import { sql, type Kysely } from 'kysely';

/**
 * Sign-in with the council's identity provider (issue 18). A staff account is found by its email the first
 * time; the provider's identity for the person (issuer and subject) is then kept on the account, and every
 * later sign-in must come from that same identity — a mailbox given to someone else does not carry the
 * account with it. One identity belongs to one account at most.
 *
 * A sign-in in progress (between leaving for the provider and coming back) is kept server-side, found by
 * the hash of a cookie: its state, nonce and PKCE verifier never reach the browser, and it is used once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table staff_user
      add column sso_issuer text,
      add column sso_subject text,
      add constraint staff_user_sso_identity_whole check ((sso_issuer is null) = (sso_subject is null))
  `.execute(db);
  await sql`
    create unique index staff_user_sso_identity on staff_user (sso_issuer, sso_subject)
      where sso_subject is not null
  `.execute(db);
  await sql`
    create table sign_in_attempt (
      token_hash text primary key,
      state text not null,
      nonce text not null,
      code_verifier text not null,
      redirect_uri text not null,
      return_to text,
      created_at timestamptz not null
    )
  `.execute(db);
  await sql`create index sign_in_attempt_created on sign_in_attempt (created_at)`.execute(db);
}
