import { describe, expect, it } from 'vitest';
import { parseAssessment, parseCharacteristics, parseProtectionPlan } from './onward-forms.ts';

const bounds = { today: '2026-11-20', referralDate: '2026-10-01' };
const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: day!, [`${name}-month`]: month!, [`${name}-year`]: year! };
};

describe('the assessment form', () => {
  it('reads an authorised assessment with its factors (one ticked box posts a string)', () => {
    const parsed = parseAssessment(
      {
        ...date('startedOn', '2026-10-02'),
        ...date('authorisedOn', '2026-11-02'),
        factors: '3A',
        outcome: 'cin_plan',
      },
      bounds
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        version: null,
        startedOn: '2026-10-02',
        childSeenOn: null,
        authorisedOn: '2026-11-02',
        factors: ['3A'],
        outcome: 'cin_plan',
      },
    });
  });

  it('reports every problem at once, against its field', () => {
    const parsed = parseAssessment(
      {
        ...date('startedOn', '2026-09-30'),
        ...date('authorisedOn', '2026-11-30'),
        factors: ['21', '3A'],
      },
      bounds
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.fields).toEqual({
      startedOn: { text: 'The start date must be on or after the referral date' },
      authorisedOn: { text: 'The authorisation date must be today or in the past' },
      factors: { text: 'You cannot choose ‘No factors identified’ (21) together with other factors' },
      outcome: { text: 'Select the outcome of the assessment' },
    });
  });

  it('refuses an authorisation before the start (rule 8608) and factors on an open assessment (8614)', () => {
    const before = parseAssessment(
      { ...date('startedOn', '2026-10-10'), ...date('authorisedOn', '2026-10-09') },
      bounds
    );
    expect(!before.ok && before.errors.fields.authorisedOn).toEqual({
      text: 'The authorisation date must be on or after the date the assessment started',
    });
    const open = parseAssessment({ ...date('startedOn', '2026-10-10'), factors: '3A' }, bounds);
    expect(!open.ok && open.errors.fields.factors?.text).toMatch(/^Enter the authorisation date/);
  });
});

describe('the child protection plan form', () => {
  it('starts a new plan’s latest category at its initial one', () => {
    const parsed = parseProtectionPlan(
      { ...date('startedOn', '2026-10-20'), initialCategory: 'NEG' },
      bounds
    );
    expect(parsed.ok && parsed.value).toMatchObject({
      initialCategory: 'NEG',
      latestCategory: 'NEG',
      endedOn: null,
    });
  });

  it('refuses a plan ending before it starts', () => {
    const parsed = parseProtectionPlan(
      { ...date('startedOn', '2026-10-20'), ...date('endedOn', '2026-10-19'), initialCategory: 'NEG' },
      bounds
    );
    expect(!parsed.ok && parsed.errors.summary).toEqual([
      { text: 'The child protection plan cannot end before it starts', href: '#endedOn' },
    ]);
  });
});

describe('the characteristics form', () => {
  const child = {
    version: '1',
    sex: 'F',
    ethnicity: 'WBRI',
    disabilities: 'NONE',
    upnUnknownReason: 'UN1',
    ...date('dateOfBirth', '2024-03-27'),
  };

  it('reads the characteristics', () => {
    const parsed = parseCharacteristics(child, bounds.today);
    expect(parsed.ok && parsed.value).toMatchObject({
      disabilities: ['NONE'],
      upn: null,
      upnUnknownReason: 'UN1',
    });
  });

  it('refuses NONE with a disability, a UPN with a reason it is unknown, and a future date of death', () => {
    const parsed = parseCharacteristics(
      { ...child, disabilities: ['NONE', 'AUT'], upn: 'h801200001001', ...date('dateOfDeath', '2026-12-01') },
      bounds.today
    );
    expect(!parsed.ok && parsed.errors.fields).toEqual({
      disabilities: { text: 'You cannot choose ‘No disability’ together with a disability' },
      upnUnknownReason: { text: 'Enter the UPN or select why it is not known, not both' },
      dateOfDeath: { text: 'The date of death must be today or in the past' },
    });
  });
});
