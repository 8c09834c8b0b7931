import { sql } from 'kysely';
import { z } from 'zod';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { selectTogether } from '../../platform/db/select-together.ts';
import type { ContactChildStatus, CouncilSettings, Rag } from '../../platform/db/schema.ts';
import { calendarOf } from '../../platform/council/council-settings.ts';
import { countdownTo, earliestDue } from './countdown.ts';
import { childNameOf } from '../people/child-name.ts';

export const OPEN_STATUSES: readonly ContactChildStatus[] = [
  'new',
  'screening',
  'awaiting_information',
  'awaiting_decision',
  'awaiting_authorisation',
  'awaiting_handover',
];

const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The queue's filters, from the query string; anything unrecognised is ignored rather than refused. */
export const queueFilters = z.object({
  team: z.preprocess(blankAsUndefined, z.coerce.number().int().positive().optional()).catch(undefined),
  worker: z
    .preprocess(blankAsUndefined, z.union([z.literal('none'), z.coerce.number().int().positive()]).optional())
    .catch(undefined),
  status: z.preprocess(blankAsUndefined, z.enum(OPEN_STATUSES).optional()).catch(undefined),
  rag: z
    .preprocess(blankAsUndefined, z.enum(['red', 'amber', 'green', 'unrated']).optional())
    .catch(undefined),
  /** Words to find in the child's name, the contact reference or the referrer's name or organisation. */
  q: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().slice(0, 100) || undefined : undefined),
    z.string().optional()
  ),
});
export type QueueFilters = z.output<typeof queueFilters>;

export const QUEUE_PAGE_SIZE = 50;
export const queuePage = z.coerce.number().int().min(1).max(10_000).catch(1);

/** The words of a search, each to be found somewhere: "amir khan" finds Amir Khan, not every Amir. */
export function searchWords(q: string | undefined): string[] {
  return (q ?? '').split(/\s+/).filter(Boolean).slice(0, 5);
}

/** A LIKE pattern that finds the text anywhere, its own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The word is in one of the texts the queue searches (migration 0044 keeps them, lower-cased). */
function matchesWord(word: string) {
  // A subquery, so the pattern is lower-cased once a search whatever plan PostgreSQL keeps.
  return sql<boolean>`contact_child.search_text like (select lower(${containsPattern(word)}))`;
}

/**
 * The earliest of a child's deadlines in SQL: the RAG due time or the (extended) one-working-day
 * decision due time, whichever comes first (least() skips the RAG time while unrated). Migration 0045
 * indexes the open children by it: change both together.
 */
export const EARLIEST_DUE = sql<Date>`least(contact_child.rag_due_at, coalesce(contact_child.decision_extended_to, contact_child.decision_due_at))`;

/**
 * A page of open children's contacts, soonest due first by the earlier of the RAG due time and the
 * decision due time, each with a countdown on that deadline's clock (real time for immediate risk),
 * and how many match in all. Read through the access layer.
 *
 * The page and the count are two reads sent together. As one (a count over every row), every open child
 * was read, joined and sorted for each page: 20 ms with 2,500 open. The page now walks the open children
 * in due order (migration 0045's index) and stops at the page's end; the count reads only the children.
 */
export async function listQueue(
  access: RecordAccess,
  filters: QueueFilters,
  page: number,
  now: Date,
  settings: CouncilSettings
) {
  const cal = calendarOf(settings);
  let total = 0;
  const rows = await access.listContacts({ status: 'open', ...filters }, async (db, visible) => {
    const matching = () => {
      let query = db
        .selectFrom('contact_child')
        // A literal, so PostgreSQL can use the open children's partial indexes with any plan it keeps.
        .where(sql<boolean>`contact_child.status <> 'completed'`)
        .where(visible);
      if (filters.team) query = query.where('contact_child.team_id', '=', filters.team);
      if (filters.worker === 'none') query = query.where('contact_child.worker_id', 'is', null);
      else if (filters.worker) query = query.where('contact_child.worker_id', '=', filters.worker);
      if (filters.status) query = query.where('contact_child.status', '=', filters.status);
      if (filters.rag === 'unrated') query = query.where('contact_child.rag', 'is', null);
      else if (filters.rag) query = query.where('contact_child.rag', '=', filters.rag as Rag);
      for (const word of searchWords(filters.q)) query = query.where(matchesWord(word));
      return query;
    };
    const found = await selectTogether(db, {
      total: { query: matching().select(sql<number>`count(*)`.as('n')) },
      page: {
        query: matching()
          .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
          .leftJoin('person', 'person.id', 'contact_child.person_id')
          .leftJoin('team', 'team.id', 'contact_child.team_id')
          .leftJoin('staff_user as worker', 'worker.id', 'contact_child.worker_id')
          .select([
            'contact_child.id',
            'contact.id as contact_id',
            'contact.reference',
            'contact.received_at',
            'contact.channel',
            'contact.referral_source',
            'contact.out_of_hours',
            sql<boolean>`contact.immediate_risk and contact_child.immediate_risk_cleared_at is null`.as(
              'immediate_risk'
            ),
            'contact_child.status',
            'contact_child.rag',
            'contact_child.rag_due_at',
            'contact_child.decision_due_at',
            'contact_child.decision_extended_to',
            'contact_child.person_id',
            'contact_child.described_child',
            'person.given_name',
            'person.family_name',
            'person.date_of_birth',
            'team.name as team_name',
            'worker.display_name as worker_name',
          ])
          .orderBy(EARLIEST_DUE)
          .orderBy('contact.received_at')
          .orderBy('contact_child.id')
          .limit(QUEUE_PAGE_SIZE)
          .offset((page - 1) * QUEUE_PAGE_SIZE),
        timestamps: ['received_at', 'rag_due_at', 'decision_due_at', 'decision_extended_to'],
      },
    });
    total = Number(found.total[0]?.n ?? 0);
    return found.page;
  });
  const contacts = rows.map((row) => {
    const due = earliestDue(row, settings);
    return {
      ...row,
      childName: childNameOf(row),
      dueDeadline: due.deadline,
      countdown: countdownTo(due.dueAt, now, cal, due.clock),
    };
  });
  // A page past the end has no rows: said as no total, as before, so the route goes back to the first page.
  return { contacts, total: contacts.length > 0 ? total : null };
}

/** Teams and workers to filter and allocate by: the council's case-holding teams and their staff. */
export function allocationChoices(db: Db) {
  return selectTogether(db, {
    teams: {
      query: db
        .selectFrom('team')
        .where('kind', 'in', ['front_door', 'early_help', 'assessment', 'out_of_hours', 'child_protection'])
        .select(['id', 'name', 'kind'])
        .orderBy('name'),
    },
    workers: {
      query: db
        .selectFrom('staff_user')
        .innerJoin('team', 'team.id', 'staff_user.team_id')
        .where('staff_user.active', '=', true)
        .where('staff_user.role', 'in', ['front_door_practitioner', 'team_manager', 'out_of_hours_worker'])
        .select(['staff_user.id', 'staff_user.display_name', 'staff_user.team_id', 'team.name as team_name'])
        .orderBy('staff_user.display_name'),
    },
  });
}
