import type { Db } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/select-together.ts';
import { isOutOfHours, type WorkingCalendar } from '../../shared/working-time.ts';
import { sql } from 'kysely';
import { newestStepFirst, PERSON_TIMELINE_PAGE_SIZE } from '../journey/journey-events.ts';

/** The newest `newest` professional consultations about the child, each with how many there are in all. */
export function consultationStepsQuery(db: Db, childRecordIds: number[], newest: number) {
  return db
    .selectFrom('consultation')
    .innerJoin('staff_user', 'staff_user.id', 'consultation.advised_by')
    .where('consultation.person_id', 'in', childRecordIds)
    .select([
      'consultation.id',
      'consultation.consulted_at',
      'consultation.organisation',
      'consultation.referral_expected',
      'staff_user.display_name as actor',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .orderBy('consultation.consulted_at', 'desc')
    .limit(newest);
}

/** Those consultations as steps on the child's record's timeline, with how many in all. */
export function consultationStepsFrom(
  rows: RowOf<ReturnType<typeof consultationStepsQuery>>[],
  calendar: WorkingCalendar
) {
  const steps = rows.map((row) => ({
    id: row.id,
    kind: 'consultation' as const,
    at: row.consulted_at,
    out_of_hours: isOutOfHours(row.consulted_at, calendar),
    reference: '',
    actor: row.actor as string | null,
    label: `Professional consultation with ${row.organisation}${row.referral_expected ? ': referral advised' : ''}`,
    href: `/consultations/${row.id}`,
  }));
  return { total: rows[0]?.total ?? 0, steps };
}

type Step = { at: Date; kind: string };

/**
 * Page `page` of a child's timeline (the contact steps and the consultations together, newest first),
 * from the newest `page` pages' worth of each; a page past the end shows the last. Pure.
 */
export function timelinePage<S extends Step, C extends Step>(
  contactSteps: { total: number; steps: S[] },
  consultations: { total: number; steps: C[] },
  page: number
) {
  const total = contactSteps.total + consultations.total;
  const pages = Math.max(1, Math.ceil(total / PERSON_TIMELINE_PAGE_SIZE));
  const shown = Math.min(page, pages);
  const first = (shown - 1) * PERSON_TIMELINE_PAGE_SIZE;
  // Stable: steps recorded in the same minute keep the journey's own order.
  const steps = [...contactSteps.steps, ...consultations.steps]
    .sort(newestStepFirst)
    .slice(first, first + PERSON_TIMELINE_PAGE_SIZE);
  return { steps, total, page: shown, pages, first: first + 1 };
}
