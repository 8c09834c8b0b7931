import { describe, expect, it } from 'vitest';
import {
  fillIn,
  NATIONAL_WORDING,
  outcomeTemplateKey,
  placeholdersFor,
  templateByKey,
  templateProblems,
  TEMPLATES,
  wordingProblem,
} from './letter-templates.ts';
import { letterContent, templateVersionsOf, type LetterFacts } from './letter-content.ts';

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
      role: null,
      organisation: 'Coldbeck Academy',
      isProfessional: true,
    },
    recipientName: null,
    familyAddress: ['1 Mill Lane'],
    outcomes: [{ code: 'early_help', label: 'Early help', teamName: null, transferTo: null }],
    duty: { line: '01632 960 100', hours: 'Monday to Friday', outOfHours: '01632 960 999' },
    signedBy: 'Sam Okafor',
    ...extra,
  };
}

const referrerFrame = templateByKey('referrer')!;
const familyFrame = templateByKey('family')!;
const familyEarlyHelp = templateByKey('family-early_help')!;

describe('the letter templates', () => {
  it('cover each letter and each outcome the letters module writes, for the referrer and the family', () => {
    expect(TEMPLATES).toHaveLength(23);
    expect(new Set(TEMPLATES.map((template) => template.key)).size).toBe(TEMPLATES.length);
    expect(outcomeTemplateKey('family', 'lado')).toBe('family-lado');
    expect(outcomeTemplateKey('referrer', 'a_council_outcome')).toBe('referrer-other');
  });

  it('have the national wording as version 1, which uses only the placeholders each may', () => {
    for (const template of TEMPLATES) {
      expect(NATIONAL_WORDING[template.key]!.version).toBe(1);
      expect(templateProblems(template, template.national), template.key).toEqual({});
    }
  });

  it('write the same letter from the national wording as without any templates', () => {
    const withWording = letterContent(facts({ wording: NATIONAL_WORDING }));
    expect(withWording).toEqual(letterContent(facts()));
    expect(withWording.sections[2]!.paragraphs[0]).toMatch(/^Our early help team will contact the family/);
  });

  it('write a letter from the council’s own wording, filling in its placeholders', () => {
    const wording = {
      ...NATIONAL_WORDING,
      'referrer-early_help': {
        version: 3,
        parts: { decided: '((child)) will get help from ((team)) (ref ((reference))).', next: '' },
      },
    };
    const letter = letterContent(facts({ wording }));
    expect(letter.sections[1]!.paragraphs).toEqual([
      'Amelia will get help from our early help team (ref CON-2026-000123).',
    ]);
    // A blank "what happens next" says nothing, and the letter says so plainly.
    expect(letter.sections[2]!.paragraphs).toEqual(['There is nothing more you need to do.']);
    expect(templateVersionsOf(facts({ wording }))).toEqual({ referrer: 1, 'referrer-early_help': 3 });
  });

  it('never give a family letter the referrer, even from wording stored before the rule', () => {
    const wording = {
      ...NATIONAL_WORDING,
      family: { version: 2, parts: { ...familyFrame.national, opening: 'From ((referrer_name)).' } },
    };
    const letter = letterContent(facts({ to: 'family', wording }));
    expect(JSON.stringify(letter)).not.toContain('Threlfall');
    expect(JSON.stringify(letter)).not.toContain('Coldbeck');
  });
});

describe('a template’s wording', () => {
  it('refuses an unknown or misspelt placeholder, naming it', () => {
    expect(wordingProblem(referrerFrame, 'About ((chld)).')).toBe(
      '((chld)) is not a placeholder. Use one of the placeholders listed, like ((child))'
    );
  });

  it('refuses any placeholder that could reveal the referrer in a family letter', () => {
    expect(placeholdersFor(familyEarlyHelp).map((placeholder) => placeholder.name)).not.toContain(
      'referrer_name'
    );
    for (const name of ['referrer_name', 'referrer_organisation'])
      expect(wordingProblem(familyEarlyHelp, `Thanks to ((${name})).`)).toBe(
        `((${name})) cannot be used in a letter to the family: it could tell the family who made the referral`
      );
    expect(wordingProblem(referrerFrame, 'Dear ((referrer_name))')).toBeNull();
  });

  it('refuses an outcome’s placeholder outside the wording of an outcome', () => {
    expect(wordingProblem(referrerFrame, 'Handed to ((team)).')).toMatch(/^\(\(team\)\) cannot be used here/);
  });

  it('refuses a placeholder that is not closed', () => {
    expect(wordingProblem(referrerFrame, 'About ((child.')).toMatch(/not written correctly/);
  });

  it('needs each required part, but not an outcome’s "what happens next"', () => {
    expect(templateProblems(familyEarlyHelp, { decided: '', next: '' })).toEqual({
      decided: 'Enter the wording for “What we decided”',
    });
  });

  it('starts each paragraph with a capital once filled in', () => {
    expect(fillIn('((team)) will call.', { team: 'our team' })).toBe('Our team will call.');
    expect(fillIn('  ', {})).toBeNull();
  });
});
