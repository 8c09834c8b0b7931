import { sql } from 'kysely';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';
import { emergencyAccessEnds } from '../../../platform/access/record-policy.ts';
import { hasPermission, ROLE_LABELS, rolesWith } from '../../../platform/access/permissions.ts';
import { dutyManagersAt } from '../../../platform/council/duty-managers.ts';
import type { Db } from '../../../platform/db/database.ts';
import { FormProblem } from '../../../platform/http/forms.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import type { BreakGlassReview, GrantForm, GrantReview } from './restriction-forms.ts';

/** The notification kind that tells a record's managers of a break-glass opening. */
export const BREAK_GLASS_NOTIFICATION = 'break_glass';
/** Where the openings waiting for review are listed. */
export const BREAK_GLASS_QUEUE = '/people/restricted/emergency-access';

/**
 * A record's restriction and who holds access, for the restriction page. An administrator managing a
 * restricted record they hold no grant to is not shown who the child is, nor why it is restricted.
 * Whether each emergency opening is still running is judged at `now`, the app's clock.
 */
export async function readRestriction(access: RecordAccess, personId: number, now: Date) {
  return access.readRestriction(personId, async (db, childShown) => {
    const person = await db
      .selectFrom('person')
      .where('id', '=', personId)
      .select([
        'id',
        'given_name',
        'family_name',
        'date_of_birth',
        'restricted',
        'restriction_reason',
        'merged_into_id',
      ])
      .executeTakeFirstOrThrow();
    const [grants, openings, staff] = await Promise.all([
      grantsOf(db, personId),
      emergencyOpeningsOf(db, personId, now),
      staffWhoMayBeGranted(db, personId),
    ]);
    return {
      person: childShown
        ? person
        : { ...person, given_name: null, family_name: null, date_of_birth: null, restriction_reason: null },
      childShown,
      grants,
      openings,
      staff,
    };
  });
}

export type RestrictionRecord = Awaited<ReturnType<typeof readRestriction>>;

function grantsOf(db: Db, personId: number) {
  return db
    .selectFrom('record_access_grant as access_grant')
    .innerJoin('staff_user as holder', 'holder.id', 'access_grant.user_id')
    .leftJoin('staff_user as granter', 'granter.id', 'access_grant.granted_by')
    .where('access_grant.person_id', '=', personId)
    .select([
      'access_grant.user_id',
      'access_grant.reason',
      'access_grant.granted_at',
      'access_grant.review_due_on',
      'access_grant.reviewed_at',
      'holder.display_name as holder_name',
      'holder.role as holder_role',
      'holder.active as holder_active',
      'granter.display_name as granted_by_name',
    ])
    .orderBy('holder.display_name')
    .execute();
}

