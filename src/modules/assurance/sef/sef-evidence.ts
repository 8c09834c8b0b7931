import { figureTable } from '../../performance/breakdown-tables.ts';
import { formatValue } from '../../performance/figures.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import type { BreakdownId, BreakdownRows, MeasureValue } from '../../performance/measure-queries.ts';
import { MEASURES, type MeasureId } from '../../performance/measures.ts';
import { AUDIT_GRADES, AUDIT_GRADE_LABELS, type AuditSummary } from '../audits/audit-summary.ts';
import type { TeamWorkforce } from '../workforce/workforce.service.ts';
import type { PostFigures } from '../workforce/workforce-rules.ts';
import type { SefAreaId } from './sef-framework.ts';

/*
 * The framework's evidence base (Appendix B) filled from the performance measures and the case audits:
 * each group of Appendix B with the measures that answer it, each row naming the Front Door measure
 * exactly (its definition is on /performance/definitions) and the Appendix B indicator it informs. Pure:
 * the page and the report draw the same tables from it.
 */

interface MeasureRow {
  measure: MeasureId;
  /** What Appendix B (or the area's pointers, where it says so) asks that this measure informs. */
  asks: string;
}

export interface EvidenceGroup {
  id: string;
  /** Appendix B's number and heading. */
  heading: string;
  /** The framework areas whose narrative draws on it. */
  areas: readonly SefAreaId[];
  measures: readonly MeasureRow[];
  breakdowns: readonly BreakdownId[];
  /** The case audits' figures (Appendix B 2.4). */
  audits?: true;
  /** The workforce records' figures (Appendix B 3). */
  workforce?: true;
}

export const EVIDENCE_GROUPS: readonly EvidenceGroup[] = [
  {
    id: 'activity',
    heading: '1 Activity data: children and young people supported',
    areas: ['arrangements', 'outcomes_service'],
    measures: [
      { measure: 'contacts', asks: 'Number of contacts in the period' },
      { measure: 'contacts_per_10k', asks: 'Number of contacts (rate per 10,000 under 18 population)' },
      { measure: 'referrals', asks: 'Number of referrals in the period' },
      { measure: 'referrals_per_10k', asks: 'Number of referrals (rate per 10,000 under 18 population)' },
      { measure: 'contact_to_referral', asks: 'Analysis by outcome (e.g. NFA, initial assessment)' },
    ],
    breakdowns: ['contacts_by_source', 'decisions_by_outcome'],
  },
  {
    id: 'contacts-referrals',
    heading: '2.1 Quality and effectiveness of social care practice: contacts and referrals',
    areas: ['thresholds', 'partnerships', 'quality', 'outcomes_service'],
    measures: [
      { measure: 'repeat_contacts_12m', asks: '% of contacts and referrals which are repeat' },
      { measure: 'rereferrals_12m', asks: '% of contacts and referrals which are repeat' },
      {
        measure: 'referral_to_assessment',
        asks: '% of referrals leading to the provision of a social care service',
      },
      { measure: 'nfa_rate', asks: '% of contacts and referrals which are NFA and by referring agency' },
      {
        measure: 'decided_within_one_working_day',
        asks: 'Timeliness of processing (area 5 pointers)',
      },
      { measure: 'decided_within_rag_time', asks: 'Timeliness of processing (area 5 pointers)' },
      {
        measure: 'information_answered_on_time',
        asks: 'Is the right information being shared … in a timely manner? (area 3 pointers)',
      },
    ],
    breakdowns: ['nfa_by_agency'],
  },
  {
    id: 'assessments',
    heading:
      '2.2 Quality and effectiveness of social care practice: number and % of assessments to timescale',
    areas: ['quality', 'outcomes_service'],
    measures: [
      {
        measure: 'assessment_working_days',
        asks: 'Distribution of working days taken from referral to assessment completion',
      },
      { measure: 'assessments_within_45_days', asks: 'Number & % of assessments to timescale' },
      {
        measure: 'open_assessments_past_45_days',
        asks: 'Assessments which are open and have been open for longer than accepted timescale',
      },
    ],
    breakdowns: ['assessment_days_distribution'],
  },
  {
    id: 'transfer',
    heading: '2.3 Transfer to other teams',
    areas: ['thresholds', 'outcomes_service'],
    measures: [
      { measure: 'icpc_within_15_days', asks: 'ICPCs within 15 working days of S47' },
      { measure: 'referral_to_conference', asks: 'Rate of conversion to ICPCs' },
      { measure: 'referral_to_plan', asks: '% which result in a Child Protection Plan' },
      { measure: 'handover_acceptance_hours', asks: 'Transfer to other teams' },
    ],
    breakdowns: ['handovers_by_team'],
  },
  {
    id: 'audits',
    heading: '2.4 Quality of practice: general',
    areas: ['quality', 'leadership', 'outcomes_service'],
    measures: [],
    breakdowns: [],
    audits: true,
  },
  {
    id: 'workforce',
    heading: '3 Workforce and resource data',
    areas: ['workforce', 'leadership', 'outcomes_service'],
    measures: [],
    breakdowns: [],
    workforce: true,
  },
];

