import { describe, expect, it } from 'vitest';
import {
  coveringEmail,
  letterContent,
  letterText,
  type LetterFacts,
  type LetterOutcome,
} from './letter-content.ts';
import { DEMO_COUNCIL_SETTINGS } from '../../demo/organisation.ts';

const OUTCOME_CODES = [
  'no_further_action',
  'information_advice',
  'early_help',
  'assessment',
  'strategy_discussion',
  'already_open',
  'transfer',
  'private_fostering',
  'lado',
];

function outcome(code: string, extra: Partial<LetterOutcome> = {}): LetterOutcome {
  return { code, label: `Label for ${code}`, teamName: null, transferTo: null, ...extra };
}

function facts(extra: Partial<LetterFacts> = {}): LetterFacts {
  return {
    to: 'referrer',
    councilName: 'Northmoor Council',
    writtenAt: new Date('2026-11-20T10:00:00Z'),
    childFirstName: 'Amelia',
    contactReference: 'CON-2026-000123',
    receivedAt: new Date('2026-11-18T23:30:00Z'),
    referrer: {
      name: 'Imogen Threlfall',
      role: 'Designated safeguarding lead',
      organisation: 'Coldbeck Academy',
      isProfessional: true,
    },
    recipientName: null,
    familyAddress: ['1 Mill Lane', 'Northmoor', 'NM1 4AB'],
    outcomes: [outcome('no_further_action')],
    duty: DEMO_COUNCIL_SETTINGS.dutyContact,
    signedBy: 'Sam Okafor',
    ...extra,
  };
}

function section(letter: ReturnType<typeof letterContent>, heading: string): string[] {
  return letter.sections.find((candidate) => candidate.heading === heading)?.paragraphs ?? [];
}

describe('the letter to the referrer', () => {
  const letter = letterContent(facts());

  it('is addressed to the referrer, about the child, with the reference and the day it came in (in England)', () => {
    expect(letter.councilName).toBe('Northmoor Council');
    expect(letter.date).toBe('20 November 2026');
    expect(letter.addressLines).toEqual([
      'Imogen Threlfall',
      'Designated safeguarding lead',
      'Coldbeck Academy',
    ]);
    expect(letter.salutation).toBe('Dear Imogen Threlfall');
    expect(letter.subject).toBe('Re: Amelia (contact reference CON-2026-000123, received 18 November 2026)');
    expect(letter.signature).toEqual([
      'Sam Okafor',
      'Front door (MASH), Northmoor Council children’s services',
    ]);
  });

  it('says what was decided, what happens next, how to ask questions and how to refer again', () => {
    expect(section(letter, 'What we decided')).toEqual([
      'Children’s social care will take no further action. We do not think Amelia needs support from children’s social care at the moment.',
    ]);
    expect(section(letter, 'What happens next').join(' ')).toContain('No one from children’s social care');
    expect(section(letter, 'If you have questions').join(' ')).toContain(
      'call the children’s services duty line on 01632 960 100 (Monday to Friday, 8am to 8pm) and quote the reference CON-2026-000123'
    );
    const worries = section(letter, 'If you are still worried').join(' ');
    expect(worries).toContain('make a new referral');
    expect(worries).toContain('01632 960 200');
    expect(worries).toContain('999');
  });

  it('uses the name the sender gave for the recipient', () => {
    const named = letterContent(facts({ recipientName: 'Ms I Threlfall' }));
    expect(named.salutation).toBe('Dear Ms I Threlfall');
    expect(named.addressLines[0]).toBe('Ms I Threlfall');
  });
});

describe('the letter to a member of the public who referred', () => {
  const publicReferrer = {
    name: 'Ayesha Malik',
    role: 'Neighbour',
    organisation: null,
    isProfessional: false,
  };

  it('thanks them and says we acted, but keeps the family’s business private', () => {
    const letter = letterContent(
      facts({
        referrer: publicReferrer,
        outcomes: [outcome('assessment', { teamName: 'Assessment Team 2' })],
      })
    );
    const text = letterText(letter);
    expect(section(letter, 'What we decided')).toEqual([
      'We have looked carefully at what you told us and decided what should happen. To protect the family’s privacy, we cannot tell you what we decided.',
    ]);
    expect(text).not.toContain('assessment');
    expect(text).not.toContain('Assessment Team 2');
    expect(text).toContain('make a new referral');
    expect(letter.addressLines).toEqual(['Ayesha Malik', 'Neighbour']);
  });

  it('writes to Sir or Madam when they did not give their name', () => {
    const letter = letterContent(facts({ referrer: { ...publicReferrer, name: null } }));
    expect(letter.salutation).toBe('Dear Sir or Madam');
  });
});

