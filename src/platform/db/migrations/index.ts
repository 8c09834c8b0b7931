import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as intake from './0002-intake.ts';
import * as personMatching from './0003-person-matching.ts';
import * as familyAwareness from './0004-family-awareness.ts';
import * as contactToDecision from './0005-contact-to-decision.ts';
import * as realTimeImmediateRisk from './0006-real-time-immediate-risk.ts';
import * as ratingSafeguards from './0007-rating-safeguards.ts';
import * as safeRecords from './0008-safe-records.ts';
import * as letterSafetyAndIntakeRules from './0009-letter-safety-and-intake-rules.ts';
import * as secondFactorReplay from './0010-second-factor-replay.ts';
import * as auditChainAndRetention from './0011-audit-chain-and-retention.ts';
import * as personAccessLog from './0012-person-access-log.ts';
import * as onwardRecords from './0013-onward-records.ts';
import * as returnReadiness from './0014-return-readiness.ts';
import * as insightFacts from './0015-insight-facts.ts';
import * as comparators from './0016-comparators.ts';
import * as caseAudits from './0017-case-audits.ts';
import * as workforce from './0018-workforce.ts';
import * as selfEvaluation from './0019-self-evaluation.ts';
import * as familyInformationRequests from './0020-family-information-requests.ts';
import * as consultationsAndPersonDetails from './0021-consultations-and-person-details.ts';
import * as strategyMashAndOutOfHoursRecords from './0022-strategy-mash-and-out-of-hours-records.ts';
import * as partnerApiReferences from './0023-partner-api-references.ts';
import * as assurancePriorities from './0024-assurance-priorities.ts';
import * as safeMerging from './0025-safe-merging.ts';
import * as insightRequestAndHandoverFacts from './0026-insight-request-and-handover-facts.ts';
import * as auditSearchAndThroughput from './0027-audit-search-and-throughput.ts';
import * as councilSetUpAndAdministration from './0028-council-set-up-and-administration.ts';
import * as singleSignOn from './0029-single-sign-on.ts';
import * as relationshipsAroundTheChild from './0030-relationships-around-the-child.ts';
import * as councilInitialisation from './0031-council-initialisation.ts';
import * as matchingModel from './0032-matching-model.ts';
import * as ssdImport from './0033-ssd-import.ts';
import * as insightTimelinessSummary from './0034-insight-timeliness-summary.ts';
import * as letterTemplatesAndOutOfHours from './0035-letter-templates-and-out-of-hours.ts';
import * as breakGlass from './0036-break-glass.ts';
import * as adultsNamedByReferrers from './0037-adults-named-by-referrers.ts';
import * as mergedRelationships from './0038-merged-relationships.ts';
import * as indexesForBusyPages from './0039-indexes-for-busy-pages.ts';
import * as auditSearchAndThresholdCounts from './0040-audit-search-and-threshold-counts.ts';
import * as restrictedRecordsIndex from './0041-restricted-records-index.ts';
import * as restrictedPeopleIndex from './0042-restricted-people-index.ts';
import * as auditCanonicalTextKeptPlanned from './0043-audit-canonical-text-kept-planned.ts';
import * as queueSearchText from './0044-queue-search-text.ts';
import * as queueDueOrderIndex from './0045-queue-due-order-index.ts';

/** Migrations in order. Forward-only: add a new file, never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-intake': intake,
  '0003-person-matching': personMatching,
  '0004-family-awareness': familyAwareness,
  '0005-contact-to-decision': contactToDecision,
  '0006-real-time-immediate-risk': realTimeImmediateRisk,
  '0007-rating-safeguards': ratingSafeguards,
  '0008-safe-records': safeRecords,
  '0009-letter-safety-and-intake-rules': letterSafetyAndIntakeRules,
  '0010-second-factor-replay': secondFactorReplay,
  '0011-audit-chain-and-retention': auditChainAndRetention,
  '0012-person-access-log': personAccessLog,
  '0013-onward-records': onwardRecords,
  '0014-return-readiness': returnReadiness,
  '0015-insight-facts': insightFacts,
  '0016-comparators': comparators,
  '0017-case-audits': caseAudits,
  '0018-workforce': workforce,
  '0019-self-evaluation': selfEvaluation,
  '0020-family-information-requests': familyInformationRequests,
  '0021-consultations-and-person-details': consultationsAndPersonDetails,
  '0022-strategy-mash-and-out-of-hours-records': strategyMashAndOutOfHoursRecords,
  '0023-partner-api-references': partnerApiReferences,
  '0024-assurance-priorities': assurancePriorities,
  '0025-safe-merging': safeMerging,
  '0026-insight-request-and-handover-facts': insightRequestAndHandoverFacts,
  '0027-audit-search-and-throughput': auditSearchAndThroughput,
  '0028-council-set-up-and-administration': councilSetUpAndAdministration,
  '0029-single-sign-on': singleSignOn,
  '0030-relationships-around-the-child': relationshipsAroundTheChild,
  '0031-council-initialisation': councilInitialisation,
  '0032-matching-model': matchingModel,
  '0033-ssd-import': ssdImport,
  '0034-insight-timeliness-summary': insightTimelinessSummary,
  '0035-letter-templates-and-out-of-hours': letterTemplatesAndOutOfHours,
  '0036-break-glass': breakGlass,
  '0037-adults-named-by-referrers': adultsNamedByReferrers,
  '0038-merged-relationships': mergedRelationships,
  '0039-indexes-for-busy-pages': indexesForBusyPages,
  '0040-audit-search-and-threshold-counts': auditSearchAndThresholdCounts,
  '0041-restricted-records-index': restrictedRecordsIndex,
  '0042-restricted-people-index': restrictedPeopleIndex,
  '0043-audit-canonical-text-kept-planned': auditCanonicalTextKeptPlanned,
  '0044-queue-search-text': queueSearchText,
  '0045-queue-due-order-index': queueDueOrderIndex,
};
