import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { loadChildHistory } from './history/child-history.ts';
import { childRecordIds } from './history/history-queries.ts';
import { loadPersonTimeline, PERSON_TIMELINE_PAGE_SIZE } from '../journey/journey-events.ts';
import { reviewsForViewer } from './restriction-review.ts';
import { loadConsultationSteps, timelinePage } from './consultation-steps.ts';
import { loadHouseholdsOverTime } from './relationships/household-history.ts';

/** Everything the person page shows, with page `page` of their timeline, read in one pass through the access layer. */
export function readPersonRecord(access: RecordAccess, personId: number, now: Date, page = 1) {
  return access.readPerson(personId, async (db) => {
    const recordIds = await childRecordIds(db, personId);
    const newest = page * PERSON_TIMELINE_PAGE_SIZE;
    const [person, history, mergedInto, restrictionReviews, timeline, households] = await Promise.all([
      loadPerson(db, personId),
      loadChildHistory(db, personId, { access, now }, recordIds),
      loadActiveMerge(db, personId),
      reviewsForViewer(db, access, personId),
      Promise.all([
        loadPersonTimeline(db, personId, recordIds, newest),
        loadConsultationSteps(db, recordIds, newest),
      ]).then(([contactSteps, consultations]) => timelinePage(contactSteps, consultations, page)),
      loadHouseholdsOverTime(db, recordIds, { access }),
    ]);
    return { person, ...history, mergedInto, restrictionReviews, timeline, households };
  });
}

export type PersonRecord = Awaited<ReturnType<typeof readPersonRecord>>;

function loadPerson(db: Db, personId: number) {
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
    ])
    .executeTakeFirstOrThrow();
}

/** When this record has been merged into another: which, when and why (so it can be undone). */
function loadActiveMerge(db: Db, personId: number) {
  return db
    .selectFrom('person_merge')
    .where('merged_id', '=', personId)
    .where('undone_at', 'is', null)
    .select(['id', 'survivor_id', 'merged_at', 'reason'])
    .executeTakeFirst();
}
