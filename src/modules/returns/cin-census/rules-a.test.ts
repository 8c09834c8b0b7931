import { describe, expect, it } from 'vitest';
import { completeCensus, upnFrom } from './census-fixture.ts';
import type { CensusChild, CinCensus, CinDetails } from './census-model.ts';
import { allFindings, checkCensus } from './check-census.ts';
import { RULES_A, upnCheckLetter } from './rules-a.ts';

type Change = (census: CinCensus) => void;

const child = (census: CinCensus, index: number): CensusChild => census.Children[index]!;
const episode = (census: CinCensus, childIndex: number, index = 0): CinDetails =>
  child(census, childIndex).CINdetails[index]!;

/** For every rule: a change that breaks it, and a change at its edge that it must still accept. */
const CASES: Record<string, { fail: Change; pass?: Change }> = {
  '100': {
    fail: (c) => (c.Header!.CollectionDetails!.ReferenceDate = '2026-03-28'),
    pass: () => {},
  },
  '1103': {
    fail: (c) => (episode(c, 0).Assessments[0]!.AssessmentActualStartDate = '2025-04-30'),
    pass: (c) => (episode(c, 0).Assessments[0]!.AssessmentActualStartDate = '2025-05-01'),
  },
  '1104': {
    fail: (c) => (episode(c, 0).Section47[0]!.DateOfInitialCPC = '2025-04-30'),
    pass: (c) => (episode(c, 0).Section47[0]!.DateOfInitialCPC = '2025-05-01'),
  },
  '1105': {
    fail: (c) => (episode(c, 0).ChildProtectionPlans[0]!.CPPstartDate = '2025-04-30'),
    pass: (c) => (episode(c, 0).ChildProtectionPlans[0]!.CPPstartDate = '2025-05-01'),
  },
  '1510': {
    fail: (c) => (child(c, 0).ChildIdentifiers.UPN = 'R247962919251'),
    pass: (c) => (child(c, 0).ChildIdentifiers.UPN = 'A950000178301'),
  },
  '1520': {
    fail: (c) => (child(c, 1).ChildIdentifiers.UPN = child(c, 0).ChildIdentifiers.UPN),
  },
  '1530': {
    fail: (c) => (child(c, 0).ChildIdentifiers.UPN = upnFrom('999250000011')),
    pass: (c) => (child(c, 0).ChildIdentifiers.UPN = upnFrom('420250000011')),
  },
  '1540': {
    fail: (c) => (child(c, 0).ChildIdentifiers.UPN = 'A201X50000011'),
  },
  '1550': {
    fail: (c) => (child(c, 0).ChildIdentifiers.UPN = 'A20125000001I'),
    pass: (c) => (child(c, 0).ChildIdentifiers.UPN = upnFrom('20125000001A')),
  },
  '1560Q': {
    fail: (c) => (child(c, 1).ChildIdentifiers.FormerUPN = 'X9876543212'),
    // A temporary former UPN (final letter) is well formed; the public validator queries it.
    pass: (c) => (child(c, 1).ChildIdentifiers.FormerUPN = 'X98765432123B'),
  },
  '1570': {
    fail: (c) => (child(c, 0).ChildIdentifiers.LAchildID = 'C'.repeat(21)),
    pass: (c) => (child(c, 0).ChildIdentifiers.LAchildID = 'C'.repeat(20)),
  },
  '1580': {
    fail: (c) => (child(c, 0).ChildIdentifiers.LAchildID = 'C-1001'),
  },
  '2883': {
    fail: (c) => delete episode(c, 5).DateOfInitialCPC,
  },
  '2884': {
    fail: (c) => (episode(c, 0).DateOfInitialCPC = '2025-05-22'),
  },
  '2885': {
    fail: (c) => (episode(c, 0).ChildProtectionPlans[0]!.CPPstartDate = '2025-05-23'),
    // A plan that started before the census year is not compared.
    pass: (c) => (episode(c, 0).ChildProtectionPlans[0]!.CPPstartDate = '2025-03-20'),
  },
  '2886Q': {
    fail: (c) => (child(c, 0).ChildIdentifiers.Sex = 'U'),
  },
  '2887Q': {
    fail: (c) => {
      child(c, 4).ChildCharacteristics.Disabilities = ['NONE'];
      child(c, 1).ChildCharacteristics.Disabilities = ['INC'];
    },
    // Exactly 8 different codes besides NONE.
    pass: (c) => (child(c, 4).ChildCharacteristics.Disabilities = ['NONE']),
  },
  '2888Q': {
    fail: (c) => {
      child(c, 0).ChildCharacteristics.Disabilities = ['MOB'];
      child(c, 1).ChildCharacteristics.Disabilities = ['INC'];
      child(c, 4).ChildCharacteristics.Disabilities = ['BEH'];
    },
  },
  '2889': {
    fail: (c) => (episode(c, 0).Section47[0]!.S47ActualStartDate = '2025-04-30'),
    pass: (c) => (episode(c, 0).Section47[0]!.S47ActualStartDate = '2025-05-01'),
  },
  '2990': {
    fail: (c) => episode(c, 4).CINPlanDates.push({ CINPlanStartDate: '2025-07-20' }),
  },
  '2991Q': {
    fail: (c) => (episode(c, 2).Assessments = []),
  },
  '4000': {
    fail: (c) => episode(c, 1, 1).CINPlanDates.push({ CINPlanStartDate: '2025-10-15' }),
  },
  '4001': {
    fail: (c) => delete episode(c, 0).ChildProtectionPlans[0]!.CPPendDate,
  },
  '4003': {
    fail: (c) => (episode(c, 0).CINPlanDates[0]!.CINPlanStartDate = '2025-08-01'),
    // A review on the day the protection plan ends may fall in a CIN plan.
    pass: (c) => (episode(c, 0).ChildProtectionPlans[0]!.Reviews = ['2025-08-14', '2025-11-20']),
  },
  '4004': {
    fail: (c) => episode(c, 0).CINPlanDates.push({ CINPlanStartDate: '2026-01-20' }),
  },
  '4008': {
    fail: (c) => (episode(c, 3).CINPlanDates[0]!.CINPlanStartDate = '2026-02-02'),
  },
  '4009Q': {
    fail: (c) => (episode(c, 3).CINPlanDates[0]!.CINPlanEndDate = '2026-02-02'),
  },
  '4010': {
    fail: (c) => delete episode(c, 0).CINPlanDates[0]!.CINPlanStartDate,
    pass: (c) => (episode(c, 0).CINPlanDates[0]!.CINPlanStartDate = '2026-03-31'),
  },
  '4011': {
    fail: (c) => (episode(c, 1).CINPlanDates[0]!.CINPlanEndDate = '2025-05-20'),
  },
  '4012Q': {
    fail: (c) => (episode(c, 1).CINPlanDates[0]!.CINPlanEndDate = '2025-05-21'),
  },
  '4013': {
    fail: (c) => (episode(c, 1).CINPlanDates[0]!.CINPlanEndDate = '2026-04-01'),
    pass: (c) => (episode(c, 1).CINPlanDates[0]!.CINPlanEndDate = '2026-03-31'),
  },
  '4014': {
    fail: (c) =>
      episode(c, 1).CINPlanDates.push({ CINPlanStartDate: '2025-09-30', CINPlanEndDate: '2025-10-10' }),
    pass: (c) =>
      episode(c, 1).CINPlanDates.push({ CINPlanStartDate: '2025-10-01', CINPlanEndDate: '2025-10-10' }),
  },
  '4015': {
    fail: (c) => (episode(c, 1).CINPlanDates[0]!.CINPlanStartDate = '2025-04-09'),
    pass: (c) => (episode(c, 1).CINPlanDates[0]!.CINPlanStartDate = '2025-04-10'),
  },
  '4016': {
    fail: (c) => (episode(c, 0).CINPlanDates[0]!.CINPlanStartDate = '2025-11-19'),
  },
  '4017': {
    fail: (c) => episode(c, 1).ChildProtectionPlans.push(protectionPlanFrom('2025-06-01')),
    // A protection plan may start on the day a CIN plan ends.
    pass: (c) => episode(c, 1).ChildProtectionPlans.push(protectionPlanFrom('2025-09-30')),
  },
};

