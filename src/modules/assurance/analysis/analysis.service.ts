import type { RecordAccess } from '../../../platform/access/record-access.ts';
import type { Db } from '../../../platform/db/database.ts';
import { refreshInsightFacts } from '../../performance/insight-facts.ts';
import type { InsightScope, Period } from '../../performance/insight-scope.ts';
import {
  auditGradesBy,
  auditorViews,
  type AuditGradesByGroup,
  type AuditorView,
} from '../audits/audit-summary.ts';
import {
  cohensKappa,
  levelDifferenceByGroup,
  type KappaResult,
  type LevelDifference,
} from '../consistency/agreement.ts';
import {
  analyseConsistency,
  type ConsistencyAnalysis,
  type GroupingAttribute,
} from '../consistency/consistency-model.ts';
import { consistencyDecisions, type ExtractedDecision } from './consistency-decisions.ts';
import {
  informationRequestCounts,
  partnerAgency,
  partnerCounts,
  type InformationRequestCounts,
  type PartnerCounts,
} from './partner-queries.ts';
import { timelinessBy, type TimelinessByGroup } from './timeliness-queries.ts';

/*
 * The threshold-consistency, partner-feedback and quality-and-timeliness figures. Aggregates only: each
 * page is audited as a view with what it was asked; no child is named or scored.
 */

export interface ConsistencyFigures {
  decisions: number;
  /** Null when there are no decisions in the period to compare. */
  analysis: ConsistencyAnalysis | null;
  levelDifferences: LevelDifference[];
  agreement: AuditorAgreement;
}

export interface AuditorAgreement {
  audits: number;
  levels: { pairs: readonly { original: number; auditor: number }[]; kappa: KappaResult | null };
  outcomes: { pairs: readonly { original: string; auditor: string }[]; kappa: KappaResult | null };
}

export const LEVELS = [1, 2, 3, 4] as const;

/** The decisions compared, grouped by `groupBy`, and the auditors' agreement with them. */
export function consistencyFigures(
  access: RecordAccess,
  scope: InsightScope,
  groupBy: readonly GroupingAttribute[]
): Promise<ConsistencyFigures> {
  return access.withPermission(
    'assurance:view',
    { action: 'assurance.view', recordType: 'assurance', details: { page: 'consistency', scope, groupBy } },
    async (db) => {
      await refreshInsightFacts(db);
      const [decisions, views] = await Promise.all([
        consistencyDecisions(db, scope),
        auditorViews(db, scope.period),
      ]);
      return {
        decisions: decisions.length,
        analysis: decisions.length > 0 ? analyseConsistency(decisions, { groupBy }) : null,
        levelDifferences: levelDifferenceByGroup(decisions, (decision) => groupKeyOf(decision, groupBy)),
        agreement: agreementOf(views),
      };
    }
  );
}

/** The same key the consistency model gives a group, so both tables name groups alike. */
function groupKeyOf(decision: ExtractedDecision, groupBy: readonly GroupingAttribute[]): string {
  return groupBy.map((attribute) => String(decision[attribute])).join(' × ');
}

/** Kappa between the decision and the auditor's view: levels weighted (a near miss half agrees), outcomes not. */
export function agreementOf(views: readonly AuditorView[]): AuditorAgreement {
  const levels = views.flatMap((view) =>
    view.decidedLevel !== null && view.auditorLevel !== null
      ? [{ original: view.decidedLevel, auditor: view.auditorLevel }]
      : []
  );
  const outcomes = views.flatMap((view) =>
    view.decidedOutcome !== null && view.auditorOutcome !== null
      ? [{ original: view.decidedOutcome, auditor: view.auditorOutcome }]
      : []
  );
  const outcomeCategories = [...new Set(outcomes.flatMap((pair) => [pair.original, pair.auditor]))].sort();
  const knownLevels = levels.filter(
    (pair) => LEVELS.includes(pair.original as 1) && LEVELS.includes(pair.auditor as 1)
  );
  return {
    audits: views.length,
    levels: { pairs: knownLevels, kappa: cohensKappa(knownLevels, [...LEVELS], 'linear') },
    outcomes: { pairs: outcomes, kappa: cohensKappa(outcomes, outcomeCategories) },
  };
}

export interface PartnerFigures {
  partners: PartnerCounts[];
  requests: InformationRequestCounts[];
}

/** One agency's page: its figures, and the agency itself even when it sent nothing in the period. */
export interface AgencyFigures extends PartnerFigures {
  agency: { id: number; name: string } | null;
}

/** Every partner's feedback figures, or one agency's (and its organisations') when `agencyId` is given. */
export function partnerFigures(
  access: RecordAccess,
  period: Period,
  now: Date,
  agencyId?: number
): Promise<AgencyFigures> {
  return access.withPermission(
    'assurance:view',
    { action: 'assurance.view', recordType: 'assurance', details: { page: 'partners', period, agencyId } },
    async (db) => {
      await refreshInsightFacts(db);
      const [partners, requests, agency] = await Promise.all([
        partnerCounts(db, period, agencyId),
        informationRequestCounts(db, period, now, agencyId),
        agencyId === undefined ? null : partnerAgency(db, agencyId),
      ]);
      return { partners, requests, agency };
    }
  );
}

export interface QualityTimelinessRow {
  groupId: number;
  groupName: string;
  grades: AuditGradesByGroup | null;
  timeliness: TimelinessByGroup | null;
}

/** Each team's or worker's audit grades beside its decisions within the RAG time. */
export function qualityTimeliness(
  access: RecordAccess,
  group: 'team' | 'worker',
  period: Period
): Promise<QualityTimelinessRow[]> {
  return access.withPermission(
    'assurance:view',
    {
      action: 'assurance.view',
      recordType: 'assurance',
      details: { page: 'quality-timeliness', group, period },
    },
    async (db: Db) => {
      await refreshInsightFacts(db);
      const [grades, timeliness] = await Promise.all([
        auditGradesBy(db, group, period),
        timelinessBy(db, group, period),
      ]);
      const ids = [
        ...new Set([...grades.map((row) => row.groupId), ...timeliness.map((row) => row.groupId)]),
      ];
      return ids
        .map((groupId) => {
          const graded = grades.find((row) => row.groupId === groupId) ?? null;
          const timely = timeliness.find((row) => row.groupId === groupId) ?? null;
          return {
            groupId,
            groupName: (graded?.groupName ?? timely?.groupName)!,
            grades: graded,
            timeliness: timely,
          };
        })
        .sort((a, b) => a.groupName.localeCompare(b.groupName, 'en-GB'));
    }
  );
}
