/**
 * Pure rules of return readiness: which team fixes each finding of the census check, where in Front Door
 * it is fixed, and the errors of the year day by day as bars of a chart.
 */
import type { ChildSource } from '../cin-census/census-extract.ts';
import type { CensusCheck } from '../cin-census/check-census.ts';
import type { Finding, Severity } from '../cin-census/rule-types.ts';

/** A finding as stored for the teams: whose it is, and what to fix. */
export interface FindingToFix {
  /** Null: the finding is about the return as a whole, not a child. */
  personId: number | null;
  /** The episode the finding is inside; null for one about the child as a whole (or the return). */
  episodeId: number | null;
  /** The team that fixes it; null when no team holds the child's episode. */
  teamId: number | null;
  code: string;
  severity: Severity;
  fields: string[];
  value: string | null;
  message: string;
}

/**
 * Every finding of a check with its child, episode and team. A finding inside an episode is for the team
 * holding that episode; one about the child as a whole (a UPN, the ethnicity, the disabilities) for the
 * team holding the child's latest episode, which works with the child now; one about the return as a
 * whole for no team. `sources` is the extract's, one per child in the return's order.
 */
export function findingsToFix(
  check: CensusCheck,
  sources: readonly ChildSource[],
  teamOfEpisode: ReadonlyMap<number, number | null>
): FindingToFix[] {
  const aboutReturn = check.returnFindings.map((finding) => toFix(finding, null, null, null));
  const aboutChildren = check.children.flatMap(({ childIndex, findings }) => {
    const source = sources[childIndex];
    if (!source) throw new RangeError(`No source for child ${childIndex} of the return`);
    const latestEpisode = source.episodeIds.at(-1) ?? null;
    return findings.map((finding) => {
      const episodeIndex = finding.at?.episode;
      const episodeId = episodeIndex === undefined ? null : (source.episodeIds[episodeIndex] ?? null);
      const holdingEpisode = episodeId ?? latestEpisode;
      const teamId = holdingEpisode === null ? null : (teamOfEpisode.get(holdingEpisode) ?? null);
      return toFix(finding, source.personId, episodeId, teamId);
    });
  });
  return [...aboutReturn, ...aboutChildren];
}

function toFix(
  finding: Finding,
  personId: number | null,
  episodeId: number | null,
  teamId: number | null
): FindingToFix {
  return {
    personId,
    episodeId,
    teamId,
    code: finding.code,
    severity: finding.severity,
    fields: finding.fields,
    value: finding.value ?? null,
    message: finding.message,
  };
}

/** Census fields kept on the child's characteristics form rather than on an episode. */
const CHARACTERISTICS_FIELDS = new Set([
  'UPN',
  'FormerUPN',
  'UPNunknown',
  'PersonBirthDate',
  'ExpectedPersonBirthDate',
  'Sex',
  'PersonDeathDate',
  'Ethnicity',
  'Disability',
]);

/**
 * Where a child's finding is fixed: the episode on the child's onward record, the characteristics form
 * for their identifiers and characteristics, else the onward record itself.
 */
export function fixPathOf(finding: {
  personId: number;
  episodeId: number | null;
  fields: readonly string[];
}) {
  const onward = `/people/${finding.personId}/onward`;
  if (finding.episodeId !== null) return `${onward}#episode-${finding.episodeId}`;
  if (finding.fields.some((field) => CHARACTERISTICS_FIELDS.has(field))) return `${onward}/characteristics`;
  return onward;
}

/** A finding on a team's list, with where it is fixed. */
export interface QueueFinding {
  code: string;
  severity: Severity;
  fields: string[];
  value: string | null;
  message: string;
  fixPath: string;
}

/** A child on a team's list, with the count of each kind of finding. */
export interface QueueChild {
  personId: number;
  name: string;
  errors: number;
  queries: number;
  findings: QueueFinding[];
}

/**
 * A team's findings grouped by child: the children with the most errors first (then queries, then by
 * name); a child's errors before their queries, by rule number.
 */
export function childQueue(
  rows: readonly (Omit<FindingToFix, 'personId' | 'teamId'> & { personId: number; name: string })[]
): QueueChild[] {
  const children = new Map<number, QueueChild>();
  for (const row of rows) {
    let child = children.get(row.personId);
    if (!child) {
      child = { personId: row.personId, name: row.name, errors: 0, queries: 0, findings: [] };
      children.set(row.personId, child);
    }
    if (row.severity === 'error') child.errors++;
    else child.queries++;
    const { code, severity, fields, value, message } = row;
    child.findings.push({ code, severity, fields, value, message, fixPath: fixPathOf(row) });
  }
  const queue = [...children.values()];
  for (const child of queue) child.findings.sort(errorsFirst);
  return queue.sort(
    (a, b) => b.errors - a.errors || b.queries - a.queries || a.name.localeCompare(b.name, 'en-GB')
  );
}

function errorsFirst(a: QueueFinding, b: QueueFinding): number {
  return (
    Number(a.severity === 'query') - Number(b.severity === 'query') ||
    parseInt(a.code, 10) - parseInt(b.code, 10)
  );
}

/** One day of the chart: its bar, from the bottom of a box `height` high. */
export interface TrendBar {
  date: string;
  errors: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

const MS_PER_DAY = 86_400_000;

/**
 * The errors of each day checked as bars on the census year from its first day to its last (inclusive),
 * left to right across `width`, so a day's place is its date and days not checked are gaps. The worst
 * day fills `height`; a day with no errors has no height.
 */
export function errorBars(
  days: readonly { date: string; errors: number }[],
  box: { width: number; height: number },
  year: { start: string; end: string }
): TrendBar[] {
  const dayOf = (date: string) => Math.round((Date.parse(date) - Date.parse(year.start)) / MS_PER_DAY);
  const step = box.width / (dayOf(year.end) + 1);
  const most = Math.max(1, ...days.map((day) => day.errors));
  return days.map((day) => {
    const height = (day.errors / most) * box.height;
    return {
      date: day.date,
      errors: day.errors,
      x: round(dayOf(day.date) * step),
      y: round(box.height - height),
      width: round(step),
      height: round(height),
    };
  });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
