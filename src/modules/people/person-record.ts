import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { loadChildHistory } from './history/child-history.ts';
import { childRecordIds } from './history/history-queries.ts';
import { selectTogether } from '../../platform/db/select-together.ts';
import type { WorkingCalendar } from '../../shared/working-time.ts';
import {
  PERSON_TIMELINE_PAGE_SIZE,
  personTimelineFrom,
  personTimelineQuery,
} from '../journey/journey-events.ts';
import { reviewsForViewerQuery } from './restriction-review.ts';
import { consultationStepsFrom, consultationStepsQuery, timelinePage } from './consultation-steps.ts';
import { householdsOverTimeFrom, householdsOverTimeQuery } from './relationships/household-history.ts';

/** Everything the person page shows, with page `page` of their timeline, read in one pass through the access layer. */
export function readPersonRecord(
  access: RecordAccess,
  personId: number,
  at: { now: Date; calendar: WorkingCalendar },
  page = 1
) {
  return access.readPerson(personId, async (db) => {
    const recordIds = await childRecordIds(db, personId);
    const newest = page * PERSON_TIMELINE_PAGE_SIZE;
    const found = await selectTogether(db, {
      person: { query: personQuery(db, personId) },
      mergedInto: { query: activeMergeQuery(db, personId), timestamps: ['merged_at'] },
      restrictionReviews: { query: reviewsForViewerQuery(db, access, personId), timestamps: ['raised_at'] },
      contactSteps: { query: personTimelineQuery(db, recordIds, newest), timestamps: ['at'] },
      consultations: { query: consultationStepsQuery(db, recordIds, newest), timestamps: ['consulted_at'] },
      households: { query: householdsOverTimeQuery(db, recordIds, { access }) },
    });
    const history = await loadChildHistory(db, personId, { access, now: at.now }, recordIds);
    return {
      person: found.person[0]!,
      ...history,
      mergedInto: found.mergedInto[0],
      restrictionReviews: found.restrictionReviews,
      timeline: timelinePage(
        personTimelineFrom(found.contactSteps, personId),
        consultationStepsFrom(found.consultations, at.calendar),
        page
      ),
      households: householdsOverTimeFrom(found.households, recordIds, { access }),
    };
  });
}

export type PersonRecord = Awaited<ReturnType<typeof readPersonRecord>>;

function personQuery(db: Db, personId: number) {
  return db
    .selectFrom('person')
    .leftJoin('address', 'address.id', 'person.address_id')
    .where('person.id', '=', personId)
    .select([
      'person.id',
      'person.given_name',
      'person.middle_names',
      'person.family_name',
      'person.previous_family_names',
      'person.date_of_birth',
      'person.expected_date_of_birth',
      'person.sex',
      'person.ethnicity',
      'person.nhs_number',
      'person.language',
      'person.interpreter_needed',
      'person.disabilities',
      'person.upn',
      'person.restricted',
      'person.restriction_reason',
      'address.line1',
      'address.line2',
      'address.town',
      'address.postcode',
    ]);
}

/** When this record has been merged into another: which, when and why (so it can be undone). */
function activeMergeQuery(db: Db, personId: number) {
  return db
    .selectFrom('person_merge')
    .where('merged_id', '=', personId)
    .where('undone_at', 'is', null)
    .select(['id', 'survivor_id', 'merged_at', 'reason'])
    .limit(1);
}