export const EVIDENCE_MEASURES: readonly MeasureId[] = EVIDENCE_GROUPS.flatMap((group) =>
  group.measures.map((row) => row.measure)
);
export const EVIDENCE_BREAKDOWNS: readonly BreakdownId[] = EVIDENCE_GROUPS.flatMap(
  (group) => group.breakdowns
);

/** A table as the page and the report show it: headers and cells as text. */
export interface EvidenceTable {
  title: string;
  /** How it is counted, in a sentence. */
  caption: string;
  headers: string[];
  rows: string[][];
}

export interface EvidenceSection {
  id: string;
  heading: string;
  areas: readonly SefAreaId[];
  tables: EvidenceTable[];
}

/** A council team's workforce as the workforce page counts it. */
export interface TeamWorkforceFigures {
  teamName: string;
  figures: Pick<TeamWorkforce, 'today' | 'posts' | 'supervision' | 'workers'>;
}

export interface EvidenceFigures {
  values: Record<MeasureId, MeasureValue>;
  breakdowns: Partial<BreakdownRows>;
  /** not_yet: the audit tool cannot give figures yet; not_shown: not for this reader (a partner). */
  audits: AuditSummary | 'not_yet' | 'not_shown';
  /** The council's teams; not_shown for a partner agency's staff (the council's own staff). */
  workforce: readonly TeamWorkforceFigures[] | 'not_shown';
}

/** '41.2% (128 of 311)', '312', 'No cases': a figure with what it is made of. */
export function figureText(measure: MeasureId, value: MeasureValue): string {
  const { unit } = MEASURES[measure];
  if (value.value === null)
    return unit === 'per_10k'
      ? 'No rate: it needs the number of children, which the council records only by locality'
      : 'No cases';
  const shown = formatValue(value.value, unit);
  const count = (n: number) => n.toLocaleString('en-GB');
  switch (unit) {
    case 'percent':
      return `${shown} (${count(value.numerator)} of ${count(value.denominator ?? 0)})`;
    case 'hours':
    case 'working_days':
      return `${shown} (median of ${count(value.numerator)})`;
    default:
      return shown;
  }
}

function measureTable(group: EvidenceGroup, values: EvidenceFigures['values']): EvidenceTable {
  return {
    title: 'Measures for the period',
    caption: 'Each measure as the performance pages count it; its definition is on the performance pages.',
    headers: ['Measure', 'Figure', 'Appendix B asks'],
    rows: group.measures.map((row) => [
      MEASURES[row.measure].title,
      figureText(row.measure, values[row.measure]),
      row.asks,
    ]),
  };
}

const percentOf = (part: number, whole: number) =>
  whole === 0 ? 'None due' : `${((part * 100) / whole).toFixed(1)}% (${part} of ${whole})`;

/** Appendix B 2.4 from the case audits of the period. */
export function auditTables(audits: EvidenceFigures['audits']): EvidenceTable[] {
  if (audits === 'not_shown') return [];
  if (audits === 'not_yet')
    return [
      {
        title: 'Case audits',
        caption: 'The case audits cannot be counted yet: no figures are shown rather than a wrong nought.',
        headers: ['Measure', 'Figure'],
        rows: [],
      },
    ];
  const graded = AUDIT_GRADES.reduce((sum, grade) => sum + audits.grades[grade], 0);
  const remedial = audits.grades.requires_improvement + audits.grades.inadequate;
  return [
    {
      title: 'Case audits',
      caption: 'Audits due or completed in the period (moderated grades where moderated).',
      headers: ['Measure', 'Figure'],
      rows: [
        [
          'Case file audits completed that should have been completed',
          percentOf(audits.completed, audits.due),
        ],
        ['Completed by their due date', percentOf(audits.completedOnTime, audits.due)],
        [
          'Audits graded requires improvement or inadequate',
          graded === 0 ? 'No audits graded' : percentOf(remedial, graded),
        ],
        ...AUDIT_GRADES.map((grade) => [`Graded ${AUDIT_GRADE_LABELS[grade]}`, String(audits.grades[grade])]),
        ['Audit actions open', String(audits.actionsOpen)],
        ['Audit actions overdue', String(audits.actionsOverdue)],
      ],
    },
    {
      title: 'Learning themes from audits',
      caption: 'Themes recorded on audits completed in the period, most frequent first.',
      headers: ['Theme', 'Audits'],
      rows: audits.themes.map((theme) => [theme.theme, String(theme.count)]),
    },
  ];
}

