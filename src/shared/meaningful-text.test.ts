import { describe, expect, it } from 'vitest';
import { meaningfulTextProblem, wordsOf } from './meaningful-text.ts';

const rule = { minWords: 5, message: 'Say what happened' };

describe('a reason that says something', () => {
  it('refuses blank text, placeholders and repeated filler with the rule’s message', () => {
    for (const text of [
      undefined,
      null,
      '',
      '   ',
      'x',
      'X.',
      'ok',
      'OK!',
      'n/a',
      'N/A',
      'as above',
      'x x x x x',
      'ok ok ok ok ok',
    ]) {
      expect(meaningfulTextProblem(text, rule), String(text)).toBe('Say what happened');
    }
  });

  it('refuses text shorter than the words asked for', () => {
    expect(meaningfulTextProblem('Low level worry.', rule)).toBe('Say what happened');
  });

  it('accepts a reason with enough different words', () => {
    expect(meaningfulTextProblem('School saw bruising; police know the family.', rule)).toBeNull();
  });

  it('counts words across punctuation, keeping apostrophes and hyphens inside words', () => {
    expect(wordsOf("Mother's partner, a 9-year-old; n/a")).toEqual([
      "mother's",
      'partner',
      'a',
      '9-year-old',
      'n',
      'a',
    ]);
  });
});
