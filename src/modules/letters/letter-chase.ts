import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { referrerCanBeWritten, referrerLetterDueAt } from './referrer-letter-due.ts';
import { decisionFinalAt } from './letters.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';

/** The notification kind the chase raises (the deadline sweep's notifications page shows its label). */
export const REFERRER_LETTER_OVERDUE = 'referrer_letter_overdue';

/**
 * How far back the chase looks. One working day is never less than 24 hours, so nothing authorised
 * in the last day can be overdue; two weeks covers any outage of the sweep, while a decision older
 * than that is for the quality audit rather than a chase (it also keeps the first run on a migrated
 * database, whose history has no letters recorded, from raising years of notifications).
 */
export const LETTER_CHASE_LOOKBACK_DAYS = 14;
const DAY_MS = 24 * 60 * 60_000;
const DEFAULT_BATCH_SIZE = 200;

/**
 * Chases letters to the referrer not sent within one working day of the decision being authorised:
 * one notification per decision, to the practitioner who proposed it (else the child's worker, else
 * the front-door team). Safe with several processes, like the deadline sweep: candidate decisions
 * are locked FOR UPDATE SKIP LOCKED, and the notification's unique event key
 * (`referrer_letter_overdue:<decision id>`) is inserted ON CONFLICT DO NOTHING, so a decision is
 * chased once. Answers how many notifications it raised.
 */
export async function chaseOverdueReferrerLetters(
  db: Db,
  now: Date,
  options: { batchSize?: number } = {}
): Promise<number> {
  const calendar = await councilCalendar(db);
  const frontDoorTeam = await db
    .selectFrom('team')
    .where('kind', '=', 'front_door')
    .select('id')
    .orderBy('id')
    .executeTakeFirst();
  return db.transaction().execute(async (trx) => {
    const eventKey = sql<string>`${REFERRER_LETTER_OVERDUE + ':'} || decision.id::text`;
    const candidates = await trx
      .selectFrom('decision')
      .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .where('decision.status', '=', 'authorised')
      .where(decisionFinalAt, '<=', new Date(now.getTime() - DAY_MS))
      .where(decisionFinalAt, '>=', new Date(now.getTime() - LETTER_CHASE_LOOKBACK_DAYS * DAY_MS))
      .where(({ exists, not, selectFrom }) =>
        not(
          exists(
            selectFrom('referrer_letter')
              .select('referrer_letter.id')
              .whereRef('referrer_letter.decision_id', '=', 'decision.id')
              .where('referrer_letter.recipient', '=', 'referrer')
              .where('referrer_letter.sent_at', 'is not', null)
          )
        )
      )
      .where(sql<boolean>`not exists (select 1 from notification where notification.event_key = ${eventKey})`)
      .select([
        'decision.id',
        decisionFinalAt.as('authorised_at'),
        'decision.proposed_by',
        'decision.contact_child_id',
        'contact_child.worker_id',
        'contact.reference',
        'contact.referral_source',
        'contact.referrer_name',
        'contact.referrer_email',
        'contact.referrer_phone',
        'contact.referrer_organisation',
        eventKey.as('event_key'),
      ])
      .orderBy(decisionFinalAt)
      .limit(options.batchSize ?? DEFAULT_BATCH_SIZE)
      .forUpdate(['decision'])
      .skipLocked()
      .execute();
    const overdue = candidates.flatMap((row) => {
      const needed = referrerCanBeWritten({
        referralSource: row.referral_source,
        name: row.referrer_name,
        email: row.referrer_email,
        phone: row.referrer_phone,
        organisation: row.referrer_organisation,
      });
      const dueAt = referrerLetterDueAt(row.authorised_at!, calendar);
      return needed && dueAt <= now ? [{ row, dueAt }] : [];
    });
    if (overdue.length === 0) return 0;
    const inserted = await trx
      .insertInto('notification')
      .values(
        overdue.map(({ row, dueAt }) => {
          const userId = row.proposed_by ?? row.worker_id;
          return {
            event_key: row.event_key,
            kind: REFERRER_LETTER_OVERDUE,
            contact_child_id: row.contact_child_id,
            information_request_id: null,
            user_id: userId,
            team_id: userId === null ? (frontDoorTeam?.id ?? null) : null,
            message: `${row.reference}: the letter to the referrer was due by ${londonTime(dueAt)} and has not been sent.`,
            raised_at: now,
          };
        })
      )
      .onConflict((conflict) => conflict.column('event_key').doNothing())
      .returning('event_key')
      .execute();
    return inserted.length;
  });
}

function londonTime(at: Date): string {
  return formatUk(at, UK_FORMATS.timeOnDate);
}
