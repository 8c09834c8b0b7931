/**
 * Pure rule: does a reason, rationale or comment say something? Blank text, placeholders such as
 * "x", "ok" or "n/a", and text shorter than the words asked for are refused with a message that
 * says what a good answer covers.
 */

/** Placeholders people type to get past a required box; compared without case or punctuation. */
const PLACEHOLDERS = new Set([
  'x',
  'xx',
  'xxx',
  'ok',
  'okay',
  'na',
  'n a',
  'none',
  'nil',
  'no',
  'yes',
  'tbc',
  'test',
  'fine',
  'agreed',
  'agree',
  'same',
  'as above',
  'see above',
  'see notes',
  'as discussed',
  'nfa',
]);

/** The words in a text: runs of letters or digits (apostrophes and hyphens inside a word kept). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

export interface MeaningfulTextRule {
  /** The fewest words that can say enough. */
  minWords: number;
  /** The message when the text is missing, a placeholder or too short: what a good answer covers. */
  message: string;
}

/** The rule's message when the text does not say enough, else null. */
export function meaningfulTextProblem(
  text: string | null | undefined,
  rule: MeaningfulTextRule
): string | null {
  const words = wordsOf(text ?? '');
  if (words.length === 0) return rule.message;
  if (PLACEHOLDERS.has(words.join(' '))) return rule.message;
  if (words.length < rule.minWords) return rule.message;
  // "x x x x x" or "ok ok ok ok" is as empty as "x".
  const distinct = new Set(words);
  if (distinct.size < Math.min(3, rule.minWords)) return rule.message;
  return null;
}
