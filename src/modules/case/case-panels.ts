import type { Db } from '../../platform/db/database.ts';
import { decisionTimeliness } from '../decisions/decision-timeliness.ts';
import { selectTogether } from '../../platform/db/select-together.ts';
import {
  informationRequestsFrom,
  informationRequestsQuery,
} from '../information-requests/information-requests.service.ts';
import { loadLetters } from '../letters/letters.ts';
import { strategyDiscussionsFrom, strategyDiscussionsQuery } from '../strategy/strategy-discussions.ts';
import { mashItemsQuery, withMinutesDetails } from '../work/mash-meeting.ts';
import { actionsFrom, actionsQuery } from '../work/out-of-hours.ts';
import { latestAssessmentQuery } from '../screening/threshold-assessment.ts';
import type { loadScreening } from '../screening/screening.service.ts';

type Screening = Awaited<ReturnType<typeof loadScreening>>;

/**
 * What the other stages add to the child's case page: the threshold assessment, partners' answers,
 * the decision's timeliness, strategy discussions, letters and the MASH meeting. Called after
 * loadScreening has checked the actor may see the child.
 */
export async function casePanels(db: Db, screening: Screening, now: Date) {
  const id = screening.child.id;
  // What most children have none of is read in one statement; only what was found is read further.
  const found = await selectTogether(db, {
    assessment: { query: latestAssessmentQuery(db, id), timestamps: ['assessed_at'] },
    informationRequests: {
      query: informationRequestsQuery(db, id),
      timestamps: ['due_at', 'requested_at', 'chased_at', 'responded_at'],
    },
    strategyDiscussions: {
      query: strategyDiscussionsQuery(db, id),
      timestamps: ['convened_at', 'recorded_at'],
    },
    mashItems: { query: mashItemsQuery(db, id), timestamps: ['added_at', 'discussed_at'] },
    outOfHoursActions: {
      query: actionsQuery(db, [id]),
      timestamps: ['recorded_at', 'child_seen_at', 'police_protection_at', 'epo_sought_at'],
    },
    outcomes: { query: db.selectFrom('outcome_option').select(['code', 'label']) },
  });
  const [informationRequests, strategyDiscussions, letters, mashItems] = await Promise.all([
    informationRequestsFrom(db, found.informationRequests, now),
    strategyDiscussionsFrom(db, found.strategyDiscussions, now),
    loadLetters(db, id, now),
    withMinutesDetails(db, found.mashItems),
  ]);
  const [assessment, outcomes] = [found.assessment[0], found.outcomes];
  const outOfHoursActions = actionsFrom(found.outOfHoursActions);
  const decision = screening.decisions[0];
  return {
    assessment,
    informationRequests,
    strategyDiscussions,
    letters,
    mashItems,
    outOfHoursActions,
    outcomeLabels: Object.fromEntries(outcomes.map((outcome) => [outcome.code, outcome.label])),
    contactChildId: id,
    authorisedDecisionId: decision?.status === 'authorised' ? decision.id : null,
    decisionTimeliness: decisionTimeliness(
      {
        decisionDueAt: screening.child.decision_due_at,
        extendedTo: screening.child.decision_extended_to,
        ragDueAt: screening.child.rag_due_at,
        // A decision needing a second sign-off is made when it is signed off.
        authorisedAt:
          decision?.status === 'authorised'
            ? (decision.second_authorised_at ?? decision.authorised_at)
            : null,
      },
      now
    ),
  };
}
