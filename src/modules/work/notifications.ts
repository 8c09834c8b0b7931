import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission } from '../../platform/access/permissions.ts';
import {
  RecordNotFoundError,
  requestedChildIdVisibleTo,
  type RecordAccess,
} from '../../platform/access/record-access.ts';
import {
  MANAGER_ONLY_KINDS,
  notificationLabel,
  notificationLink,
  WARNING_KINDS,
  type NotificationKind,
} from './notification-kinds.ts';

const LISTED = 100;
const IN_SUMMARY = 5;

/**
 * A member of staff's notifications: those addressed to them, and those addressed to their team
 * (leaving managers' ones to managers). A team's notification is read once for the whole team:
 * whoever reads it has picked it up.
 */
export function addressedTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'notification'>): Expression<SqlBool> => {
    const toUser = eb('notification.user_id', '=', actor.userId);
    if (actor.teamId === null) return toUser;
    const toTeam = [eb('notification.user_id', 'is', null), eb('notification.team_id', '=', actor.teamId)];
    if (!hasPermission(actor.role, 'decision:authorise'))
      toTeam.push(eb('notification.kind', 'not in', MANAGER_ONLY_KINDS));
    return eb.or([toUser, eb.and(toTeam)]);
  };
}

export interface NotificationItem {
  id: number;
  kind: string;
  label: string;
  /** Something already late, rather than a warning. */
  late: boolean;
  message: string;
  raisedAt: Date;
  read: boolean;
  link: string | null;
}

/** What a notification about a child the actor may not see says instead of its message. */
export const RESTRICTED_NOTIFICATION =
  'About a restricted record you do not have access to. Ask a manager who holds access to it.';

/**
 * Kinds written for people without access to the record, naming it by id only, so they can act (a
 * possible match to a restricted record, raised to the team that recorded the contact).
 */
const WRITTEN_FOR_THOSE_WITHOUT_ACCESS: NotificationKind[] = ['restricted_match_review'];

/**
 * The actor's notifications, unread first, newest first. One about a child the actor may not see
 * (restricted, no grant) keeps its place, kind and time but not its message or link: the access
 * layer's rule, applied in the query.
 */
export async function listNotifications(db: Db, actor: Actor, limit = LISTED): Promise<NotificationItem[]> {
  const rows = await db
    .selectFrom('notification')
    .where(addressedTo(actor))
    // Partner agencies are told only of their own requests: about a child they may be named.
    .select(requestedChildIdVisibleTo(actor, 'notification.contact_child_id').as('visible'))
    .select([
      'id',
      'kind',
      'message',
      'raised_at',
      'read_at',
      'contact_child_id',
      'information_request_id',
      'strategy_discussion_id',
    ])
    .orderBy((eb) => eb('read_at', 'is', null), 'desc')
    .orderBy('raised_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const shown = row.visible || WRITTEN_FOR_THOSE_WITHOUT_ACCESS.includes(row.kind as NotificationKind);
    return {
      id: row.id,
      kind: row.kind,
      label: notificationLabel(row.kind),
      late: !WARNING_KINDS.includes(row.kind as NotificationKind),
      message: shown ? row.message : RESTRICTED_NOTIFICATION,
      raisedAt: row.raised_at,
      read: row.read_at !== null,
      link: shown ? notificationLink(row) : null,
    };
  });
}

export interface NotificationSummary {
  unread: number;
  latest: NotificationItem[];
}

export async function countUnread(db: Db, actor: Actor): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .where(addressedTo(actor))
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('unread'))
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

/** For the home page: how many are unread, and the newest few (unread first). */
export async function loadNotificationSummary(db: Db, actor: Actor): Promise<NotificationSummary> {
  const [unread, latest] = await Promise.all([
    countUnread(db, actor),
    listNotifications(db, actor, IN_SUMMARY),
  ]);
  return { unread, latest };
}

/**
 * Marks one of the actor's notifications read, audited; "not found" when it is not theirs (or does
 * not exist), so nothing is saved.
 */
export function markNotificationRead(access: RecordAccess, id: number, now: Date): Promise<void> {
  return access.recordChange('home:view', 'notification.read', async (trx) => {
    if (!(await markReadFor(trx, access.actor, id, now))) throw new RecordNotFoundError('Notification');
    return { recordType: 'notification', recordId: id, result: undefined };
  });
}

async function markReadFor(trx: Db, actor: Actor, id: number, now: Date): Promise<boolean> {
  const mine = await trx
    .selectFrom('notification')
    .where('id', '=', id)
    .where(addressedTo(actor))
    .select('id')
    .executeTakeFirst();
  if (!mine) return false;
  await trx
    .updateTable('notification')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
  return true;
}
