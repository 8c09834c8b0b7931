import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import { followingContactId } from './consultation.service.ts';
import { FOLLOW_UP_WORKING_DAYS } from './follow-up-rules.ts';

/** The notification kind the follow-up raises (notification-kinds.ts holds its label and link). */
export const CONSULTATION_FOLLOW_UP = 'consultation_follow_up';

/**
 * How far back the chase looks: far enough to cover an outage of the sweep, near enough that the first
 * run on a database with years of consultations does not raise a notification for each of them.
 */
export const FOLLOW_UP_LOOKBACK_DAYS = 14;
const DAY_MS = 24 * 60 * 60_000;
const DEFAULT_BATCH_SIZE = 200;

/**
 * Tells the consultant when a referral they advised has not arrived: a consultation whose follow-up is
 * due, with no contact for the child (or recorded from the consultation) since, raises one
 * notification to whoever gave the advice (the front-door team when they have left). Safe with several
 * processes, like the deadline sweep: candidates are locked FOR UPDATE SKIP LOCKED, and the unique
 * event key (`consultation_follow_up:<id>`) is inserted ON CONFLICT DO NOTHING, so a consultation is
 * followed up once. Answers how many notifications it raised.
 */
export async function raiseConsultationFollowUps(
  db: Db,
  now: Date,
  options: { batchSize?: number } = {}
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const eventKey = sql<string>`${CONSULTATION_FOLLOW_UP + ':'} || consultation.id::text`;
    const candidates = await trx
      .selectFrom('consultation')
      .innerJoin('staff_user', 'staff_user.id', 'consultation.advised_by')
      .where('consultation.follow_up_due_at', '<=', now)
      .where(
        'consultation.follow_up_due_at',
        '>=',
        new Date(now.getTime() - FOLLOW_UP_LOOKBACK_DAYS * DAY_MS)
      )
      .where(sql<boolean>`${followingContactId('consultation')} is null`)
      .where(sql<boolean>`not exists (select 1 from notification where notification.event_key = ${eventKey})`)
      .select([
        'consultation.id',
        'consultation.consulted_at',
        'consultation.organisation',
        'consultation.advised_by',
        'staff_user.active',
        eventKey.as('event_key'),
      ])
      .orderBy('consultation.follow_up_due_at')
      .limit(options.batchSize ?? DEFAULT_BATCH_SIZE)
      .forUpdate(['consultation'])
      .skipLocked()
      .execute();
    if (candidates.length === 0) return 0;
    const frontDoorTeam = await trx
      .selectFrom('team')
      .where('kind', '=', 'front_door')
      .select('id')
      .orderBy('id')
      .executeTakeFirst();
    const inserted = await trx
      .insertInto('notification')
      .values(
        candidates.map((row) => ({
          event_key: row.event_key,
          kind: CONSULTATION_FOLLOW_UP,
          contact_child_id: null,
          information_request_id: null,
          user_id: row.active ? row.advised_by : null,
          team_id: row.active ? null : (frontDoorTeam?.id ?? null),
          // The organisation and the time, never the child: the list behind the link says who.
          message: `Consultation with ${row.organisation} at ${formatUk(row.consulted_at, UK_FORMATS.timeOnDate)}: you advised a referral and no contact for the child has arrived within ${FOLLOW_UP_WORKING_DAYS} working days.`,
          raised_at: now,
        }))
      )
      .onConflict((conflict) => conflict.column('event_key').doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  });
}
