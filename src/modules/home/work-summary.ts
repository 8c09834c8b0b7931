import { sql } from 'kysely';
import {
  contactIdVisibleTo,
  requestedChildIdVisibleTo,
  type RecordAccess,
} from '../../platform/access/record-access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type { CouncilSettings } from '../../platform/db/schema.ts';
import { DECIDED_STATUSES } from '../journey/case-status.ts';
import {
  managerOversight,
  oversightCounts,
  pendingDowngrades,
  secondAuthoriserRoles,
} from '../decisions/decisions.service.ts';
import { DUE_SOON_MINUTES } from '../screening/countdown.ts';
import { openEnquiry } from '../strategy/strategy-discussions.ts';

/**
 * Counts for the front door's open work: numbers only, so no child's record is read. Only children the
 * actor may see are counted, so each number matches the queue it leads to.
 */
async function frontDoorCounts(db: Db, actor: Actor, now: Date) {
  const soon = new Date(now.getTime() + DUE_SOON_MINUTES * 60_000);
  // The earlier of the RAG due time and the (extended) one-working-day decision time.
  const due = sql<Date>`least(rag_due_at, coalesce(decision_extended_to, decision_due_at))`;
  const row = await db
    .selectFrom('contact_child')
    .where('status', 'not in', DECIDED_STATUSES)
    .where(contactIdVisibleTo(actor, 'contact_child.contact_id'))
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
  const enquiries = await db
    .selectFrom('strategy_discussion')
    .innerJoin('contact_child', 'contact_child.id', 'strategy_discussion.contact_child_id')
    .where('strategy_discussion.worker_id', '=', actor.userId)
    .where(contactIdVisibleTo(actor, 'contact_child.contact_id'))
    .where(openEnquiry)
    .select((eb) => eb.fn.countAll<number>().as('enquiries'))
    .executeTakeFirstOrThrow();
  return Object.fromEntries(
    Object.entries({ ...row, ...enquiries }).map(([key, value]) => [key, Number(value)])
  );
}

async function agencyRequestCounts(db: Db, actor: Actor, now: Date) {
  const row = await db
    .selectFrom('information_request')
    .where('agency_id', '=', actor.agencyId)
    .where('status', '=', 'open')
    // As the agency's list shows them: never a request about a restricted child.
    .where(requestedChildIdVisibleTo(actor, 'information_request.contact_child_id'))
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn.countAll<number>().filterWhere('due_at', '<', now).as('late'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), late: Number(row.late) };
}

/** What each role's home page shows about the work waiting for them. */
export async function workSummary(access: RecordAccess, db: Db, now: Date, settings: CouncilSettings) {
  const actor = access.actor;
  if (actor.role === 'partner_agency_practitioner')
    return { requests: await agencyRequestCounts(db, actor, now) };
  if (!access.can('contact:read')) return {};
  const counts = await frontDoorCounts(db, actor, now);
  if (!access.can('decision:authorise')) return { counts };
  const [oversight, downgrades, oversightTotals] = await Promise.all([
    managerOversight(access, now, settings),
    pendingDowngrades(access, now, settings),
    oversightCounts(db, actor, now),
  ]);
  // A second sign-off is waiting only for those whose role the council named to give it.
  const signsOff = secondAuthoriserRoles(settings).includes(actor.role);
  // Every category, each with its full count; the page shows the first few of each, reddest and oldest first.
  return {
    counts,
    oversight: [
      {
        id: 'lower-ratings',
        title: 'Lower ratings for red contacts to confirm',
        empty: 'No lower ratings are waiting.',
        total: oversightTotals.downgrades,
        items: downgrades,
        anchor: 'rating',
      },
      {
        id: 'awaiting',
        title: 'Decisions to authorise',
        empty: 'No decisions are waiting for your authorisation.',
        total: oversightTotals.awaiting,
        items: oversight.filter((item) => item.decision_status === 'proposed'),
        anchor: 'decision',
      },
      ...(signsOff
        ? [
            {
              id: 'second-sign-off',
              title: 'Decisions waiting for a second sign-off',
              empty: 'No decisions are waiting for a second sign-off.',
              total: oversightTotals.secondSignOff,
              items: oversight.filter((item) => item.awaitingSecondSignOff),
              anchor: 'decision',
            },
          ]
        : []),
      {
        id: 'overdue',
        title: 'Overdue work',
        empty: 'Nothing is overdue.',
        total: oversightTotals.overdue,
        items: oversight.filter((item) => item.decision_id === null),
        anchor: 'decision',
      },
    ],
  };
}
