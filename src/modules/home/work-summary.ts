import { sql } from 'kysely';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type { WorkingCalendar } from '../../shared/working-time.ts';
import { managerOversight } from '../decisions/decisions.service.ts';
import { DUE_SOON_MINUTES } from '../screening/countdown.ts';

/** Counts for the front door's open work: numbers only, so no child's record is read. */
async function frontDoorCounts(db: Db, actor: Actor, now: Date) {
  const soon = new Date(now.getTime() + DUE_SOON_MINUTES * 60_000);
  const due = sql<Date>`coalesce(rag_due_at, decision_extended_to, decision_due_at)`;
  const row = await db
    .selectFrom('contact_child')
    .where('status', 'not in', ['completed', 'awaiting_handover'])
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn.countAll<number>().filterWhere('worker_id', 'is', null).as('unallocated'),
      eb.fn.countAll<number>().filterWhere('worker_id', '=', actor.userId).as('mine'),
      eb.fn.countAll<number>().filterWhere(due, '<', now).as('overdue'),
      eb.fn
        .countAll<number>()
        .filterWhere((inner) => inner.and([inner(due, '>=', now), inner(due, '<', soon)]))
        .as('dueSoon'),
      eb.fn.countAll<number>().filterWhere('rag', 'is', null).as('unrated'),
    ])
    .executeTakeFirstOrThrow();
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
}

async function agencyRequestCounts(db: Db, actor: Actor, now: Date) {
  const row = await db
    .selectFrom('information_request')
    .where('agency_id', '=', actor.agencyId)
    .where('status', '=', 'open')
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn.countAll<number>().filterWhere('due_at', '<', now).as('late'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), late: Number(row.late) };
}

/** What each role's home page shows about the work waiting for them. */
export async function workSummary(access: RecordAccess, db: Db, now: Date, cal: WorkingCalendar) {
  const actor = access.actor;
  if (actor.role === 'partner_agency_practitioner')
    return { requests: await agencyRequestCounts(db, actor, now) };
  if (!access.can('contact:read')) return {};
  const counts = await frontDoorCounts(db, actor, now);
  if (!access.can('decision:authorise')) return { counts };
  const oversight = await managerOversight(access, now, cal);
  return {
    counts,
    awaiting: oversight.filter((item) => item.decision_id !== null),
    overdue: oversight.filter((item) => item.decision_id === null),
  };
}
