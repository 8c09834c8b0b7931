import type { Db } from '../../platform/db/database.ts';
import { decisionTimeliness } from '../decisions/decision-timeliness.ts';
import { loadInformationRequests } from '../information-requests/information-requests.service.ts';
import { loadLetters } from '../letters/letters.ts';
import { loadStrategyDiscussions } from '../strategy/strategy-discussions.ts';
import { loadMashItems } from '../work/mash-meeting.ts';
import { actionsOf } from '../work/out-of-hours.ts';
import { latestAssessment } from '../screening/threshold-assessment.ts';
import type { loadScreening } from '../screening/screening.service.ts';

type Screening = Awaited<ReturnType<typeof loadScreening>>;

/**
 * What the other stages add to the child's case page: the threshold assessment, partners' answers,
 * the decision's timeliness, strategy discussions, letters and the MASH meeting. Called after
 * loadScreening has checked the actor may see the child.
 */
export async function casePanels(db: Db, screening: Screening, now: Date) {
  const id = screening.child.id;
  const [assessment, informationRequests, strategyDiscussions, letters, mashItems, outcomes] =
    await Promise.all([
      latestAssessment(db, id),
      loadInformationRequests(db, id, now),
      loadStrategyDiscussions(db, id, now),
      loadLetters(db, id, now),
      loadMashItems(db, id),
      db.selectFrom('outcome_option').select(['code', 'label']).execute(),
    ]);
  const outOfHoursActions = await actionsOf(db, [id]);
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
