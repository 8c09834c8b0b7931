import { formatValue } from '../../performance/figures.ts';
import { MEASURES } from '../../performance/measures.ts';
import { AUDIT_GRADES, AUDIT_GRADE_LABELS } from '../audits/audit-summary.ts';
import type { KappaResult, LevelDifference } from '../consistency/agreement.ts';
import {
  TIME_BANDS,
  WEEKDAYS,
  type ConsistencyAnalysis,
  type GroupConsistency,
  type GroupingAttribute,
} from '../consistency/consistency-model.ts';
import { wilsonInterval, type Interval } from '../consistency/statistics.ts';
import { intervalChartSvg, quadrantChartSvg, type IntervalRow, type PointStyle } from './analysis-charts.ts';
import type {
  AuditorAgreement,
  ConsistencyFigures,
  PartnerFigures,
  QualityTimelinessRow,
} from './analysis.service.ts';
import { TIME_BAND_HOURS } from './consistency-decisions.ts';
import { COMPLETENESS_RULE_IDS, COMPLETENESS_RULES, type CompletenessRule } from './partner-completeness.ts';
import type { PartnerCounts } from './partner-queries.ts';

/*
 * The assurance analysis pages' view models: each chart with its data table in the same words, and the
 * plain-language reading of what the figures mean and do not mean.
 */

/** The comparisons a QA officer can choose, in the order offered. */
export const GROUPINGS = {
  team: { label: 'Team', groupBy: ['team'] },
  worker: { label: 'Worker who proposed the decision', groupBy: ['worker'] },
  manager: { label: 'Manager who authorised the decision', groupBy: ['manager'] },
  weekday: { label: 'Day of the week the contact came in', groupBy: ['weekday'] },
  timeBand: { label: 'Time of day the contact came in', groupBy: ['timeBand'] },
  outOfHours: { label: 'In or out of hours', groupBy: ['outOfHours'] },
  agency: { label: 'Referring agency', groupBy: ['agency'] },
  teamWeekday: { label: 'Team and day of the week', groupBy: ['team', 'weekday'] },
} as const satisfies Record<string, { label: string; groupBy: readonly GroupingAttribute[] }>;
export type GroupingId = keyof typeof GROUPINGS;
export const GROUPING_IDS = Object.keys(GROUPINGS) as [GroupingId, ...GroupingId[]];

const WEEKDAY_NAMES: Record<string, string> = {
  Mon: 'Monday',
  Tue: 'Tuesday',
  Wed: 'Wednesday',
  Thu: 'Thursday',
  Fri: 'Friday',
  Sat: 'Saturday',
  Sun: 'Sunday',
};

function valueLabel(attribute: GroupingAttribute, value: string): string {
  if (attribute === 'weekday') return WEEKDAY_NAMES[value] ?? value;
  if (attribute === 'timeBand') {
    const band = value as keyof typeof TIME_BAND_HOURS;
    return `${band.charAt(0).toUpperCase()}${band.slice(1)} (${TIME_BAND_HOURS[band]})`;
  }
  if (attribute === 'outOfHours') return value === 'true' ? 'Out of hours' : 'In hours';
  return value;
}

/** A group's name as shown, from its key ("Team C × Fri" → "Team C, Friday"). */
function groupLabel(key: string, groupBy: readonly GroupingAttribute[]): string {
  if (key === 'All') return 'All decisions';
  const values = key.split(' × ');
  return groupBy.map((attribute, index) => valueLabel(attribute, values[index] ?? '')).join(', ');
}

/** Weekdays and times of day in their own order, everything else by name. */
function orderOf(key: string, groupBy: readonly GroupingAttribute[]): (string | number)[] {
  const values = key.split(' × ');
  return groupBy.map((attribute, index) => {
    const value = values[index] ?? '';
    if (attribute === 'weekday') return (WEEKDAYS as readonly string[]).indexOf(value);
    if (attribute === 'timeBand') return (TIME_BANDS as readonly string[]).indexOf(value);
    return value;
  });
}

function compareKeys(groupBy: readonly GroupingAttribute[]) {
  return (a: string, b: string) => {
    const [left, right] = [orderOf(a, groupBy), orderOf(b, groupBy)];
    for (let index = 0; index < left.length; index++) {
      const [x, y] = [left[index]!, right[index]!];
      if (x !== y)
        return typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), 'en-GB');
    }
    return 0;
  };
}

