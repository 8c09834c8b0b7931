import type { Db } from '../../platform/db/database.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { newestStepFirst, PERSON_TIMELINE_LIMIT } from '../journey/journey-events.ts';

/** A professional consultation about the child, as a step on their record's timeline. */
export async function loadConsultationSteps(db: Db, childRecordIds: number[]) {
  const [rows, calendar] = await Promise.all([
    db
      .selectFrom('consultation')
      .innerJoin('staff_user', 'staff_user.id', 'consultation.advised_by')
      .where('consultation.person_id', 'in', childRecordIds)
      .select([
        'consultation.id',
        'consultation.consulted_at',
        'consultation.organisation',
        'consultation.referral_expected',
        'staff_user.display_name as actor',
      ])
      .orderBy('consultation.consulted_at', 'desc')
      .limit(PERSON_TIMELINE_LIMIT + 1)
      .execute(),
    councilCalendar(db),
  ]);
  return rows.map((row) => ({
    id: row.id,
    kind: 'consultation' as const,
    at: row.consulted_at,
    out_of_hours: isOutOfHours(row.consulted_at, calendar),
    reference: '',
    actor: row.actor as string | null,
    label: `Professional consultation with ${row.organisation}${row.referral_expected ? ': referral advised' : ''}`,
    href: `/consultations/${row.id}`,
  }));
}

type Step = { at: Date; kind: string };

/** The contact steps and the consultations as one timeline, newest first, at most the timeline's limit. */
export function withConsultations<S extends Step, C extends Step>(
  timeline: { more: boolean; steps: S[] },
  consultations: C[]
): { more: boolean; steps: (S | C)[] } {
  // Stable: steps recorded in the same minute keep the journey's own order.
  const steps = [...timeline.steps, ...consultations].sort(newestStepFirst);
  return {
    more: timeline.more || steps.length > PERSON_TIMELINE_LIMIT,
    steps: steps.slice(0, PERSON_TIMELINE_LIMIT),
  };
}
