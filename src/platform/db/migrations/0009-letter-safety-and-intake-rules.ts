import { sql, type Kysely } from 'kysely';

/**
 * Family letters that could tip someone off, and the referrer's letter chase:
 * - a partner's "not for disclosure" marker, on the contact (a police notification says it) and on
 *   a partner's answer to an information request;
 * - on a letter, the manager's reason for sending a family letter the safety check warned against,
 *   who gave it and the warnings it overrode (codes);
 * - indexes for the letters of a decision and for authorised decisions by time, which the letters
 *   panel and the referrer-letter chase read.
 * Every new column has a default or is nullable, so existing rows stay valid.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact add column not_for_disclosure boolean not null default false;
    alter table information_request add column not_for_disclosure boolean not null default false;
    alter table referrer_letter
      add column safety_override_reason text,
      add column safety_override_by integer references staff_user(id),
      add column safety_warnings text[] not null default '{}';
    create index referrer_letter_decision on referrer_letter (decision_id, recipient);
    create index decision_authorised_at on decision (authorised_at) where status = 'authorised';
  `.execute(db);
}