const ratio = (value: number) => value.toFixed(2);
const interval = ({ lower, upper }: Interval, format: (value: number) => string) =>
  `${format(lower)} to ${format(upper)}`;
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const percentInterval = (value: Interval) => interval(value, (share) => (share * 100).toFixed(1) + '%');

function styleOf(group: GroupConsistency): PointStyle {
  if (!group.test) return 'Too few to test';
  if (!group.test.flagged) return 'Not flagged';
  return group.test.direction === 'lower' ? 'Flagged: fewer than expected' : 'Flagged: more than expected';
}

function findingOf(group: GroupConsistency): string {
  if (!group.test) return 'Too few to test: expects fewer than 5 escalations or 5 others';
  if (!group.test.flagged) return 'Not flagged';
  return group.test.direction === 'lower'
    ? 'Flagged: fewer escalations than expected for the same need'
    : 'Flagged: more escalations than expected for the same need';
}

export const CONSISTENCY_HEADERS = [
  'Group',
  'Decisions',
  'Escalated',
  'Expected for the case mix',
  'Observed ÷ expected (95% interval)',
  'Adjusted odds ratio (95% interval)',
  'Interval allowing for every group compared',
  'Shrunken odds ratio (95% interval)',
  'Finding',
];

function consistencyRow(group: GroupConsistency, groupBy: readonly GroupingAttribute[]): string[] {
  const test = group.test;
  return [
    groupLabel(group.key, groupBy),
    String(group.decisions),
    String(group.escalated),
    group.expectedEscalations.toFixed(1),
    `${ratio(group.observedToExpected)} (${interval(group.observedToExpectedInterval, ratio)})`,
    test ? `${ratio(test.oddsRatio)} (${interval(test.interval, ratio)})` : 'Not tested',
    test ? interval(test.correctedInterval, ratio) : 'Not tested',
    test ? `${ratio(test.shrunkenOddsRatio)} (${interval(test.shrunkenInterval, ratio)})` : 'Not tested',
    findingOf(group),
  ];
}

/** The consistency page: the comparison's chart and table, the level differences and the auditors' agreement. */
export async function consistencyPage(figures: ConsistencyFigures, grouping: GroupingId) {
  const { groupBy, label } = GROUPINGS[grouping];
  return {
    grouping,
    groupingLabel: label,
    decisions: figures.decisions,
    comparison: figures.analysis ? await comparisonOf(figures.analysis, groupBy, label) : null,
    levels: await levelDifferencePage(figures.levelDifferences, groupBy, label),
    agreement: agreementPage(figures.agreement),
  };
}

async function comparisonOf(
  analysis: ConsistencyAnalysis,
  groupBy: readonly GroupingAttribute[],
  label: string
) {
  const order = compareKeys(groupBy);
  const groups = [...analysis.groups].sort((a, b) => order(a.key, b.key));
  const flagged = groups.filter((group) => group.test?.flagged);
  const rows: IntervalRow[] = groups.flatMap((group) =>
    group.test
      ? [
          {
            label: groupLabel(group.key, groupBy),
            value: group.test.oddsRatio,
            lower: group.test.correctedInterval.lower,
            upper: group.test.correctedInterval.upper,
            style: styleOf(group),
          },
        ]
      : []
  );
  const summary =
    flagged.length === 0
      ? `Of ${analysis.groupsTested} groups tested, none differs from the rest of the service by more than chance would explain.`
      : `Of ${analysis.groupsTested} groups tested, ${flagged.length} ${flagged.length === 1 ? 'differs' : 'differ'} by more than chance would explain: ${flagged.map((group) => `${groupLabel(group.key, groupBy)} (${findingOf(group).replace('Flagged: ', '')})`).join('; ')}.`;
  return {
    summary,
    groupsTested: analysis.groupsTested,
    flagged: flagged.map((group) => ({ label: groupLabel(group.key, groupBy), finding: findingOf(group) })),
    untested: groups.length - analysis.groupsTested,
    converged: analysis.caseMix.converged,
    betweenGroupSd: analysis.betweenGroupSd.toFixed(2),
    heterogeneityP:
      analysis.heterogeneity.pValue < 0.001 ? 'below 0.001' : analysis.heterogeneity.pValue.toFixed(3),
    headers: CONSISTENCY_HEADERS,
    rows: groups.map((group) => consistencyRow(group, groupBy)),
    caseMix: analysis.caseMix.terms.map((term) => [
      term.term,
      `${ratio(term.oddsRatio)} (${interval(term.interval, ratio)})`,
    ]),
    svg: rows.length
      ? await intervalChartSvg({
          title: `Escalation for the same need, by ${label.toLowerCase()}`,
          summary,
          rows,
          unitLabel: 'Adjusted odds ratio of escalation (log scale)',
          reference: 1,
          referenceLabel: 'No difference',
          logScale: true,
          id: 'consistency-chart',
        })
      : null,
  };
}

