import { describeCode } from '../people/code-labels.ts';
import type { BreakdownId, BreakdownRows } from './measure-queries.ts';

/*
 * Pure: each breakdown as one table (headers and cells as text) and the chart drawn from it. The page
 * and the CSV download are made from the same table, so a download always matches what was shown.
 */

export interface FigureTable {
  id: BreakdownId;
  title: string;
  /** How it is counted, in a sentence. */
  definition: string;
  headers: string[];
  /** Cells as shown; numbers without units so the CSV is usable as it is. */
  rows: string[][];
  /** The chart: a label and a value per bar (a histogram for a distribution); none for a matrix. */
  chart: {
    kind: 'bar' | 'histogram';
    unitLabel: string;
    percent?: boolean;
    bars: { label: string; value: number }[];
  } | null;
  /** Which cells are counts of cases, so lead to the children behind them: see breakdown-cells.ts. */
  drill: {
    /** Per header: the counted column a cell of it is (as breakdown-cells.ts names it), or null. */
    columns: (string | null)[];
    /** Per row: its group (the values it is grouped by, as groupKey writes them). */
    groups: string[];
    /** How many leading cells name the row. */
    labels: number;
  };
}

/** A row's group in an address: the values it is grouped by, a missing one empty, joined by '|'. */
export function groupKey(...values: (string | number | null)[]): string {
  return values.map((value) => (value === null ? '' : String(value))).join('|');
}

const count = (value: number) => String(value);
const percent = (value: number | null) => (value === null ? '' : value.toFixed(1));
const hours = (value: number | null) => (value === null ? '' : value.toFixed(1));

type Builder<B extends BreakdownId> = (rows: BreakdownRows[B]) => Omit<FigureTable, 'id'>;

