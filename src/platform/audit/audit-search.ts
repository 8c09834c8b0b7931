import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export const AUDIT_PAGE_SIZE = 100;
/** Matches counted exactly up to this many; beyond it the page says "more than" and pages on. */
export const AUDIT_COUNT_CAP = 1000;
/** The deepest page offered: further back than 10,000 events, narrow the dates instead. */
export const AUDIT_LAST_PAGE = 100;

export interface AuditSearch {
  user?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
}

export type AuditSearchResult =
  | { unknownUser: true }
  | {
      unknownUser: false;
      rows: Awaited<ReturnType<typeof pageOfEvents>>;
      /** How many events match, counted up to AUDIT_COUNT_CAP. */
      matched: number;
      /** True when more than AUDIT_COUNT_CAP match, so `matched` is a floor, not the total. */
      moreThanCounted: boolean;
      hasNextPage: boolean;
    };

/**
 * One page of the audit trail, newest first. The username is looked up first, so the search runs on
 * the actor's own index (migration 0027) and a user with no events costs one index probe rather than a
 * backward walk through millions of rows. Matches are counted only as far as AUDIT_COUNT_CAP: the count
 * stays cheap in any combination of filters, and the page says "more than" when it stops.
 */
export async function searchAuditTrail(db: Db, search: AuditSearch): Promise<AuditSearchResult> {
  let actorId: number | undefined;
  if (search.user) {
    const user = await db
      .selectFrom('staff_user')
      .select('id')
      .where(sql<string>`lower(username)`, '=', search.user.toLowerCase())
      .executeTakeFirst();
    if (!user) return { unknownUser: true };
    actorId = user.id;
  }
  const rows = await pageOfEvents(db, search, actorId);
  const counted = await countUpToCap(db, search, actorId);
  return {
    unknownUser: false,
    rows: rows.slice(0, AUDIT_PAGE_SIZE),
    matched: Math.min(counted, AUDIT_COUNT_CAP),
    moreThanCounted: counted > AUDIT_COUNT_CAP,
    hasNextPage: rows.length > AUDIT_PAGE_SIZE && search.page < AUDIT_LAST_PAGE,
  };
}

function matching(db: Db, search: AuditSearch, actorId: number | undefined) {
  let query = db.selectFrom('audit_event as e');
  if (actorId !== undefined) query = query.where('e.actor_user_id', '=', actorId);
  if (search.recordType) query = query.where('e.record_type', '=', search.recordType);
  if (search.recordId) query = query.where('e.record_id', '=', search.recordId);
  if (search.action) query = query.where('e.action', '=', search.action);
  if (search.from) query = query.where('e.at', '>=', new Date(`${search.from}T00:00:00Z`));
  if (search.to)
    query = query.where('e.at', '<', new Date(new Date(`${search.to}T00:00:00Z`).getTime() + 86_400_000));
  return query;
}

/** The page's query, before it runs (exported so a test can ask the planner how it would run it). */
export function pageOfEventsQuery(db: Db, search: AuditSearch, actorId: number | undefined) {
  return matching(db, search, actorId)
    .leftJoin('staff_user as u', 'u.id', 'e.actor_user_id')
    .select([
      'e.id',
      'e.at',
      'e.event_class',
      'e.action',
      'e.record_type',
      'e.record_id',
      'e.reason',
      'e.ip',
      'e.details',
      'u.username',
      'u.display_name',
    ])
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((search.page - 1) * AUDIT_PAGE_SIZE);
}

function pageOfEvents(db: Db, search: AuditSearch, actorId: number | undefined) {
  return pageOfEventsQuery(db, search, actorId).execute();
}

async function countUpToCap(db: Db, search: AuditSearch, actorId: number | undefined): Promise<number> {
  const { n } = await db
    .selectFrom(
      matching(db, search, actorId)
        .select(sql<number>`1`.as('one'))
        .limit(AUDIT_COUNT_CAP + 1)
        .as('capped')
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return n;
}
