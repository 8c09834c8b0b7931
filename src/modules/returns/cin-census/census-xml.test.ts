import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeCensus } from './census-fixture.ts';
import { readCensusXml, writeCensusXml } from './census-xml.ts';
import { CIN_SCHEMA, validateAgainstSchema, xmllintAvailable } from '../../../../test/support/xmllint.ts';

const REFERENCE = path.dirname(CIN_SCHEMA);

describe('writing the CIN census XML', () => {
  it('starts with a <Message> that has no namespace', () => {
    const xml = writeCensusXml(completeCensus());
    expect(xml.split('\n').slice(0, 2)).toEqual(['<?xml version="1.0" encoding="UTF-8"?>', '<Message>']);
  });

  it('writes every element the schema defines', () => {
    const xml = writeCensusXml(completeCensus());
    const schemaElements = [...readFileSync(CIN_SCHEMA, 'utf8').matchAll(/<xs:element name="(\w+)"/g)].map(
      (match) => match[1]!
    );
    expect(schemaElements.length).toBeGreaterThan(40);
    expect(schemaElements.filter((name) => !xml.includes(`<${name}>`))).toEqual([]);
  });

  it('puts ReferralNFA after the section 47 enquiries and before the protection plans', () => {
    const xml = writeCensusXml(completeCensus());
    const firstEpisode = xml.slice(xml.indexOf('<CINdetails>'), xml.indexOf('</CINdetails>'));
    const order = [
      '<Assessments>',
      '<CINPlanDates>',
      '<Section47>',
      '<ReferralNFA>',
      '<ChildProtectionPlans>',
    ];
    const positions = order.map((tag) => firstEpisode.indexOf(tag));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('writes yes/no as 0/1 and escapes text', () => {
    const census = completeCensus();
    census.Header!.Source!.SoftwareCode = 'Front Door <R&D>';
    census.Children[0]!.CINdetails[0]!.ReferralNFA = 'false';
    census.Children[0]!.CINdetails[0]!.Section47[0]!.ICPCnotRequired = 'TRUE';
    const xml = writeCensusXml(census);
    expect(xml).toContain('<SoftwareCode>Front Door &lt;R&amp;D&gt;</SoftwareCode>');
    expect(xml).not.toMatch(/>(true|false|TRUE)</);
    expect(readCensusXml(xml).Header!.Source!.SoftwareCode).toBe('Front Door <R&D>');
  });

  it('leaves out absent elements and empty lists', () => {
    const census = completeCensus();
    census.Children[0]!.ChildCharacteristics.Disabilities = [];
    census.Children[0]!.CINdetails[0]!.Assessments[0]!.AssessmentFactors = undefined;
    const xml = writeCensusXml(census);
    const firstChild = xml.slice(xml.indexOf('<Child>'), xml.indexOf('</Child>'));
    expect(firstChild).not.toContain('Disabilities');
    expect(firstChild).not.toContain('FactorsIdentifiedAtAssessment');
    expect(firstChild).not.toContain('<FormerUPN>');
  });

  it('reads back what it wrote', () => {
    const census = completeCensus();
    expect(readCensusXml(writeCensusXml(census))).toEqual(census);
  });
});

describe('reading a CIN census XML file', () => {
  it('keeps wrong values as written and ignores unknown elements', () => {
    const census = readCensusXml(
      readFileSync(path.join(REFERENCE, 'samples', 'CIN_Census_2026.xml'), 'utf8')
    );
    const [first, second] = census.Children;
    expect(first!.ChildIdentifiers).toMatchObject({ LAchildID: 'DfEX0000001', Sex: '1', UPNunknown: 'UN3' });
    expect(first!.CINdetails[0]!.Section47[0]!.ICPCnotRequired).toBe('false');
    expect(first!.CINdetails[0]!.ChildProtectionPlans[0]!.Reviews).toEqual(['2023-02-15']);
    // <FactorsIdentifiedAtAssessment/> is there but empty; PreProceedingsandFGDM is not part of 2025-26.
    expect(second!.CINdetails[0]!.Assessments[0]!.AssessmentFactors).toEqual([]);
    expect(second!.CINdetails[0]!.Assessments[0]!.AssessmentInternalReviewDate).toBeUndefined();
  });

  it('refuses a file that is not a census', () => {
    expect(() => readCensusXml('<Return><Children/></Return>')).toThrow(/root element must be <Message>/);
  });
});

describe.skipIf(!xmllintAvailable)('the CIN census against CIN_schema_2026.xsd (needs xmllint)', () => {
  it('validates the complete census written by writeCensusXml', () => {
    expect(validateAgainstSchema(writeCensusXml(completeCensus()))).toEqual({
      valid: true,
      messages: '- validates\n',
    });
  });

  it('rejects a file with elements out of order, so the check is real', () => {
    const written = writeCensusXml(completeCensus());
    const xml = written.replace(
      /(<Section47>[\s\S]*?<\/Section47>)(\s*)(<ReferralNFA>0<\/ReferralNFA>)/,
      '$3$2$1'
    );
    expect(xml).not.toBe(written);
    expect(validateAgainstSchema(xml).valid).toBe(false);
  });
});