async function emergencyOpeningsOf(db: Db, personId: number, now: Date) {
  const rows = await db
    .selectFrom('break_glass_access as opening')
    .innerJoin('staff_user as opener', 'opener.id', 'opening.user_id')
    .where('opening.person_id', '=', personId)
    .select([
      'opening.id',
      'opening.opened_at',
      'opening.expires_at',
      'opening.justified',
      'opening.reviewed_at',
      'opener.display_name as opener_name',
    ])
    .orderBy('opening.opened_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((row) => ({ ...row, running: isRunning(row, now) }));
}

/** Whether emergency access is still running at `now`: always the app's clock, never the database's. */
function isRunning(opening: { expires_at: Date }, now: Date): boolean {
  return opening.expires_at.getTime() > now.getTime();
}

/** Active council staff who may read records and do not yet hold access: whom access may be given to. */
function staffWhoMayBeGranted(db: Db, personId: number) {
  return db
    .selectFrom('staff_user as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .where('u.active', '=', true)
    .where('a.kind', '=', 'council')
    .where('u.role', 'in', rolesWith('person:read'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('record_access_grant as g')
            .whereRef('g.user_id', '=', 'u.id')
            .where('g.person_id', '=', personId)
            .select('g.user_id')
        )
      )
    )
    .select(['u.id', 'u.display_name', 'u.role'])
    .orderBy('u.display_name')
    .execute();
}

/**
 * Restricts a record with a reason. Whoever restricts it keeps access by a named grant (reviewed like
 * any other), so the record is never left with nobody who may open it.
 */
export async function restrictRecord(
  access: RecordAccess,
  personId: number,
  change: { reason: string; reviewDueOn: string },
  now: Date
): Promise<void> {
  await assertManages(access, personId);
  await access.recordChange('person:restrict', 'person.restrict', async (trx) => {
    const updated = await trx
      .updateTable('person')
      .set({ restricted: true, restriction_reason: change.reason })
      .where('id', '=', personId)
      .where('restricted', '=', false)
      .where('merged_into_id', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw new FormProblem('reason', 'This record is already restricted, or was merged into another record');
    await trx
      .insertInto('record_access_grant')
      .values({
        person_id: personId,
        user_id: access.actor.userId,
        granted_by: access.actor.userId,
        granted_at: now,
        reason: 'Restricted the record',
        review_due_on: change.reviewDueOn,
      })
      .onConflict((conflict) => conflict.columns(['person_id', 'user_id']).doNothing())
      .execute();
    return {
      recordType: 'person',
      recordId: personId,
      result: undefined,
      details: { reviewDueOn: change.reviewDueOn },
    };
  });
}

/**
 * Lifts a restriction with a reason. The named grants end with it (the audit keeps who held them), so
 * restricting the record again later starts from a fresh list rather than silently reviving old access.
 */
export async function liftRestriction(access: RecordAccess, personId: number, reason: string): Promise<void> {
  await assertManages(access, personId);
  await access.recordChange('person:restrict', 'person.restriction_lift', async (trx) => {
    const updated = await trx
      .updateTable('person')
      .set({ restricted: false, restriction_reason: null })
      .where('id', '=', personId)
      .where('restricted', '=', true)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw new FormProblem('liftReason', 'This record is not restricted');
    const ended = await trx
      .deleteFrom('record_access_grant')
      .where('person_id', '=', personId)
      .returning('user_id')
      .execute();
    return {
      recordType: 'person',
      recordId: personId,
      result: undefined,
      details: { reason, grantsEnded: ended.map((row) => row.user_id) },
    };
  });
}

/** Gives a member of the council's staff named access to a restricted record, to be reviewed by a date. */
export async function grantAccess(
  access: RecordAccess,
  personId: number,
  grant: GrantForm,
  now: Date
): Promise<void> {
  await assertManages(access, personId);
  if (grant.userId === access.actor.userId)
    throw new FormProblem(
      'userId',
      'You cannot give yourself access: ask another manager or an administrator'
    );
  await access.recordChange('person:restrict', 'person.access_grant', async (trx) => {
    const restricted = await trx
      .selectFrom('person')
      .where('id', '=', personId)
      .select('restricted')
      .executeTakeFirst();
    if (!restricted?.restricted)
      throw new FormProblem('userId', 'Restrict the record before giving named access to it');
    const candidates = await staffWhoMayBeGranted(trx, personId);
    if (!candidates.some((staff) => staff.id === grant.userId))
      throw new FormProblem(
        'userId',
        'Choose a member of the council’s staff who does not already hold access'
      );
    await trx
      .insertInto('record_access_grant')
      .values({
        person_id: personId,
        user_id: grant.userId,
        granted_by: access.actor.userId,
        granted_at: now,
        reason: grant.reason,
        review_due_on: grant.reviewDueOn,
      })
      .execute();
    return {
      recordType: 'person',
      recordId: personId,
      result: undefined,
      details: { userId: grant.userId, reviewDueOn: grant.reviewDueOn },
    };
  });
}

/** Reviews a grant: kept until a new review date, or revoked. Nobody reviews their own access. */
export async function reviewGrant(
  access: RecordAccess,
  personId: number,
  userId: number,
  review: GrantReview,
  now: Date
): Promise<void> {
  await assertManages(access, personId);
  const field = `grant-${userId}-decision`;
  if (userId === access.actor.userId)
    throw new FormProblem(field, 'Another manager or an administrator must review your own access');
  const action = review.decision === 'keep' ? 'person.access_grant_review' : 'person.access_revoke';
  await access.recordChange('person:restrict', action, async (trx) => {
    const changed =
      review.decision === 'keep'
        ? await trx
            .updateTable('record_access_grant')
            .set({ review_due_on: review.reviewDueOn, reviewed_by: access.actor.userId, reviewed_at: now })
            .where('person_id', '=', personId)
            .where('user_id', '=', userId)
            .executeTakeFirst()
        : await trx
            .deleteFrom('record_access_grant')
            .where('person_id', '=', personId)
            .where('user_id', '=', userId)
            .executeTakeFirst();
    const rows = 'numUpdatedRows' in changed ? changed.numUpdatedRows : changed.numDeletedRows;
    if (Number(rows) === 0) throw new FormProblem(field, 'This person no longer holds access');
    return { recordType: 'person', recordId: personId, result: undefined, details: { userId, ...review } };
  });
}

async function assertManages(access: RecordAccess, personId: number): Promise<void> {
  await access.readRestriction(personId, async () => undefined);
}

/** Whether the actor may open this record in an emergency, or can open it already. */
export function emergencyAccessState(access: RecordAccess, personId: number) {
  return access.assertMayBreakGlass(personId);
}

/**
 * Break-glass: opens a restricted record to a worker without a grant, for EMERGENCY_ACCESS_HOURS of
 * real time, with their reason; audited as `person.break_glass` in the same transaction, and told at
 * once to the record's managers and the managers on duty (so someone knows at 3 a.m. on a Sunday).
 * When the worker can open it already, nothing new is opened: `until` is when their running emergency
 * access ends, or null when they hold a named grant (which has no set end).
 */
export async function openInEmergency(
  access: RecordAccess,
  personId: number,
  reason: string,
  now: Date
): Promise<{ until: Date | null }> {
  if ((await access.assertMayBreakGlass(personId)) === 'already_open')
    return { until: await runningAccessEnds(access, personId, now) };
  const until = emergencyAccessEnds(now);
  try {
    return await openOnce(access, personId, reason, now, until);
  } catch (error) {
    if (!(error instanceof OpenedMeanwhile)) throw error;
    return { until: await runningAccessEnds(access, personId, now) };
  }
}

/** The same worker's other request opened the record between the check and this one's transaction. */
class OpenedMeanwhile extends Error {}

function openOnce(access: RecordAccess, personId: number, reason: string, now: Date, until: Date) {
  return access.recordChange('person:break_glass', 'person.break_glass', async (trx) => {
    // A form sent twice (a double click, a retry on a slow line) opens the record once: the second
    // request waits here for the first to commit, then finds its opening.
    await trx.selectFrom('person').where('id', '=', personId).select('id').forUpdate().execute();
    const running = await runningOpenings(trx, personId, access.actor.userId, now)
      .select('id')
      .executeTakeFirst();
    if (running) throw new OpenedMeanwhile();
    const opening = await trx
      .insertInto('break_glass_access')
      .values({
        person_id: personId,
        user_id: access.actor.userId,
        reason,
        opened_at: now,
        expires_at: until,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const told = await tellManagersOfOpening(trx, access, { id: opening.id, personId, now, until });
    return {
      recordType: 'person',
      recordId: personId,
      result: { until },
      details: { openingId: opening.id, reason, until: until.toISOString(), told, personIds: [personId] },
    };
  });
}

/** A worker's emergency access to a record that is still running at `now`. */
function runningOpenings(db: Db, personId: number, userId: number, now: Date) {
  return db
    .selectFrom('break_glass_access')
    .where('person_id', '=', personId)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now);
}

/** When the actor's own emergency access to the record, running at `now`, ends; null when none is running. */
function runningAccessEnds(access: RecordAccess, personId: number, now: Date): Promise<Date | null> {
  return access.withPermission(
    'person:break_glass',
    (until) => ({
      action: 'person.list',
      recordType: 'break_glass_access',
      details: { criteria: { personId, running: true, mine: true }, results: until ? 1 : 0 },
    }),
    async (db) => {
      const running = await runningOpenings(db, personId, access.actor.userId, now)
        .select((eb) => eb.fn.max('expires_at').as('until'))
        .executeTakeFirst();
      return running?.until ?? null;
    }
  );
}

/**
 * The record's managers (holders of a named grant who may manage its access), the front-door team's
 * managers, and the managers on duty (dutyManagersAt: at night and at weekends, the on-call managers
 * of the out-of-hours arrangements in force, as the deadline sweep tells of immediate risk); the
 * administrators when there are none. Never the opener. The message names the record by id only:
 * not everyone told may see the child.
 */
async function tellManagersOfOpening(
  trx: Db,
  access: RecordAccess,
  opening: { id: number; personId: number; now: Date; until: Date }
): Promise<number> {
  const managerRoles = rolesWith('person:restrict');
  const duty = await dutyManagersAt(trx, opening.now);
  const onDuty = [...new Set([...duty.frontDoorManagerIds, ...duty.onDutyIds])];
  const managers = await trx
    .selectFrom('staff_user as u')
    .where('u.active', '=', true)
    .where('u.id', '<>', access.actor.userId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('u.role', 'in', managerRoles),
          eb.exists(
            eb
              .selectFrom('record_access_grant as g')
              .whereRef('g.user_id', '=', 'u.id')
              .where('g.person_id', '=', opening.personId)
              .select('g.user_id')
          ),
        ]),
        ...(onDuty.length ? [eb('u.id', 'in', onDuty)] : []),
      ])
    )
    .select('u.id')
    .orderBy('u.id')
    .execute();
  const recipients = managers.length
    ? managers
    : await trx
        .selectFrom('staff_user')
        .where('active', '=', true)
        .where('role', '=', 'administrator')
        .where('id', '<>', access.actor.userId)
        .select('id')
        .execute();
  const { displayName, role } = access.actor;
  const message =
    `${displayName} (${ROLE_LABELS[role]}) opened restricted record ${opening.personId} in an emergency, ` +
    `without a grant, at ${formatUk(opening.now, UK_FORMATS.dateAtTime)}. Their access ends at ` +
    `${formatUk(opening.until, UK_FORMATS.dateAtTime)}. Their reason is in the break-glass review queue: ${BREAK_GLASS_QUEUE}`;
  if (recipients.length)
    await trx
      .insertInto('notification')
      .values(
        recipients.map((recipient) => ({
          event_key: `${BREAK_GLASS_NOTIFICATION}:${opening.id}:user-${recipient.id}`,
          kind: BREAK_GLASS_NOTIFICATION,
          contact_child_id: null,
          information_request_id: null,
          team_id: null,
          user_id: recipient.id,
          message,
          raised_at: opening.now,
        }))
      )
      .execute();
  return recipients.length;
}

