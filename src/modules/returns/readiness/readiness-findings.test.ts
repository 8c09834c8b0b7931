import { describe, expect, it } from 'vitest';
import type { CensusCheck } from '../cin-census/check-census.ts';
import type { Finding } from '../cin-census/rule-types.ts';
import { childQueue, errorBars, findingsToFix, fixPathOf } from './readiness-findings.ts';

const finding = (code: string, fields: string[], extra: Partial<Finding> = {}): Finding => ({
  code,
  severity: code.endsWith('Q') ? 'query' : 'error',
  level: 'child',
  message: `Rule ${code}`,
  fields,
  ...extra,
});

/** Two children: person 501 with episodes 11 (team 8) and 12 (team 9); person 502 with episode 21 (no team). */
const sources = [
  { personId: 501, episodeIds: [11, 12] },
  { personId: 502, episodeIds: [21] },
];
const teams = new Map<number, number | null>([
  [11, 8],
  [12, 9],
  [21, null],
]);

function checkOf(children: CensusCheck['children'], returnFindings: Finding[] = []): CensusCheck {
  return {
    referenceDate: '2027-03-31',
    asAt: '2026-11-20',
    returnFindings,
    children,
    errors: 0,
    queries: 0,
  };
}

describe('which team fixes a finding', () => {
  it('gives a finding inside an episode to the team holding that episode', () => {
    const check = checkOf([
      {
        childIndex: 0,
        laChildId: '501',
        findings: [finding('8610', ['PrimaryNeedCode'], { at: { episode: 0 } })],
      },
    ]);
    expect(findingsToFix(check, sources, teams)).toEqual([
      {
        personId: 501,
        episodeId: 11,
        teamId: 8,
        code: '8610',
        severity: 'error',
        fields: ['PrimaryNeedCode'],
        value: null,
        message: 'Rule 8610',
      },
    ]);
  });

  it('gives a finding about the child as a whole to the team holding their latest episode', () => {
    const check = checkOf([
      { childIndex: 0, laChildId: '501', findings: [finding('4220', ['Ethnicity'], { value: 'WBR' })] },
    ]);
    expect(findingsToFix(check, sources, teams)).toMatchObject([
      { personId: 501, episodeId: null, teamId: 9, value: 'WBR' },
    ]);
  });

  it('says "no team" when no team holds the episode, and gives the return’s own findings to no one', () => {
    const check = checkOf(
      [
        {
          childIndex: 1,
          laChildId: '502',
          findings: [
            finding('8670Q', ['AssessmentActualStartDate'], {
              at: { episode: 0, group: 'Assessments', index: 0 },
            }),
          ],
        },
      ],
      [finding('2887Q', ['Disability'], { level: 'return' })]
    );
    expect(findingsToFix(check, sources, teams)).toMatchObject([
      { personId: null, episodeId: null, teamId: null, code: '2887Q' },
      { personId: 502, episodeId: 21, teamId: null, code: '8670Q', severity: 'query' },
    ]);
  });

  it('refuses a check that does not match the extract it came from', () => {
    const check = checkOf([{ childIndex: 5, findings: [finding('4220', ['Ethnicity'])] }]);
    expect(() => findingsToFix(check, sources, teams)).toThrow(RangeError);
  });
});

describe('where a finding is fixed', () => {
  it('points at the episode, the characteristics form or the onward record', () => {
    expect(fixPathOf({ personId: 7, episodeId: 3, fields: ['CINreferralDate'] })).toBe(
      '/people/7/onward#episode-3'
    );
    expect(fixPathOf({ personId: 7, episodeId: null, fields: ['UPN', 'UPNunknown'] })).toBe(
      '/people/7/onward/characteristics'
    );
    expect(fixPathOf({ personId: 7, episodeId: null, fields: ['CPPendDate'] })).toBe('/people/7/onward');
  });
});

describe('a team’s list', () => {
  const row = (personId: number, name: string, code: string) => ({
    personId,
    name,
    episodeId: null,
    code,
    severity: code.endsWith('Q') ? ('query' as const) : ('error' as const),
    fields: ['Ethnicity'],
    value: null,
    message: `Rule ${code}`,
  });

  it('puts the children with most errors first, and each child’s errors before queries by rule', () => {
    const queue = childQueue([
      row(1, 'Ada Brook', '8775Q'),
      row(2, 'Cy Dale', '8610'),
      row(1, 'Ada Brook', '4220'),
      row(2, 'Cy Dale', '1510'),
      row(3, 'Al Ash', '8670Q'),
      row(4, 'Bo Ash', '8670Q'),
    ]);
    expect(queue.map((child) => [child.name, child.errors, child.queries])).toEqual([
      ['Cy Dale', 2, 0],
      ['Ada Brook', 1, 1],
      ['Al Ash', 0, 1],
      ['Bo Ash', 0, 1],
    ]);
    expect(queue[0]!.findings.map((one) => one.code)).toEqual(['1510', '8610']);
    expect(queue[1]!.findings.map((one) => one.code)).toEqual(['4220', '8775Q']);
    expect(queue[1]!.findings[0]!.fixPath).toBe('/people/1/onward/characteristics');
  });
});

describe('the errors over the year', () => {
  const year = { start: '2026-04-01', end: '2027-03-31' };

  it('puts each day checked at its place in the census year, the worst day full height', () => {
    const bars = errorBars(
      [
        { date: '2026-04-01', errors: 10 },
        { date: '2026-04-02', errors: 5 },
        { date: '2027-03-31', errors: 0 },
      ],
      { width: 365, height: 100 },
      year
    );
    expect(bars).toEqual([
      { date: '2026-04-01', errors: 10, x: 0, y: 0, width: 1, height: 100 },
      { date: '2026-04-02', errors: 5, x: 1, y: 50, width: 1, height: 50 },
      { date: '2027-03-31', errors: 0, x: 364, y: 100, width: 1, height: 0 },
    ]);
  });

  it('counts 29 February in a leap year, and draws nothing tall when no day had an error', () => {
    const leap = { start: '2027-04-01', end: '2028-03-31' };
    const [last] = errorBars([{ date: '2028-03-31', errors: 0 }], { width: 366, height: 50 }, leap);
    expect(last).toMatchObject({ x: 365, width: 1, y: 50, height: 0 });
    expect(errorBars([], { width: 100, height: 50 }, year)).toEqual([]);
  });
});
