import { sql } from 'kysely';
import { z } from 'zod';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { ContactChildStatus, CouncilSettings, Rag } from '../../platform/db/schema.ts';
import type { WorkingCalendar } from '../../shared/working-time.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
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
});
export type QueueFilters = z.output<typeof queueFilters>;

/**
 * The earliest of a child's deadlines in SQL: the RAG due time or the (extended) one-working-day
 * decision due time, whichever comes first (least() skips the RAG time while unrated).
 */
export const EARLIEST_DUE = sql<Date>`least(contact_child.rag_due_at, coalesce(contact_child.decision_extended_to, contact_child.decision_due_at))`;

/**
 * Open children's contacts, soonest due first by the earlier of the RAG due time and the decision due
 * time, each with a countdown on that deadline's clock (real time for immediate risk). Read through
 * the access layer.
 */
export async function listQueue(
  access: RecordAccess,
  filters: QueueFilters,
  now: Date,
  cal: WorkingCalendar
) {
  let ragTimescales: CouncilSettings['ragTimescales'] | undefined;
  const rows = await access.listContacts({ status: 'open', ...filters }, async (db, visible) => {
    ragTimescales = (await councilSettings(db)).ragTimescales;
    let query = db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .leftJoin('team', 'team.id', 'contact_child.team_id')
      .leftJoin('staff_user as worker', 'worker.id', 'contact_child.worker_id')
      .where('contact_child.status', '<>', 'completed')
      .where(visible);
    if (filters.team) query = query.where('contact_child.team_id', '=', filters.team);
    if (filters.worker === 'none') query = query.where('contact_child.worker_id', 'is', null);
    else if (filters.worker) query = query.where('contact_child.worker_id', '=', filters.worker);
    if (filters.status) query = query.where('contact_child.status', '=', filters.status);
    if (filters.rag === 'unrated') query = query.where('contact_child.rag', 'is', null);
    else if (filters.rag) query = query.where('contact_child.rag', '=', filters.rag as Rag);
    return query
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
      .limit(500)
      .execute();
  });
  return rows.map((row) => {
    const due = earliestDue(row, ragTimescales!);
    return {
      ...row,
      childName: childNameOf(row),
      dueDeadline: due.deadline,
      countdown: countdownTo(due.dueAt, now, cal, due.clock),
    };
  });
}

/** Teams and workers to filter and allocate by: the council's case-holding teams and their staff. */
export async function allocationChoices(db: Db) {
  const [teams, workers] = await Promise.all([
    db
      .selectFrom('team')
      .where('kind', 'in', ['front_door', 'early_help', 'assessment', 'out_of_hours', 'child_protection'])
      .select(['id', 'name', 'kind'])
      .orderBy('name')
      .execute(),
    db
      .selectFrom('staff_user')
      .innerJoin('team', 'team.id', 'staff_user.team_id')
      .where('staff_user.active', '=', true)
      .where('staff_user.role', 'in', ['front_door_practitioner', 'team_manager', 'out_of_hours_worker'])
      .select(['staff_user.id', 'staff_user.display_name', 'staff_user.team_id', 'team.name as team_name'])
      .orderBy('staff_user.display_name')
      .execute(),
  ]);
  return { teams, workers };
}
