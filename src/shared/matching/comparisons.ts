/**
 * Field comparisons: each pair of values falls into one level, from the strongest agreement to
 * 'different', or 'missing' when either side has no value. The model gives each level its weight.
 */
import { likelyDateTypos } from './blocking.ts';
import type { DateParts } from './normalise.ts';
import { jaroWinkler } from './phonetics.ts';
import type { Identifier, PreparedName, PreparedPerson } from './prepared-person.ts';

export const NAME_LEVELS = [
  'exact',
  'part',
  'nickname',
  'close',
  'similar',
  'phonetic',
  'different',
  'missing',
] as const;
export const DATE_LEVELS = [
  'exact',
  'transposed',
  'oneDay',
  'oneMonth',
  'oneYear',
  'oneDigit',
  'sameYear',
  'different',
  'missing',
] as const;
export const SEX_LEVELS = ['same', 'different', 'missing'] as const;
export const POSTCODE_LEVELS = ['full', 'outward', 'different', 'missing'] as const;
export const ADDRESS_LEVELS = ['same', 'similar', 'partial', 'different', 'missing'] as const;
export const IDENTIFIER_LEVELS = [
  'exact',
  'exactUnverified',
  'oneDigit',
  'different',
  'differentUnverified',
  'missing',
] as const;

export type NameLevel = (typeof NAME_LEVELS)[number];
export type DateLevel = (typeof DATE_LEVELS)[number];
export type SexLevel = (typeof SEX_LEVELS)[number];
export type PostcodeLevel = (typeof POSTCODE_LEVELS)[number];
export type AddressLevel = (typeof ADDRESS_LEVELS)[number];
export type IdentifierLevel = (typeof IDENTIFIER_LEVELS)[number];

/** Every comparison and its levels, strongest agreement first. */
export const COMPARISONS = {
  givenName: NAME_LEVELS,
  familyName: NAME_LEVELS,
  dateOfBirth: DATE_LEVELS,
  sex: SEX_LEVELS,
  postcode: POSTCODE_LEVELS,
  address: ADDRESS_LEVELS,
  nhsNumber: IDENTIFIER_LEVELS,
} as const;

export type ComparisonName = keyof typeof COMPARISONS;
export const COMPARISON_NAMES = Object.keys(COMPARISONS) as ComparisonName[];

export interface ComparisonLevels {
  givenName: NameLevel;
  familyName: NameLevel;
  dateOfBirth: DateLevel;
  sex: SexLevel;
  postcode: PostcodeLevel;
  address: AddressLevel;
  nhsNumber: IdentifierLevel;
}

const CLOSE_SPELLING = 0.92;
const SIMILAR_SPELLING = 0.8;

/** How two names agree; 'part' when a word of one is a word of the other (Smith-Jones and Jones). */
export function compareNames(a: PreparedName | undefined, b: PreparedName | undefined): NameLevel {
  if (!a || !b) return 'missing';
  if (a.full === b.full) return 'exact';
  if ((a.words.length > 1 || b.words.length > 1) && a.words.some((word) => b.words.includes(word))) {
    return 'part';
  }
  if (a.nicknameGroups.some((group) => b.nicknameGroups.includes(group))) return 'nickname';
  const similarity = bestSpellingSimilarity(a, b);
  if (similarity >= CLOSE_SPELLING || isOneEditApart(a.full, b.full)) return 'close';
  if (similarity >= SIMILAR_SPELLING) return 'similar';
  if (a.codes.some((code) => b.codes.includes(code))) return 'phonetic';
  return 'different';
}

/**
 * One name spelt two ways that sound the same (Sophie and Sofie, Jodie and Jody, Hannah and Hanna, Corey and
 * Korey): the words agree once ph is read as f, a hard c as k, doubled letters as one, an -h after a final vowel
 * dropped and a final -ie, -ey or -i read as -y. Parents do not give two children one name spelt two ways; Alfie
 * and Albie, Ava and Eva, Zayan and Ayaan stay apart.
 */
export function isSpellingVariant(a: PreparedName | undefined, b: PreparedName | undefined): boolean {
  if (!a || !b || a.full === b.full || a.words.length !== b.words.length) return false;
  return a.words.every((word, index) => spokenSpelling(word) === spokenSpelling(b.words[index] ?? ''));
}

function spokenSpelling(word: string): string {
  return word
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/(.)\1+/g, '$1')
    .replace(/c(?=[aou]|$)/g, 'k')
    .replace(/([aeiou])h$/, '$1')
    .replace(/(ie|ey|i)$/, 'y');
}

/** The better of the whole names and their words (so a typo in one half of a double-barrelled name still scores). */
function bestSpellingSimilarity(a: PreparedName, b: PreparedName): number {
  let best = jaroWinkler(a.full, b.full);
  if (a.words.length === 1 && b.words.length === 1) return best;
  for (const wordA of a.words) {
    if (wordA.length < 2) continue;
    for (const wordB of b.words) {
      if (wordB.length >= 2) best = Math.max(best, jaroWinkler(wordA, wordB));
    }
  }
  return best;
}

function isStronger(a: NameLevel, b: NameLevel): boolean {
  return NAME_LEVELS.indexOf(a) < NAME_LEVELS.indexOf(b);
}