function protectionPlanFrom(start: string) {
  return {
    CPPstartDate: start,
    InitialCategoryOfAbuse: 'NEG',
    LatestCategoryOfAbuse: 'NEG',
    NumberOfPreviousCPP: '0',
  };
}

/** The codes one rule reports on the complete census after a change. */
function codesAfter(code: string, change: Change): string[] {
  const census = completeCensus();
  change(census);
  const rule = RULES_A.find((candidate) => candidate.code === code)!;
  return allFindings(checkCensus(census, { rules: [rule] })).map((finding) => finding.code);
}

describe('CIN census rules 100 to 4017', () => {
  it('has one rule for each code of cin-census.md from 100 to 4017, each with its cases here', () => {
    const codes = RULES_A.map((rule) => rule.code);
    expect(codes).toEqual(
      '100 1103 1104 1105 1510 1520 1530 1540 1550 1560Q 1570 1580 2883 2884 2885 2886Q 2887Q 2888Q 2889 2990 2991Q 4000 4001 4003 4004 4008 4009Q 4010 4011 4012Q 4013 4014 4015 4016 4017'.split(
        ' '
      )
    );
    expect(Object.keys(CASES).sort()).toEqual([...codes].sort());
    for (const rule of RULES_A) expect(rule.severity).toBe(rule.code.endsWith('Q') ? 'query' : 'error');
  });

  it('finds nothing in the complete census', () => {
    expect(allFindings(checkCensus(completeCensus(), { rules: RULES_A }))).toEqual([]);
  });

  describe.each(Object.entries(CASES))('%s', (code, { fail, pass }) => {
    it('reports the broken case', () => {
      expect(codesAfter(code, fail)).toContain(code);
    });
    it('accepts the passing case', () => {
      expect(codesAfter(code, pass ?? (() => {}))).toEqual([]);
    });
  });
});