/**
 * Restricted records, those with a grant due (or overdue, or never given a date) for review first.
 * The child is named only to those who may see them; the others see the record's id.
 */
export async function listRestrictedRecords(access: RecordAccess, today: string) {
  return access.withPermission(
    'person:restrict',
    (rows) => ({
      action: 'person.list',
      recordType: 'person',
      details: {
        criteria: { restricted: true },
        results: rows.length,
        personIds: rows.flatMap((row) => (row.given_name === null ? [] : [row.id])),
      },
    }),
    async (db: Db) => {
      const rows = await db
        .selectFrom('person')
        .leftJoin('record_access_grant as access_grant', 'access_grant.person_id', 'person.id')
        .where('person.restricted', '=', true)
        .where('person.merged_into_id', 'is', null)
        .groupBy('person.id')
        .select((eb) => [
          'person.id',
          eb.fn.count<string>('access_grant.user_id').as('grants'),
          eb.fn.min('access_grant.review_due_on').as('next_review'),
          sql<string>`count(*) filter (where access_grant.user_id is not null and (access_grant.review_due_on is null or access_grant.review_due_on <= ${today}))`.as(
            'due'
          ),
          sql<boolean>`bool_or(access_grant.user_id = ${access.actor.userId})`.as('mine'),
        ])
        .orderBy('person.id')
        .execute();
      const named = await namesShownTo(
        db,
        access,
        rows.filter((row) => row.mine).map((row) => row.id)
      );
      return rows
        .map((row) => ({
          id: row.id,
          grants: Number(row.grants),
          due: Number(row.due),
          nextReview: row.next_review,
          given_name: named.get(row.id)?.given_name ?? null,
          family_name: named.get(row.id)?.family_name ?? null,
        }))
        .sort((a, b) => Number(b.due > 0 || b.grants === 0) - Number(a.due > 0 || a.grants === 0));
    }
  );
}

