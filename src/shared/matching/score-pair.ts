/**
 * Scores one query against one candidate: each field's comparison level gives a weight, the
 * weights add up to a score, and the score (with the safety rules below) gives the decision.
 */
import { houseOf } from './blocking.ts';
import type { DateParts } from './normalise.ts';
import {
  compareAddresses,
  compareDates,
  compareIdentifiers,
  comparePostcodes,
  compareSex,
  compareWithFamilyName,
  compareWithGivenName,
  isSpellingVariant,
  isTwoSlipsApart,
  type ComparisonLevels,
  type ComparisonName,
  type IdentifierLevel,
  type NameLevel,
} from './comparisons.ts';
import { FITTED_MODEL } from './fitted-model.ts';
import { isKnownName, readsAs } from './known-names.ts';
import {
  exactNameWeight,
  levelWeights,
  NO_NAME_FREQUENCIES,
  type MatchModel,
  type NameFrequencies,
} from './model.ts';
import {
  preparePerson,
  type PersonRecord,
  type PreparedName,
  type PreparedPerson,
} from './prepared-person.ts';
import { describeLevel, NAMES_SWAPPED } from './reasons.ts';

export type Decision = 'match' | 'possible' | 'none';

export interface PairScore {
  /** The match weight: log2 of how much likelier the evidence is for the same person than for two. */
  readonly score: number;
  readonly decision: Decision;
  /** Plain English, strongest evidence first: 'same date of birth', 'surname sounds alike'. */
  readonly reasons: string[];
  readonly levels: ComparisonLevels;
  readonly namesSwapped: boolean;
  /** The safety rules below keep this pair from an automatic match whatever its score. */
  readonly heldForReview: boolean;
}

/** Scores a query against a candidate record. Name frequencies come from the index being searched. */
export function scorePair(
  query: PersonRecord,
  candidate: PersonRecord,
  model: MatchModel = FITTED_MODEL,
  frequencies: NameFrequencies = NO_NAME_FREQUENCIES
): PairScore {
  return scorePrepared(preparePerson(query), preparePerson(candidate), model, frequencies);
}

/** `withReasons` false leaves `reasons` empty, for callers that never show them (bulk matching). */
export function scorePrepared(
  query: PreparedPerson,
  candidate: PreparedPerson,
  model: MatchModel,
  frequencies: NameFrequencies,
  withReasons = true
): PairScore {
  const names = alignNames(query, candidate, model, frequencies);
  const levels: ComparisonLevels = {
    givenName: names.given,
    familyName: names.family,
    dateOfBirth: compareDates(query.dateOfBirth, candidate.dateOfBirth),
    sex: compareSex(query.sex, candidate.sex),
    postcode: comparePostcodes(query, candidate),
    address: compareAddresses(query.address, candidate.address),
    nhsNumber: compareIdentifiers(query.identifier, candidate.identifier),
  };
  const weights = levelWeights(model);
  const contributions: [ComparisonName, number][] = [
    ['givenName', names.givenWeight],
    ['familyName', names.familyWeight],
    ['dateOfBirth', weights.dateOfBirth[levels.dateOfBirth] as number],
    ['sex', weights.sex[levels.sex] as number],
    ['postcode', weights.postcode[levels.postcode] as number],
    ['address', weights.address[levels.address] as number],
    ['nhsNumber', weights.nhsNumber[levels.nhsNumber] as number],
  ];
  const score = contributions.reduce((sum, [, weight]) => sum + weight, 0);
  const queryGiven = names.swapped ? query.family : query.given;
  const holdReason = reviewReason(
    levels,
    (levels.givenName === 'close' && !isAnotherKnownGivenName(queryGiven, frequencies)) ||
      isSpellingVariant(queryGiven, candidate.given),
    model.indexHoldsFamilies,
    () =>
      isTwoSlipsApart(query.dateOfBirth, candidate.dateOfBirth) &&
      tooCloseForSiblings(query.dateOfBirth, candidate.dateOfBirth) &&
      isSameHouse(query, candidate, levels)
  );
  const decision = decide(score, holdReason !== undefined, model);
  // Worded up front when wanted (bulk matching, which never shows them, asks not to): wording them only
  // when read, through a getter, made each result an object V8 builds slowly, and scoring took twice as long.
  const held = holdReason && score >= model.thresholds.match ? [holdReason] : [];
  const reasons = withReasons ? [...reasonsFor(contributions, levels, names.swapped), ...held] : [];
  return {
    score,
    decision,
    heldForReview: holdReason !== undefined,
    reasons,
    levels,
    namesSwapped: names.swapped,
  };
}

/** Name levels are always those of the candidate's given and family names, whichever query field matched them. */
interface NameAlignment {
  given: NameLevel;
  family: NameLevel;
  givenWeight: number;
  familyWeight: number;
  swapped: boolean;
}