export const LEVEL_HEADERS = [
  'Group',
  'Decisions with both levels',
  'Chosen level differs',
  'Share (95% interval)',
  'Stepped down',
  'Stepped up',
  'Without both levels (not counted)',
];

async function levelDifferencePage(
  differences: readonly LevelDifference[],
  groupBy: readonly GroupingAttribute[],
  label: string
) {
  const order = compareKeys(groupBy);
  const all = differences.find((difference) => difference.group === 'All')!;
  const groups = differences
    .filter((difference) => difference.group !== 'All')
    .sort((a, b) => order(a.group, b.group));
  const shown = [...groups, all];
  const charted = groups.filter((difference) => difference.compared > 0);
  const summary =
    all.compared === 0
      ? 'No decision in the period recorded both an indicated and a chosen level.'
      : `Across the service the chosen level differed from the indicated one in ${all.differing} of ${all.compared} decisions (${percent(all.share)}).`;
  return {
    summary,
    headers: LEVEL_HEADERS,
    rows: shown.map((difference) => [
      groupLabel(difference.group, groupBy),
      String(difference.compared),
      String(difference.differing),
      difference.compared === 0
        ? 'None to compare'
        : `${percent(difference.share)} (${percentInterval(difference.interval)})`,
      String(difference.steppedDown),
      String(difference.steppedUp),
      String(difference.notComparable),
    ]),
    svg:
      all.compared > 0 && charted.length
        ? await intervalChartSvg({
            title: `Chosen level different from the indicated level, by ${label.toLowerCase()}`,
            summary,
            rows: charted.map((difference) => ({
              label: groupLabel(difference.group, groupBy),
              value: difference.share * 100,
              lower: difference.interval.lower * 100,
              upper: difference.interval.upper * 100,
              style: 'Estimate',
            })),
            unitLabel: 'Decisions whose chosen level differs (%, 95% interval)',
            reference: all.share * 100,
            referenceLabel: 'The service as a whole',
            percent: true,
            id: 'level-chart',
          })
        : null,
  };
}

function kappaText(kappa: KappaResult | null): string {
  if (kappa === null) return 'Cannot be worked out: every decision and every view fell in one category.';
  return `${kappa.kappa.toFixed(2)} (95% interval ${kappa.interval.lower.toFixed(2)} to ${kappa.interval.upper.toFixed(2)}); they agreed in ${percent(kappa.observedAgreement)} of ${kappa.pairs}, where chance alone would give ${percent(kappa.chanceAgreement)}`;
}

function agreementPage(agreement: AuditorAgreement) {
  const cell = (original: number, auditor: number) =>
    agreement.levels.pairs.filter((pair) => pair.original === original && pair.auditor === auditor).length;
  return {
    audits: agreement.audits,
    levelPairs: agreement.levels.pairs.length,
    levelKappa: agreement.levels.pairs.length ? kappaText(agreement.levels.kappa) : null,
    outcomePairs: agreement.outcomes.pairs.length,
    outcomeKappa: agreement.outcomes.pairs.length ? kappaText(agreement.outcomes.kappa) : null,
    levelTable: {
      headers: ['Level decided', ...[1, 2, 3, 4].map((level) => `Auditor: level ${level}`)],
      rows: [1, 2, 3, 4].map((original) => [
        `Level ${original}`,
        ...[1, 2, 3, 4].map((auditor) => String(cell(original, auditor))),
      ]),
    },
  };
}

const share = (part: number, whole: number) => (whole === 0 ? null : (part * 100) / whole);
const shown = (part: number, whole: number) => {
  const value = share(part, whole);
  return value === null ? 'None to count' : `${formatValue(value, 'percent')} (${part} of ${whole})`;
};