const BUILDERS: { [B in BreakdownId]: Builder<B> } = {
  contacts_by_source: (rows) => ({
    title: 'Contacts and referrals by source',
    definition:
      'Children named in contacts received in the period, and referrals dated in the period, by who made the contact (CIN census referral source).',
    headers: ['Source', 'Contacts', 'Referrals'],
    rows: rows.map((row) => [
      describeCode('referralSource', row.source),
      count(row.contacts),
      count(row.referrals),
    ]),
    chart: {
      kind: 'bar',
      unitLabel: 'Contacts',
      bars: rows.map((row) => ({ label: describeCode('referralSource', row.source), value: row.contacts })),
    },
    drill: {
      columns: [null, 'contacts', 'referrals'],
      groups: rows.map((row) => groupKey(row.source)),
      labels: 1,
    },
  }),
  contacts_by_need: (rows) => ({
    title: 'Contacts by presenting need',
    definition:
      'Children named in contacts received in the period, by each concern recorded at screening: a child with several concerns counts once under each.',
    headers: ['Presenting need', 'Contacts'],
    rows: rows.map((row) => [describeCode('assessmentFactor', row.factorCode), count(row.contacts)]),
    chart: {
      kind: 'bar',
      unitLabel: 'Contacts',
      bars: rows.map((row) => ({
        label: describeCode('assessmentFactor', row.factorCode),
        value: row.contacts,
      })),
    },
    drill: { columns: [null, 'contacts'], groups: rows.map((row) => groupKey(row.factorCode)), labels: 1 },
  }),
  out_of_hours_by_outcome: (rows) => ({
    title: 'Out-of-hours contacts by outcome',
    definition: 'Contacts received out of hours in the period, by the outcome of their authorised decision.',
    headers: ['Outcome', 'Contacts'],
    rows: rows.map((row) => [row.label ?? 'Not decided yet', count(row.contacts)]),
    chart: {
      kind: 'bar',
      unitLabel: 'Contacts',
      bars: rows.map((row) => ({ label: row.label ?? 'Not decided yet', value: row.contacts })),
    },
    drill: { columns: [null, 'contacts'], groups: rows.map((row) => groupKey(row.outcome)), labels: 1 },
  }),
  decisions_by_outcome: (rows) => ({
    title: 'Decisions by outcome',
    definition:
      'Decisions authorised in the period, by their outcome (the first chosen, as the returns count it).',
    headers: ['Outcome', 'Decisions'],
    rows: rows.map((row) => [row.label, count(row.decisions)]),
    chart: {
      kind: 'bar',
      unitLabel: 'Decisions',
      bars: rows.map((row) => ({ label: row.label, value: row.decisions })),
    },
    drill: { columns: [null, 'decisions'], groups: rows.map((row) => groupKey(row.outcome)), labels: 1 },
  }),
  outcome_by_route: (rows) => ({
    title: 'Outcomes by route',
    definition: 'Decisions authorised in the period, by how the contact came in and the outcome decided.',
    headers: ['Route', 'Outcome', 'Decisions'],
    rows: rows.map((row) => [describeCode('channel', row.channel), row.label, count(row.decisions)]),
    chart: null,
    drill: {
      columns: [null, null, 'decisions'],
      groups: rows.map((row) => groupKey(row.channel, row.outcome)),
      labels: 2,
    },
  }),
  nfa_by_agency: (rows) => ({
    title: 'No further action by referring agency',
    definition:
      'Decisions authorised in the period by the agency that made the contact, and the share decided no further action: a high share can mean an agency misunderstands the thresholds.',
    headers: ['Referring agency', 'Decisions', 'No further action', 'No further action (%)'],
    rows: rows.map((row) => [
      row.agencyName ?? 'No agency (the public or the family)',
      count(row.decisions),
      count(row.nfa),
      percent(row.percent),
    ]),
    chart: {
      kind: 'bar',
      unitLabel: 'No further action (%)',
      percent: true,
      bars: rows.flatMap((row) =>
        row.percent === null ? [] : [{ label: row.agencyName ?? 'No agency', value: row.percent }]
      ),
    },
    drill: {
      columns: [null, 'decisions', 'nfa', null],
      groups: rows.map((row) => groupKey(row.agencyId)),
      labels: 1,
    },
  }),
  level_matrix: (rows) => ({
    title: 'Chosen threshold level against the level indicated',
    definition:
      'Decisions authorised in the period with both levels: the level the threshold descriptors indicated, and the level the practitioner chose.',
    headers: ['Level indicated', 'Level chosen', 'Decisions'],
    rows: rows.map((row) => [
      `Level ${row.indicatedLevel}`,
      `Level ${row.chosenLevel}`,
      count(row.decisions),
    ]),
    chart: null,
    drill: {
      columns: [null, null, 'decisions'],
      groups: rows.map((row) => groupKey(row.indicatedLevel, row.chosenLevel)),
      labels: 2,
    },
  }),
  information_requests_by_agency: (rows) => ({
    title: 'Partner information requests by agency',
    definition:
      'Requests sent in the period; answered in the period with the median time to answer; answered by their due time of those due in the period; and open past their due time now.',
    headers: [
      'Agency',
      'Sent',
      'Answered',
      'Median hours to answer',
      'Answered on time',
      'Due',
      'On time (%)',
      'Open and overdue',
    ],
    rows: rows.map((row) => [
      row.agencyName,
      count(row.sent),
      count(row.answered),
      hours(row.medianHours),
      count(row.onTime),
      count(row.onTimeOf),
      percent(row.onTimePercent),
      count(row.openOverdue),
    ]),
    chart: {
      kind: 'bar',
      unitLabel: 'Answered on time (%)',
      percent: true,
      bars: rows.flatMap((row) =>
        row.onTimePercent === null ? [] : [{ label: row.agencyName, value: row.onTimePercent }]
      ),
    },
    drill: {
      columns: [null, 'sent', 'answered', null, 'onTime', 'onTimeOf', null, 'openOverdue'],
      groups: rows.map((row) => groupKey(row.agencyId)),
      labels: 1,
    },
  }),
  handovers_by_team: (rows) => ({
    title: 'Handovers by receiving team',
    definition:
      'Handovers offered in the period, and those accepted or returned in the period with the median hours from offer to acceptance.',
    headers: ['Receiving team', 'Offered', 'Accepted', 'Returned', 'Median hours to accept'],
    rows: rows.map((row) => [
      row.teamName,
      count(row.offered),
      count(row.accepted),
      count(row.returned),
      hours(row.medianHours),
    ]),
    chart: {
      kind: 'bar',
      unitLabel: 'Median hours to accept',
      bars: rows.flatMap((row) =>
        row.medianHours === null ? [] : [{ label: row.teamName, value: row.medianHours }]
      ),
    },
    drill: {
      columns: [null, 'offered', 'accepted', 'returned', null],
      groups: rows.map((row) => groupKey(row.teamId)),
      labels: 1,
    },
  }),
  assessment_days_distribution: (rows) => ({
    title: 'Working days from referral to assessment completion',
    definition:
      'Assessments authorised in the period, by working days from the referral date to authorisation.',
    headers: ['Working days', 'Assessments'],
    rows: rows.map((row) => [row.bin, count(row.assessments)]),
    chart: {
      kind: 'histogram',
      unitLabel: 'Assessments',
      bars: rows.map((row) => ({ label: row.bin, value: row.assessments })),
    },
    drill: { columns: [null, 'assessments'], groups: rows.map((row) => groupKey(row.bin)), labels: 1 },
  }),
};

export function figureTable<B extends BreakdownId>(id: B, rows: BreakdownRows[B]): FigureTable {
  return { id, ...BUILDERS[id](rows) };
}