describe('UPN check letter', () => {
  it('matches the DfE worked examples and rejects shapes that are not UPNs', () => {
    expect(upnCheckLetter('A950000178301')).toBe('A');
    expect(upnCheckLetter('H243278544154')).toBe('H');
    expect(upnCheckLetter('R247962919251')).not.toBe('R');
    expect(upnCheckLetter('R325')).toBeUndefined();
  });
});

describe('findings', () => {
  it('say where the fault is, with the child, fields and value', () => {
    const census = completeCensus();
    episode(census, 1).CINPlanDates[0]!.CINPlanEndDate = '2026-04-01';
    const [finding] = allFindings(checkCensus(census, { rules: RULES_A }));
    expect(finding).toEqual({
      code: '4013',
      severity: 'error',
      level: 'child',
      message: 'CIN Plan end date must fall within the census year',
      fields: ['CINPlanEndDate'],
      value: '2026-04-01',
      at: { episode: 0, group: 'CINPlanDates', index: 0 },
      childIndex: 1,
      laChildId: 'C1002',
    });
  });

  it('are sorted errors first, then by rule code, with the return-level ones apart', () => {
    const census = completeCensus();
    child(census, 0).ChildIdentifiers.Sex = 'U';
    child(census, 0).ChildIdentifiers.LAchildID = 'C-1001';
    child(census, 0).ChildIdentifiers.UPN = 'A201X50000011';
    const check = checkCensus(census, { rules: RULES_A });
    expect(check.returnFindings.map((finding) => finding.code)).toEqual(['2886Q']);
    expect(check.children.map((entry) => entry.findings.map((finding) => finding.code))).toEqual([
      ['1540', '1580'],
    ]);
    expect([check.errors, check.queries]).toEqual([2, 1]);
  });
});