async function namesShownTo(db: Db, access: RecordAccess, ids: number[]) {
  if (!hasPermission(access.actor.role, 'person:read') || ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('person')
    .where('id', 'in', ids)
    .select(['id', 'given_name', 'family_name'])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Break-glass openings not yet reviewed, oldest first; those the actor made themselves are marked, and
 * whether each is still running is judged at `now`, the app's clock.
 */
export async function listOpeningsToReview(access: RecordAccess, now: Date) {
  return access.withPermission(
    'person:restrict',
    (rows) => ({
      action: 'person.list',
      recordType: 'break_glass_access',
      details: { results: rows.length },
    }),
    async (db: Db) => {
      const rows = await db
        .selectFrom('break_glass_access as opening')
        .innerJoin('staff_user as opener', 'opener.id', 'opening.user_id')
        .where('opening.reviewed_at', 'is', null)
        .select([
          'opening.id',
          'opening.person_id',
          'opening.user_id',
          'opening.reason',
          'opening.opened_at',
          'opening.expires_at',
          'opener.display_name as opener_name',
          'opener.role as opener_role',
        ])
        .orderBy('opening.opened_at')
        .execute();
      return rows.map((row) => ({
        ...row,
        openerRole: ROLE_LABELS[row.opener_role],
        own: row.user_id === access.actor.userId,
        running: isRunning(row, now),
      }));
    }
  );
}

/** A manager or administrator judges an emergency opening; never the one who opened it. */
export async function reviewOpening(
  access: RecordAccess,
  openingId: number,
  review: BreakGlassReview,
  now: Date
): Promise<void> {
  await access.recordChange('person:restrict', 'person.break_glass_review', async (trx) => {
    const opening = await trx
      .selectFrom('break_glass_access')
      .where('id', '=', openingId)
      .select(['person_id', 'user_id', 'reviewed_at'])
      .executeTakeFirst();
    if (!opening) throw new RecordNotFoundError('Emergency access');
    if (opening.user_id === access.actor.userId)
      throw new FormProblem(
        'justified',
        'You opened this record: another manager or an administrator must review it'
      );
    if (opening.reviewed_at !== null) throw new FormProblem('justified', 'Someone has already reviewed this');
    await trx
      .updateTable('break_glass_access')
      .set({
        justified: review.justified,
        review_note: review.note,
        reviewed_by: access.actor.userId,
        reviewed_at: now,
      })
      .where('id', '=', openingId)
      .where('reviewed_at', 'is', null)
      .execute();
    return {
      recordType: 'person',
      recordId: opening.person_id,
      result: undefined,
      details: { openingId, openedBy: opening.user_id, justified: review.justified, note: review.note },
    };
  });
}