/** A rule's share; a child whose details as sent were not kept is left out, and how many is said. */
function completenessShown(partner: PartnerCounts, rule: CompletenessRule): string {
  const { met, of } = partner.completeness[rule];
  const unknown = partner.contacts - of;
  if (of === 0 && unknown > 0) return 'Not known: the details as sent were not kept';
  const known = shown(met, of);
  return unknown > 0 ? `${known}; ${unknown} not known (recorded straight against a record)` : known;
}

/** The measures the partner pages share with the performance pages, with their own words. */
export const PARTNER_MEASURES = {
  contacts: MEASURES.contacts,
  conversion: MEASURES.contact_to_referral,
  noFurtherAction: MEASURES.nfa_rate,
  responseHours: MEASURES.information_response_hours,
  answeredOnTime: MEASURES.information_answered_on_time,
};

export const PARTNER_HEADERS = [
  'Partner',
  'Children in contacts',
  'Became referrals',
  'No further action',
  ...COMPLETENESS_RULE_IDS.map((rule) => COMPLETENESS_RULES[rule].split(':')[0]!),
];

/** The path of a partner's page: its agency, or an organisation of it. */
export function partnerPath(partner: Pick<PartnerCounts, 'agencyId' | 'organisationKey'>): string {
  const base = `/assurance/partners/agency-${partner.agencyId}`;
  return partner.organisationKey === null
    ? base
    : `${base}-organisation-${encodeURIComponent(partner.organisationKey)}`;
}

function partnerName(partner: PartnerCounts): string {
  return partner.organisation ?? partner.agencyName;
}

function partnerCells(partner: PartnerCounts): string[] {
  return [
    String(partner.contacts),
    shown(partner.referred, partner.decided),
    shown(partner.noFurtherAction, partner.decisions),
    ...COMPLETENESS_RULE_IDS.map((rule) => completenessShown(partner, rule)),
  ];
}

/** The list of partners: each agency, then its organisations. */
export function partnersPage(figures: PartnerFigures) {
  return {
    headers: PARTNER_HEADERS,
    rows: figures.partners.map((partner) => ({
      name: partnerName(partner),
      organisation: partner.organisation !== null,
      agencyName: partner.agencyName,
      href: partnerPath(partner),
      cells: partnerCells(partner),
    })),
  };
}

/** One partner's feedback report. */
export function partnerReport(figures: PartnerFigures, partner: PartnerCounts) {
  const requests = figures.requests.find((row) => row.agencyId === partner.agencyId) ?? null;
  const organisations = figures.partners.filter((row) => row.organisation !== null);
  return {
    name: partnerName(partner),
    agencyName: partner.agencyName,
    isOrganisation: partner.organisation !== null,
    figures: [
      {
        title: 'Children named in contacts',
        value: String(partner.contacts),
        rule: PARTNER_MEASURES.contacts.numerator,
      },
      {
        title: 'Became referrals',
        value: shown(partner.referred, partner.decided),
        rule: `${PARTNER_MEASURES.conversion.numerator} Out of: ${PARTNER_MEASURES.conversion.denominator}`,
      },
      {
        title: 'Decided no further action',
        value: shown(partner.noFurtherAction, partner.decisions),
        rule: `${PARTNER_MEASURES.noFurtherAction.numerator} Out of: ${PARTNER_MEASURES.noFurtherAction.denominator} ${PARTNER_MEASURES.noFurtherAction.periodRule}`,
      },
    ],
    completeness: COMPLETENESS_RULE_IDS.map((rule) => ({
      title: COMPLETENESS_RULES[rule].split(':')[0]!,
      value: completenessShown(partner, rule),
      rule: COMPLETENESS_RULES[rule],
    })),
    requests:
      requests === null
        ? null
        : [
            {
              title: 'Requests sent in the period',
              value: String(requests.sent),
              rule: 'Requests for information sent to the agency in the period.',
            },
            {
              title: 'Median time to answer',
              value:
                requests.medianHours === null
                  ? 'None answered in the period'
                  : formatValue(requests.medianHours, 'hours'),
              rule: `${PARTNER_MEASURES.responseHours.numerator} ${PARTNER_MEASURES.responseHours.periodRule}`,
            },
            {
              title: 'Answered by the due time',
              value: shown(requests.onTime, requests.onTimeOf),
              rule: `${PARTNER_MEASURES.answeredOnTime.numerator} Out of: ${PARTNER_MEASURES.answeredOnTime.denominator} ${PARTNER_MEASURES.answeredOnTime.periodRule}`,
            },
          ],
    organisations:
      partner.organisation === null
        ? organisations.map((row) => ({
            name: partnerName(row),
            href: partnerPath(row),
            cells: partnerCells(row),
          }))
        : [],
    organisationHeaders: ['Organisation', ...PARTNER_HEADERS.slice(1)],
  };
}