/** Names as written, or given and family swapped when that explains them clearly better. */
function alignNames(
  query: PreparedPerson,
  candidate: PreparedPerson,
  model: MatchModel,
  frequencies: NameFrequencies
): NameAlignment {
  const aligned = (
    queryGiven: PreparedName | undefined,
    queryFamily: PreparedName | undefined,
    swapped: boolean
  ) => {
    const given = readAsKnownGivenName(
      compareWithGivenName(queryGiven, candidate),
      queryGiven,
      candidate,
      frequencies
    );
    const family = compareWithFamilyName(queryFamily, candidate);
    return {
      given,
      family,
      givenWeight: nameWeight(model, frequencies, 'givenName', given, candidate.given?.full),
      familyWeight: nameWeight(model, frequencies, 'familyName', family, candidate.family?.full),
      swapped,
    };
  };
  const direct = aligned(query.given, query.family, false);
  if (!mightBeSwapped(direct)) return direct;
  const swapped = aligned(query.family, query.given, true);
  const better = swapped.givenWeight + swapped.familyWeight > direct.givenWeight + direct.familyWeight;
  return better && isAgreement(swapped.given) && isAgreement(swapped.family) ? swapped : direct;
}

/**
 * A given name only alike the candidate's (Lyiy and Lily, Reggy and Reggie) that no one in the index
 * has, and whose nearest real name is the candidate's, is that name misspelt: read as a person
 * would, it agrees closely. A real name (Albie for Alfie) is another name, never read as one.
 * Given names only: a council's surnames are too many and too varied for "no one has it" to tell.
 */
function readAsKnownGivenName(
  level: NameLevel,
  queryName: PreparedName | undefined,
  candidate: PreparedPerson,
  frequencies: NameFrequencies
): NameLevel {
  if (level !== 'similar' || !queryName || !candidate.given) return level;
  // Only against the index's own names: without them, any spelling would read as any name.
  const { full } = candidate.given;
  return isKnownName(full, frequencies.given) && readsAs(queryName.full, full, frequencies.given)
    ? 'close'
    : level;
}

function mightBeSwapped({ given, family }: NameAlignment): boolean {
  return given !== 'missing' && family !== 'missing' && (!isAgreement(given) || !isAgreement(family));
}

function isAgreement(level: NameLevel): boolean {
  return level !== 'different' && level !== 'missing';
}

function nameWeight(
  model: MatchModel,
  frequencies: NameFrequencies,
  comparison: 'givenName' | 'familyName',
  level: NameLevel,
  candidateName: string | undefined
): number {
  if (level !== 'exact') return levelWeights(model)[comparison][level] as number;
  const table = comparison === 'givenName' ? frequencies.given : frequencies.family;
  const count = candidateName && frequencies.total > 0 ? table.get(candidateName) : undefined;
  return exactNameWeight(model, comparison, count === undefined ? undefined : count / frequencies.total);
}

function decide(score: number, heldForReview: boolean, model: MatchModel): Decision {
  if (score < model.thresholds.possible) return 'none';
  return score < model.thresholds.match || heldForReview ? 'possible' : 'match';
}

/**
 * Evidence that must stop an automatic match however well the rest agrees, in words.
 *
 * A date of birth is the one field that tells namesakes apart (there are many Oliver Smiths, few born
 * on one day), so a date that does not agree exactly — even a likely slip — needs an identifier or an
 * address to agree before it can be called the same person; without them a person decides. So does a
 * family name that differs: a given name and a date of birth alone are shared by many children.
 *
 * Twins and siblings share a surname and an address (twins a date of birth too), and those agreements
 * are not independent evidence: so a different NHS number, sex, given name or date of birth overrules
 * them, and without a given name or (at one address) a date of birth, only the NHS number tells family
 * apart. These family rules hold wherever the index holds families (every council's does).
 */
function reviewReason(
  levels: ComparisonLevels,
  givenNameMisspelt: boolean,
  indexHoldsFamilies: boolean,
  sameHouseDateSlipped: () => boolean
): string | undefined {
  if (levels.nhsNumber === 'different') return HELD.nhsNumber;
  if (SAME_IDENTIFIER.has(levels.nhsNumber)) return undefined;
  if (levels.sex === 'different') return HELD.sex;
  const home = sharesAHome(levels);
  if (isDateOfBirthUnsupported(levels)) return HELD.dateWithoutSupport;
  if (isFamilyNameUnsupported(levels)) return HELD.familyNameWithoutSupport;
  if (!indexHoldsFamilies) return undefined;
  if (levels.givenName === 'missing') return HELD.noGivenName;
  if (levels.givenName === 'different') return HELD.givenName;
  // Brothers and sisters are not given one name; a parent and a child who share one are a generation
  // apart. So in one house the same given name (its short form, a close misspelling of it that is no
  // real name, or another spelling of it that sounds the same) with dates two slips apart (a day and a
  // month out, a digit and a day) is one person written twice; dates further apart may be a junior.
  const sameGivenName = SAME_GIVEN_NAME.has(levels.givenName) || givenNameMisspelt;
  const sameNameSlippedDate = sameGivenName && sameHouseDateSlipped();
  if ((levels.dateOfBirth === 'different' || levels.dateOfBirth === 'sameYear') && !sameNameSlippedDate)
    return HELD.dateOfBirth;
  // At one address a parent and child may share a name (a junior): only the date of birth tells.
  if (home && levels.dateOfBirth === 'missing') return HELD.noDateOfBirth;
  // Twins share a surname and birthday (and usually a home), and their names may rhyme (Zayan and
  // Ayaan) or be a letter apart (Alfie and Albie): there the given name must agree clearly, or be a
  // typo (close, and no real name).
  const twinsLike = home || (levels.dateOfBirth === 'exact' && SAME_SURNAME.has(levels.familyName));
  const clearlySame = CLEARLY_SAME_GIVEN_NAME.has(levels.givenName) || givenNameMisspelt;
  return twinsLike && !clearlySame ? HELD.twin : undefined;
}