/**
 * One letter inserted, deleted or changed, or two neighbours swapped: the typical typo, which
 * Jaro-Winkler scores low in short names (Lely and Lily, Olvia and Olivia).
 */
export function isOneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a.length < 3 || b.length < 3) return false;
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const [restA, restB] = [a.slice(start, endA), b.slice(start, endB)];
  if (restA.length <= 1 && restB.length <= 1) return true;
  return restA.length === 2 && restB.length === 2 && restA[0] === restB[1] && restA[1] === restB[0];
}

/** A query's name against the candidate's given name, also its middle names (a child known by one). */
export function compareWithGivenName(name: PreparedName | undefined, candidate: PreparedPerson): NameLevel {
  const level = compareNames(name, candidate.given);
  if (level !== 'different' || !candidate.middle) return level;
  const middle = compareNames(name, candidate.middle);
  return middle === 'exact' || middle === 'nickname' ? 'part' : level;
}

/** A query's name against the candidate's family name, its parts and previous surnames. */
export function compareWithFamilyName(name: PreparedName | undefined, candidate: PreparedPerson): NameLevel {
  let level = compareNames(name, candidate.family);
  for (const previous of candidate.previousFamily) {
    if (level === 'exact' || level === 'part') break;
    const viaPrevious = compareNames(name, previous);
    const asPart = viaPrevious === 'exact' ? 'part' : viaPrevious;
    if (isStronger(asPart, level)) level = asPart;
  }
  return level;
}

export function compareDates(a: DateParts | undefined, b: DateParts | undefined): DateLevel {
  if (!a || !b) return 'missing';
  if (a.digits === b.digits) return 'exact';
  if (a.year === b.year && a.day === b.month && a.month === b.day) return 'transposed';
  if (Math.abs(a.dayNumber - b.dayNumber) === 1) return 'oneDay';
  if (a.year === b.year && a.day === b.day && Math.abs(a.month - b.month) === 1) return 'oneMonth';
  if (a.month === b.month && a.day === b.day && Math.abs(a.year - b.year) === 1) return 'oneYear';
  if (isOneTypoApart(a.digits, b.digits)) return 'oneDigit';
  if (a.year === b.year) return 'sameYear';
  return 'different';
}

const SLIPS = new Set<DateLevel>(['exact', 'transposed', 'oneDay', 'oneMonth', 'oneYear', 'oneDigit']);

/**
 * Dates at most two slips apart (each a day or two, a month or a year out, day and month swapped,
 * or a digit): one date written wrongly twice, as a day and a year out, not a different birth.
 */
export function isTwoSlipsApart(a: DateParts | undefined, b: DateParts | undefined): boolean {
  if (!a || !b) return false;
  const oneSlipFrom = (from: DateParts, to: DateParts) =>
    likelyDateTypos(from).some(
      (slipped) => SLIPS.has(compareDates(slipped, to)) || Math.abs(slipped.dayNumber - to.dayNumber) <= 2
    );
  return oneSlipFrom(a, b) || oneSlipFrom(b, a);
}

/** One digit changed, or two neighbouring digits swapped. */
export function isOneTypoApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differences: number[] = [];
  for (let index = 0; index < a.length && differences.length <= 2; index++) {
    if (a[index] !== b[index]) differences.push(index);
  }
  if (differences.length === 1) return true;
  const [first, second] = differences;
  return (
    differences.length === 2 &&
    second === (first as number) + 1 &&
    a[first as number] === b[second] &&
    a[second] === b[first as number]
  );
}

export function compareSex(a: 'M' | 'F' | undefined, b: 'M' | 'F' | undefined): SexLevel {
  if (!a || !b) return 'missing';
  return a === b ? 'same' : 'different';
}

export function comparePostcodes(a: PreparedPerson, b: PreparedPerson): PostcodeLevel {
  if (!a.postcode || !b.postcode) return 'missing';
  if (a.postcode === b.postcode) return 'full';
  return a.outward && a.outward === b.outward ? 'outward' : 'different';
}

/** Share of address words the two have in common (Dice), a word also agreeing when spelled almost alike. */
export function compareAddresses(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined
): AddressLevel {
  if (!a || !b) return 'missing';
  let shared = 0;
  for (const word of a) {
    if (b.includes(word) || b.some((other) => wordsAlmostAlike(word, other))) shared++;
  }
  const dice = (2 * shared) / (a.length + b.length);
  if (dice >= 0.9) return 'same';
  if (dice >= 0.6) return 'similar';
  return dice >= 0.3 ? 'partial' : 'different';
}

function wordsAlmostAlike(a: string, b: string): boolean {
  return a.length >= 4 && b.length >= 4 && a[0] === b[0] && jaroWinkler(a, b) >= CLOSE_SPELLING;
}

export function compareIdentifiers(a: Identifier | undefined, b: Identifier | undefined): IdentifierLevel {
  if (!a || !b) return 'missing';
  const bothValid = a.validNhsNumber && b.validNhsNumber;
  if (a.digits === b.digits) return bothValid ? 'exact' : 'exactUnverified';
  if (isOneTypoApart(a.digits, b.digits)) return 'oneDigit';
  return bothValid ? 'different' : 'differentUnverified';
}