const fte = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
const shareOf = (part: number, whole: number) => `${((part * 100) / whole).toFixed(1)}%`;

/** One staff group's posts: establishment, permanent and agency FTE, vacancies, % unfilled, % agency. */
function postCells(posts: PostFigures): string[] {
  if (posts.posts === null) return ['Not recorded', fte(posts.permanent), fte(posts.agency), '', '', ''];
  const vacancies =
    posts.vacancies === null
      ? `Not known: ${posts.notRecorded} without employment recorded`
      : fte(posts.vacancies);
  return [
    fte(posts.posts),
    fte(posts.permanent),
    fte(posts.agency),
    vacancies,
    posts.vacancies === null || posts.posts === 0 ? '' : shareOf(posts.vacancies, posts.posts),
    posts.posts === 0 ? '' : shareOf(posts.agency, posts.posts),
  ];
}

/** Appendix B 3 (and 2.4's supervision) from the workforce records, team by team, as they stand today. */
export function workforceTables(workforce: EvidenceFigures['workforce']): EvidenceTable[] {
  if (workforce === 'not_shown') return [];
  const asAt = workforce[0]?.figures.today;
  const when = asAt ? ` as at ${formatUk(asAt, UK_FORMATS.date)}` : '';
  return [
    {
      title: 'Posts, vacancies and agency staff',
      caption: `Each council team’s establishment against the full-time equivalents of its staff${when}; the workforce records hold the present, not past periods.`,
      headers: [
        'Team',
        'Staff',
        'Posts',
        'Permanent (FTE)',
        'Agency (FTE)',
        'Vacancies',
        '% unfilled',
        '% agency',
      ],
      rows: workforce.flatMap(({ teamName, figures }) => [
        [teamName, 'Practitioners', ...postCells(figures.posts.practitioners)],
        [teamName, 'Managers', ...postCells(figures.posts.managers)],
      ]),
    },
    {
      title: 'Supervision and caseloads',
      caption: `Supervisions held against those due over the last six months, and open work per member of staff${when}.`,
      headers: [
        'Team',
        'Supervision held of due',
        'Staff overdue supervision',
        'Caseload per practitioner (mean)',
        'Highest caseload',
        'Open contacts',
      ],
      rows: workforce.map(({ teamName, figures }) => {
        const practitioners = figures.workers.filter((worker) => worker.group === 'practitioners');
        const caseloads = practitioners.map((worker) => worker.caseload);
        const { held, due, overdue } = figures.supervision;
        return [
          teamName,
          due === 0 ? 'None due' : `${shareOf(held, due)} (${held} of ${due})`,
          String(overdue),
          caseloads.length
            ? fte(caseloads.reduce((sum, count) => sum + count, 0) / caseloads.length)
            : 'No practitioners',
          caseloads.length ? String(Math.max(...caseloads)) : '',
          String(figures.workers.reduce((sum, worker) => sum + worker.openContacts, 0)),
        ];
      }),
    },
  ];
}

/** Every Appendix B group with its tables, as the page and the report show them. */
export function evidenceSections(figures: EvidenceFigures): EvidenceSection[] {
  return EVIDENCE_GROUPS.map((group) => ({
    id: group.id,
    heading: group.heading,
    areas: group.areas,
    tables: [
      ...(group.measures.length > 0 ? [measureTable(group, figures.values)] : []),
      ...group.breakdowns.flatMap((id) => {
        const rows = figures.breakdowns[id];
        if (!rows) return [];
        const table = figureTable(id, rows as never);
        return [{ title: table.title, caption: table.definition, headers: table.headers, rows: table.rows }];
      }),
      ...(group.audits ? auditTables(figures.audits) : []),
      ...(group.workforce ? workforceTables(figures.workforce) : []),
    ],
  })).filter((section) => section.tables.length > 0);
}