export const QUALITY_TIMELINESS_HEADERS = [
  'Name',
  'Number on the chart',
  'Audits completed',
  ...AUDIT_GRADES.map((grade) => AUDIT_GRADE_LABELS[grade]),
  'Good or outstanding (95% interval)',
  'Decisions made on a rating',
  'Within the RAG time (95% interval)',
  'Placed',
];

/** The matrix: each group placed against the service's own audit grades and timeliness. */
export async function qualityTimelinessPage(rows: readonly QualityTimelinessRow[], group: 'team' | 'worker') {
  const goodOf = (row: QualityTimelinessRow) =>
    row.grades ? row.grades.grades.outstanding + row.grades.grades.good : 0;
  const audits = rows.reduce((sum, row) => sum + (row.grades?.audits ?? 0), 0);
  const good = rows.reduce((sum, row) => sum + goodOf(row), 0);
  const decisions = rows.reduce((sum, row) => sum + (row.timeliness?.decisions ?? 0), 0);
  const within = rows.reduce((sum, row) => sum + (row.timeliness?.withinRagTime ?? 0), 0);
  const overall =
    audits > 0 && decisions > 0
      ? { quality: (good * 100) / audits, timeliness: (within * 100) / decisions }
      : null;
  // Each placed group is numbered on the chart (names would overlap where groups cluster); the table says which is which.
  const isPlaced = (row: QualityTimelinessRow) =>
    overall !== null && Boolean(row.grades?.audits) && Boolean(row.timeliness?.decisions);
  const placedRows = rows.filter(isPlaced);
  const numberOf = (row: QualityTimelinessRow) => String(placedRows.indexOf(row) + 1);
  const placed = (row: QualityTimelinessRow) => {
    if (!overall || !isPlaced(row)) return 'Not placed: no audits, or no decisions made on a rating';
    const quality =
      (goodOf(row) * 100) / row.grades!.audits >= overall.quality ? 'grades at or above' : 'grades below';
    const timely =
      (row.timeliness!.withinRagTime * 100) / row.timeliness!.decisions >= overall.timeliness
        ? 'timeliness at or above'
        : 'timeliness below';
    return `Audit ${quality} the service; ${timely}`;
  };
  const points = placedRows.map((row) => ({
    label: numberOf(row),
    quality: (goodOf(row) * 100) / row.grades!.audits,
    timeliness: (row.timeliness!.withinRagTime * 100) / row.timeliness!.decisions,
  }));
  const noun = group === 'team' ? 'team' : 'worker';
  const summary = overall
    ? `${points.length} ${noun}s placed. Across the service ${formatValue(overall.quality, 'percent')} of audits were graded good or outstanding and ${formatValue(overall.timeliness, 'percent')} of decisions were made within the RAG time.`
    : 'No audits completed in this period, or no decisions made on a rating: nothing to place.';
  return {
    summary,
    overall: overall && {
      quality: formatValue(overall.quality, 'percent'),
      timeliness: formatValue(overall.timeliness, 'percent'),
    },
    headers: QUALITY_TIMELINESS_HEADERS,
    rows: rows.map((row) => {
      const audited = row.grades?.audits ?? 0;
      const timed = row.timeliness?.decisions ?? 0;
      return [
        row.groupName,
        isPlaced(row) ? numberOf(row) : 'Not placed',
        String(audited),
        ...AUDIT_GRADES.map((grade) => String(row.grades?.grades[grade] ?? 0)),
        audited
          ? `${shown(goodOf(row), audited)}; ${percentInterval(wilsonInterval(goodOf(row), audited))}`
          : 'No audits',
        String(timed),
        timed
          ? `${shown(row.timeliness!.withinRagTime, timed)}; ${percentInterval(wilsonInterval(row.timeliness!.withinRagTime, timed))}`
          : 'None',
        placed(row),
      ];
    }),
    svg:
      overall && points.length
        ? await quadrantChartSvg({
            title: `Audit grades against timeliness, by ${noun}`,
            summary,
            points,
            overall,
            id: 'quality-timeliness-chart',
          })
        : null,
  };
}
