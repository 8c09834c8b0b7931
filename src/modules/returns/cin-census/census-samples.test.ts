import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCensusXml } from './census-xml.ts';
import { allFindings, checkCensus } from './check-census.ts';
import { RULES_A } from './rules-a.ts';

const SAMPLES = path.join(import.meta.dirname, 'reference', 'samples');
const RULES_A_CODES = new Set(RULES_A.map((rule) => rule.code));

/** The public sample files (deliberately broken upstream test inputs), read and checked with every rule. */
function checkSample(file: string) {
  return checkCensus(readCensusXml(readFileSync(path.join(SAMPLES, file), 'utf8')));
}

const CHILD_2021 = '1103 1104 1105 1510 1530 2884 2889 4013 4016';
const CHILD_2021_RESHAPED = '1104 1105 1510 1530 2884 2889 4013 4016';

/**
 * What each sample seeds among rules 100-4017, read from the files: header dates that are not 31 March of
 * the Year (100), one or two disability codes in the whole return (2887Q), a sex recorded only as the old
 * GenderCurrent (2886Q), UPNs with wrong check letters and LA codes, dates before the referral, ICPCs at
 * both levels, CIN plans that start inside a protection plan and end outside the census year, an
 * LAchildID too long and with underscores (1570, 1580), RC8 closures with activity (2990).
 */
const SEEDED: Record<string, string> = {
  'CIN_header_issues_100.xml': `100 2887Q ${CHILD_2021}`,
  'CIN_la_issues_2887Q.xml': `2887Q ${CHILD_2021}`,
  'CIN_Census_2021.xml': `2887Q ${CHILD_2021}`,
  'liia-tools_cin-2022.xml': `2887Q ${CHILD_2021}`,
  'liia-tools-pipeline_BAR_cin_2022.xml': `2887Q ${CHILD_2021}`,
  'CIN2rows.xml': `100 2886Q 2887Q ${CHILD_2021_RESHAPED}`,
  'CIN_Census_2021_copy.xml': `100 2886Q 2887Q ${CHILD_2021_RESHAPED}`,
  'CIN_Census_2021_no_assessment_factors.xml': `100 2886Q 2887Q ${CHILD_2021_RESHAPED}`,
  'CIN_Census_2024.xml': `100 2886Q 2887Q 1103 1570 1580 ${CHILD_2021_RESHAPED}`,
  'CIN_Census_2026.xml': `100 2886Q 2887Q 1103 1570 1580 ${CHILD_2021_RESHAPED}`,
  'fake_CIN_data.xml': '100 2886Q 1510 1530 2990',
};

describe('the check over the public sample files', () => {
  it('has an expectation for every sample file', () => {
    expect(readdirSync(SAMPLES).sort()).toEqual(Object.keys(SEEDED).sort());
  });

  it.each(Object.entries(SEEDED))('%s: finds the faults it seeds', (file, seeded) => {
    const check = checkSample(file);
    const found = new Set(allFindings(check).map((finding) => finding.code));
    expect([...found].filter((code) => RULES_A_CODES.has(code)).sort()).toEqual(seeded.split(' ').sort());
    expect(check.errors).toBeGreaterThan(0);
  });

  it('reports the header fault of CIN_header_issues_100 on the ReferenceDate it found', () => {
    const [finding] = checkSample('CIN_header_issues_100.xml').returnFindings.filter((f) => f.code === '100');
    expect(finding).toMatchObject({ level: 'return', severity: 'error', value: '2023-03-28' });
  });

  it('reports 2887Q as a query on the return, not on a child', () => {
    const check = checkSample('CIN_la_issues_2887Q.xml');
    expect(check.returnFindings.find((finding) => finding.code === '2887Q')).toMatchObject({
      severity: 'query',
      value: '2 codes',
    });
    expect(allFindings(check).filter((f) => f.code === '2887Q' && f.level === 'child')).toEqual([]);
  });

  it('puts the LAchildID faults of CIN_Census_2026 on the child that has them', () => {
    const check = checkSample('CIN_Census_2026.xml');
    const child = check.children.find((entry) => entry.laChildId === 'child_fails_assessments')!;
    expect(child.findings.filter((f) => ['1570', '1580'].includes(f.code))).toMatchObject([
      { code: '1570', fields: ['LAchildID'], value: 'child_fails_assessments', childIndex: 1 },
      { code: '1580', fields: ['LAchildID'], value: 'child_fails_assessments', childIndex: 1 },
    ]);
  });
});