describe('the letter to the family', () => {
  const letter = letterContent(facts({ to: 'family' }));
  const text = letterText(letter);

  it('never says who made the referral', () => {
    for (const detail of ['Imogen', 'Threlfall', 'safeguarding lead', 'Coldbeck'])
      expect(text).not.toContain(detail);
    expect(text).toContain('someone contacted us because they were worried about Amelia');
  });

  it('is addressed to the parent or carer at home, in plainer words', () => {
    expect(letter.addressLines).toEqual([
      'The parent or carer of Amelia',
      '1 Mill Lane',
      'Northmoor',
      'NM1 4AB',
    ]);
    expect(letter.salutation).toBe('Dear parent or carer');
    expect(letter.subject).toBe('About Amelia (our reference CON-2026-000123)');
    expect(section(letter, 'What we decided')).toEqual([
      'We will not be doing anything more at the moment. We do not think Amelia needs help from children’s social care right now.',
    ]);
    expect(section(letter, 'If you are worried about Amelia').join(' ')).toContain(
      'In an emergency, call 999.'
    );
  });
});

describe('each outcome', () => {
  for (const code of OUTCOME_CODES) {
    it(`${code} has its own wording for the referrer and for the family`, () => {
      const forReferrer = letterContent(facts({ outcomes: [outcome(code)] }));
      const forFamily = letterContent(facts({ to: 'family', outcomes: [outcome(code)] }));
      const decided = section(forReferrer, 'What we decided');
      expect(decided).toHaveLength(1);
      expect(decided[0]).not.toContain('Label for');
      expect(section(forFamily, 'What we decided')[0]).not.toBe(decided[0]);
      expect(section(forReferrer, 'What happens next')[0]).not.toBe(
        section(forFamily, 'What happens next')[0]
      );
      for (const text of [letterText(forReferrer), letterText(forFamily)]) {
        expect(text).not.toMatch(/undefined|null/);
      }
    });
  }

  it('names the receiving team that will contact the family', () => {
    const team = 'Northmoor East Early Help Team';
    const earlyHelp = letterContent(facts({ outcomes: [outcome('early_help', { teamName: team })] }));
    expect(section(earlyHelp, 'What we decided')[0]).toBe(
      `Amelia and their family will be offered early help from ${team}.`
    );
    expect(section(earlyHelp, 'What happens next')[0]).toMatch(
      new RegExp(`^${team} will contact the family`)
    );
    const assessment = letterContent(
      facts({ to: 'family', outcomes: [outcome('assessment', { teamName: 'Assessment Team 2' })] })
    );
    expect(section(assessment, 'What happens next')[0]).toContain(
      'A social worker from Assessment Team 2 will contact you soon'
    );
  });

  it('names the council a transfer went to', () => {
    const letter = letterContent(
      facts({ outcomes: [outcome('transfer', { transferTo: 'Kirkby Borough Council' })] })
    );
    expect(section(letter, 'What we decided')[0]).toContain(
      'we have passed what you told us to Kirkby Borough Council'
    );
    expect(section(letter, 'What happens next')[0]).toMatch(/^Kirkby Borough Council will decide/);
  });

  it('lists every outcome of a decision with several', () => {
    const letter = letterContent(
      facts({ outcomes: [outcome('information_advice'), outcome('early_help', { teamName: 'Team A' })] })
    );
    expect(section(letter, 'What we decided')).toHaveLength(2);
    expect(section(letter, 'What happens next')).toHaveLength(2);
  });

  it('uses the council’s own label for an outcome it added itself', () => {
    const letter = letterContent(
      facts({ outcomes: [outcome('youth_offer', { label: 'Referred to the youth offer' })] })
    );
    expect(section(letter, 'What we decided')).toEqual(['Referred to the youth offer.']);
    expect(section(letter, 'What happens next')).toEqual(['There is nothing more you need to do.']);
  });
});

describe('the letter as text and email', () => {
  it('keeps every part of the letter, in order', () => {
    const letter = letterContent(facts());
    const text = letterText(letter);
    const order = [
      'Northmoor Council',
      '20 November 2026',
      'Imogen Threlfall',
      'Dear Imogen Threlfall,',
      'Re: Amelia',
      'Thank you for contacting',
      'What we decided',
      'What happens next',
      'If you have questions',
      'If you are still worried',
      'Yours sincerely,',
      'Sam Okafor',
    ].map((part) => text.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('keeps the child’s name out of the covering email', () => {
    for (const to of ['referrer', 'family'] as const) {
      const email = coveringEmail(facts({ to }));
      expect(`${email.subject}\n${email.text}`).not.toContain('Amelia');
      expect(email.subject).toContain('CON-2026-000123');
      expect(email.text).toContain('Please find attached our letter');
    }
  });
});