export const HELD = {
  nhsNumber: 'for review: the NHS numbers differ',
  sex: 'for review: recorded sex differs',
  noGivenName: 'for review: no given name to tell children of one family apart',
  givenName: 'for review: the given names differ',
  dateOfBirth: 'for review: the dates of birth differ (a sibling?)',
  dateWithoutSupport:
    'for review: the dates of birth do not agree exactly, and no NHS number or address confirms them (a namesake?)',
  familyNameWithoutSupport:
    'for review: the family names differ, and no NHS number or address confirms the person (a namesake?)',
  noDateOfBirth: 'for review: no date of birth to tell family members at one address apart',
  twin: 'for review: could be a twin or sibling, the given names are only alike',
} as const;

/** A twin's NHS number is never one typo away from the other's. */
const SAME_IDENTIFIER = new Set<IdentifierLevel>(['exact', 'exactUnverified', 'oneDigit']);
const CLEARLY_SAME_GIVEN_NAME = new Set<NameLevel>(['exact', 'part', 'nickname']);
/** One name, as written or by its short form (Flo for Florence): never two brothers' or sisters'. */
const SAME_GIVEN_NAME = new Set<NameLevel>(['exact', 'nickname']);
const SAME_SURNAME = new Set<NameLevel>(['exact', 'part', 'close']);
function isAnotherKnownGivenName(name: PreparedName | undefined, frequencies: NameFrequencies): boolean {
  return name !== undefined && isKnownName(name.full, frequencies.given);
}

/**
 * One house, not only one postcode or street: neighbours share those. Addresses that agree must not
 * name different house numbers; without both addresses, the full postcode must agree.
 */
/**
 * Brothers and sisters are born at least this many days apart (twins share a birthday). Some families give
 * every son one first name (Mohammed Ali, Mohammed Omar): a year-out slip could be such a brother.
 */
const SIBLINGS_APART_DAYS = 270;

function tooCloseForSiblings(a: DateParts | undefined, b: DateParts | undefined): boolean {
  return a !== undefined && b !== undefined && Math.abs(a.dayNumber - b.dayNumber) < SIBLINGS_APART_DAYS;
}

function isSameHouse(query: PreparedPerson, candidate: PreparedPerson, levels: ComparisonLevels): boolean {
  if (levels.address === 'missing') return levels.postcode === 'full';
  const [queryHouse, candidateHouse] = [houseOf(query.address), houseOf(candidate.address)];
  if (queryHouse === undefined || candidateHouse === undefined) return levels.address === 'same';
  return (levels.address === 'same' || levels.address === 'similar') && queryHouse === candidateHouse;
}

/**
 * A date of birth that does not agree exactly, with no NHS number or address to confirm the person: never a
 * match, whatever the score (a namesake born near them is as likely).
 */
export function isDateOfBirthUnsupported(levels: ComparisonLevels): boolean {
  return !SAME_IDENTIFIER.has(levels.nhsNumber) && !sharesAHome(levels) && levels.dateOfBirth !== 'exact';
}

/**
 * A family name that differs (not a previous surname, a part of it or a spelling of it), with no NHS number or
 * address to confirm the person: never a match. A given name and a date of birth are shared by many children
 * of a large council (Poppy, born 31 October 2017): without the surname nothing else tells them apart.
 */
export function isFamilyNameUnsupported(levels: ComparisonLevels): boolean {
  return levels.familyName === 'different' && !SAME_IDENTIFIER.has(levels.nhsNumber) && !sharesAHome(levels);
}

function sharesAHome(levels: ComparisonLevels): boolean {
  return levels.postcode === 'full' || levels.address === 'same' || levels.address === 'similar';
}

function reasonsFor(
  contributions: [ComparisonName, number][],
  levels: ComparisonLevels,
  swapped: boolean
): string[] {
  const described = contributions
    .filter(([, weight]) => Math.abs(weight) >= 0.5)
    .sort((a, b) => b[1] - a[1])
    .flatMap(([comparison]) => describeLevel(comparison, levels[comparison]) ?? []);
  return swapped ? [NAMES_SWAPPED, ...described] : described;
}
