import { sql } from 'kysely';
import type { ChangeAudit, RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { moveCase } from '../journey/case-status.ts';

/** Accepted and returned handovers stay in the inbox this long, so the team can see what it answered. */
const RECENT_DAYS = 14;

export interface HandoverOffer {
  contactChildId: number;
  /** The authorised decision that hands the child over, when there is one. */
  decisionId: number | null;
  toTeamId: number;
  offeredBy: number;
  at: Date;
}

/**
 * Offers a child to a receiving team (early help, assessment) inside the caller's change (a manager
 * authorising a decision), with its own audit row in that transaction. The team owns the child from
 * now on, so nothing waits without an owner: it answers from its inbox.
 */
export async function offerHandover(trx: Db, offer: HandoverOffer, audit: ChangeAudit): Promise<number> {
  const { id } = await trx
    .insertInto('handover')
    .values({
      contact_child_id: offer.contactChildId,
      decision_id: offer.decisionId,
      to_team_id: offer.toTeamId,
      offered_by: offer.offeredBy,
      offered_at: offer.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await moveCase(trx, offer.contactChildId, 'offer_handover', {
    at: offer.at,
    effects: { teamId: offer.toTeamId, workerId: null },
    event: {
      step: 'handover_offered',
      actorId: offer.offeredBy,
      details: { handoverId: id, decisionId: offer.decisionId, toTeamId: offer.toTeamId },
    },
  });
  await audit({
    action: 'handover.offer',
    recordType: 'handover',
    recordId: id,
    details: { contactChildId: offer.contactChildId, decisionId: offer.decisionId, toTeamId: offer.toTeamId },
  });
  return id;
}

/** Each list in a team's inbox shows this many handovers a page. */
export const INBOX_PAGE_SIZE = 50;

/** The page of each list in the inbox to show, from 1. */
export interface InboxPages {
  waiting: number;
  recent: number;
}

/**
 * The team's inbox: handovers waiting for an answer, oldest first, then those answered in the last
 * two weeks, most recent first. Each list a page of INBOX_PAGE_SIZE at a time with how many it holds,
 * both read (and counted, before the page is cut) in one statement. Children the actor may not see never
 * leave the database, and are not counted. A list's total is null when its page is past its end: the
 * page has no rows to carry the count.
 */
export async function loadTeamInbox(access: RecordAccess, teamId: number, now: Date, pages: InboxPages) {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const rows = await access.listContacts({ handovers: 'team_inbox', teamId }, async (db, visible) => {
    const list = (name: 'waiting' | 'recent') => [
      sql<'waiting' | 'recent'>`${sql.lit(name)}`.as('list'),
      sql<string>`count(*) over ()`.as('total'),
    ];
    const waiting = handoverQuery(db)
      .where('handover.to_team_id', '=', teamId)
      .where('handover.status', '=', 'offered')
      .where(visible)
      .select(list('waiting'))
      .orderBy('handover.offered_at')
      .orderBy('handover.id')
      .limit(INBOX_PAGE_SIZE)
      .offset((pages.waiting - 1) * INBOX_PAGE_SIZE);
    const recent = handoverQuery(db)
      .where('handover.to_team_id', '=', teamId)
      .where('handover.status', '<>', 'offered')
      .where('handover.responded_at', '>=', since)
      .where(visible)
      .select(list('recent'))
      .orderBy('handover.responded_at', 'desc')
      .orderBy('handover.id', 'desc')
      .limit(INBOX_PAGE_SIZE)
      .offset((pages.recent - 1) * INBOX_PAGE_SIZE);
    const [found, labelsOf] = await Promise.all([
      db
        .selectFrom(waiting.as('waiting'))
        .selectAll()
        .unionAll(db.selectFrom(recent.as('recent')).selectAll())
        .execute(),
      outcomeLabels(db),
    ]);
    return found.map(({ total, ...row }) => ({
      ...row,
      total: Number(total),
      outcomes: labelsOf(row.outcomes),
      waiting: timeBetween(row.offered_at, row.responded_at ?? now),
    }));
  });
  // A union keeps no order of its own: each list is put back in its order here.
  const waiting = rows
    .filter((row) => row.list === 'waiting')
    .sort((a, b) => a.offered_at.getTime() - b.offered_at.getTime() || a.id - b.id);
  const recent = rows
    .filter((row) => row.list === 'recent')
    .sort((a, b) => b.responded_at!.getTime() - a.responded_at!.getTime() || b.id - a.id);
  return {
    waiting: listPage(waiting, pages.waiting),
    recent: listPage(recent, pages.recent),
  };
}

/** One list's page: its rows, which page, the number of its first row, and how many the list holds. */
function listPage<T extends { total: number }>(rows: T[], page: number) {
  const total = rows[0]?.total ?? (page === 1 ? 0 : null);
  return {
    rows: rows.map(({ total: _total, ...row }) => row),
    page,
    first: (page - 1) * INBOX_PAGE_SIZE + 1,
    total,
  };
}

/** One handover with the child and the decision behind it; the caller reads it through record access. */
export async function loadHandover(db: Db, id: number, now: Date) {
  const [row, labelsOf] = await Promise.all([
    handoverQuery(db).where('handover.id', '=', id).executeTakeFirstOrThrow(),
    outcomeLabels(db),
  ]);
  return {
    ...row,
    outcomes: labelsOf(row.outcomes),
    waiting: timeBetween(row.offered_at, row.responded_at ?? now),
  };
}

/** The active members of a team, who can be allocated a child the team accepts. */
export function teamMembers(db: Db, teamId: number) {
  return db
    .selectFrom('staff_user')
    .where('team_id', '=', teamId)
    .where('active', '=', true)
    .select(['id', 'display_name'])
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}

function handoverQuery(db: Db) {
  return (
    db
      .selectFrom('handover')
      .innerJoin('contact_child', 'contact_child.id', 'handover.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .leftJoin('decision', 'decision.id', 'handover.decision_id')
      .leftJoin('involvement', 'involvement.handover_id', 'handover.id')
      // Names are looked up beside the rows, not joined: every table joined multiplies the ways PostgreSQL
      // weighs to join them, and with ten it spent 8 ms planning each page of the list to run it in 1.
      .select([
        staffName('involvement.worker_id').as('worker_name'),
        sql<string>`(select name from team where team.id = handover.to_team_id)`.as('team_name'),
        staffName('handover.offered_by').as('offered_by'),
        staffName('handover.responded_by').as('responded_by'),
      ])
      .select([
        'involvement.kind as involvement_kind',
        'involvement.assessment_due_on',
        'handover.id',
        'handover.status',
        'handover.offered_at',
        'handover.responded_at',
        'handover.return_reason',
        'handover.to_team_id',
        'contact_child.id as contact_child_id',
        'contact_child.person_id',
        'contact_child.described_child',
        'contact.id as contact_id',
        'contact.reference',
        'person.given_name',
        'person.family_name',
        'person.date_of_birth',
        'decision.outcomes',
        'decision.rationale',
        'decision.chosen_level',
      ])
  );
}

/** The name of the member of staff whose id is in `column`, looked up beside the row. */
function staffName(column: 'involvement.worker_id' | 'handover.offered_by' | 'handover.responded_by') {
  return sql<string | null>`(select display_name from staff_user where staff_user.id = ${sql.ref(column)})`;
}

/** Turns a decision's outcome codes into the council's labels for them. */
async function outcomeLabels(db: Db) {
  const options = await db.selectFrom('outcome_option').select(['code', 'label']).execute();
  const labels = new Map(options.map((option) => [option.code, option.label]));
  return (codes: string[] | null) => (codes ?? []).map((code) => labels.get(code) ?? code);
}

/** Elapsed time in words: "40 minutes", "5 hours", "3 days". */
export function timeBetween(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
