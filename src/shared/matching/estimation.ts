/**
 * Estimating m and u: by counting levels in labelled pairs (m from pairs known to be the same
 * person, u from random pairs), or without labels from an index by expectation maximisation over
 * its blocked pairs, as Splink does (fitModel). 'missing' is never counted: it carries no evidence.
 */
import { Random } from '../random.ts';
import { buildBlockingIndex, findCandidates } from './blocking.ts';
import {
  compareDates,
  compareNames,
  COMPARISON_NAMES,
  COMPARISONS,
  type ComparisonLevels,
  type ComparisonName,
} from './comparisons.ts';
import { NO_NAME_FREQUENCIES, type LevelParameters, type MatchModel, type ModelParameters } from './model.ts';
import type { PreparedPerson } from './prepared-person.ts';
import { scorePrepared } from './score-pair.ts';

type LevelCounts = { [C in ComparisonName]: Record<string, number> };

/** A small pseudo-count per level, so a level never seen still gets a finite weight. */
const PSEUDO_COUNT = 0.5;

export function countLevels(
  pairs: Iterable<ComparisonLevels>,
  weightOf: (index: number) => number = () => 1
) {
  const counts = emptyCounts();
  let index = 0;
  for (const levels of pairs) {
    const weight = weightOf(index++);
    for (const comparison of COMPARISON_NAMES) {
      const level = levels[comparison];
      counts[comparison][level] = (counts[comparison][level] ?? 0) + weight;
    }
  }
  return counts;
}

function emptyCounts(): LevelCounts {
  return Object.fromEntries(COMPARISON_NAMES.map((comparison) => [comparison, {}])) as LevelCounts;
}

function proportions(counts: Record<string, number>, levels: readonly string[]): Record<string, number> {
  const counted = levels.filter((level) => level !== 'missing');
  const total = counted.reduce((sum, level) => sum + (counts[level] ?? 0), 0) + PSEUDO_COUNT * counted.length;
  return Object.fromEntries(counted.map((level) => [level, ((counts[level] ?? 0) + PSEUDO_COUNT) / total]));
}

/** m and u per level from level counts among matching pairs and among non-matching pairs. */
export function parametersFromCounts(matches: LevelCounts, nonMatches: LevelCounts): ModelParameters {
  return Object.fromEntries(
    COMPARISON_NAMES.map((comparison) => {
      const levels = COMPARISONS[comparison];
      const m = proportions(matches[comparison], levels);
      const u = proportions(nonMatches[comparison], levels);
      const parameters = Object.fromEntries(
        Object.keys(m).map((level) => [
          level,
          { m: m[level] as number, u: u[level] as number } satisfies LevelParameters,
        ])
      );
      return [comparison, parameters];
    })
  ) as unknown as ModelParameters;
}

function matchProbability(levels: ComparisonLevels, parameters: ModelParameters, matchShare: number): number {
  const logOdds = Math.log2(matchShare / (1 - matchShare)) + pairWeight(levels, parameters);
  return 1 / (1 + 2 ** -logOdds);
}

/** The match weight of a pair's levels: the sum of log2(m/u). */
function pairWeight(levels: ComparisonLevels, parameters: ModelParameters): number {
  let weight = 0;
  for (const comparison of COMPARISON_NAMES) {
    const value = (parameters[comparison] as Record<string, LevelParameters | undefined>)[levels[comparison]];
    if (value) weight += Math.log2(value.m / value.u);
  }
  return weight;
}

export interface FitOptions {
  /** Random pairs for u (nearly all are different people). */
  readonly randomPairs?: number;
  /** At most this many blocked candidate pairs go into expectation maximisation (a sample beyond). */
  readonly candidatePairs?: number;
  readonly rounds?: number;
  /**
   * How many pairs' worth of weight the starting m values carry: an index with few duplicates
   * (a well-kept one) cannot move them far, a large one with many can.
   */
  readonly priorPairs?: number;
  readonly seed?: number;
}

export interface FitDiagnostics {
  readonly people: number;
  readonly randomPairs: number;
  readonly candidatePairs: number;
  /** Share of candidate pairs estimated to be the same person. */
  readonly matchShare: number;
  /** Share of people with a brother, sister or parent of the same surname at the same address. */
  readonly familyShare: number;
  readonly rounds: number;
}

export interface FittedMatchModel {
  readonly model: MatchModel;
  readonly diagnostics: FitDiagnostics;
}

/** An index where at least this share of people live with family of their surname holds families. */
export const FAMILY_SHARE_FOR_FAMILY_RULES = 0.05;
const DEFAULT_FIT: Required<FitOptions> = {
  randomPairs: 200_000,
  candidatePairs: 1_000_000,
  rounds: 25,
  priorPairs: 50,
  seed: 20_261_206,
};

/**
 * Splink's recipe without labels, on the council's own index: u from random pairs; m by expectation
 * maximisation over the blocked candidate pairs (u held fixed), starting from and anchored to `start`;
 * names' term frequencies are applied when scoring (model.ts), not here. Family pairs (same surname
 * and home, another given name and date of birth) are left out of the estimate of m: the family rules
 * never let them match, and counting them would teach the model that a sibling looks like a duplicate.
 */
export function fitModel(
  people: readonly PreparedPerson[],
  start: MatchModel,
  options: FitOptions = {}
): FittedMatchModel {
  const settings = { ...DEFAULT_FIT, ...options };
  const levelsOf = (a: PreparedPerson, b: PreparedPerson) =>
    scorePrepared(a, b, start, NO_NAME_FREQUENCIES).levels;
  const random = new Random(settings.seed);
  const randomLevels: ComparisonLevels[] = [];
  for (let pair = 0; people.length > 1 && pair < settings.randomPairs; pair++) {
    const a = random.int(0, people.length - 1);
    const b = (a + random.int(1, people.length - 1)) % people.length;
    randomLevels.push(levelsOf(people[a] as PreparedPerson, people[b] as PreparedPerson));
  }
  const familyShare = shareLivingWithFamily(people);
  const indexHoldsFamilies = familyShare >= FAMILY_SHARE_FOR_FAMILY_RULES;
  const candidateLevels = blockedPairs(people, settings.candidatePairs, random)
    .map(([a, b]) => levelsOf(people[a] as PreparedPerson, people[b] as PreparedPerson))
    .filter((levels) => !(indexHoldsFamilies && isFamilyPair(levels)));
  const randomCounts = countLevels(randomLevels);
  const prior = scaledCounts(start.parameters, settings.priorPairs);
  let parameters = parametersFromCounts(prior, randomCounts);
  // The share of matches is taken from the pairs the starting m and this index's u would match, and
  // held: left free, EM on an index with few duplicates settles on calling every candidate pair a match.
  const matchShare = clampShare(
    candidateLevels.filter((levels) => pairWeight(levels, parameters) >= start.thresholds.match).length /
      Math.max(1, candidateLevels.length)
  );
  for (let round = 0; round < settings.rounds && candidateLevels.length > 0; round++) {
    const probabilities = candidateLevels.map((levels) => matchProbability(levels, parameters, matchShare));
    const matchCounts = addCounts(
      countLevels(candidateLevels, (index) => probabilities[index] as number),
      prior
    );
    parameters = parametersFromCounts(matchCounts, randomCounts);
  }
  return {
    model: { ...start, parameters, indexHoldsFamilies },
    diagnostics: {
      people: people.length,
      randomPairs: randomLevels.length,
      candidatePairs: candidateLevels.length,
      matchShare,
      familyShare,
      rounds: settings.rounds,
    },
  };
}

/** Each pair of people sharing a blocking key, once; an even sample when there are more than `limit`. */
function blockedPairs(people: readonly PreparedPerson[], limit: number, random: Random): [number, number][] {
  const index = buildBlockingIndex(people);
  const pairs: [number, number][] = [];
  let seen = 0;
  people.forEach((person, a) => {
    for (const b of findCandidates(index, person)) {
      if (b <= a) continue;
      seen++;
      // Reservoir sampling: every pair equally likely to be kept, in one pass.
      if (pairs.length < limit) pairs.push([a, b]);
      else {
        const slot = random.int(0, seen - 1);
        if (slot < limit) pairs[slot] = [a, b];
      }
    }
  });
  return pairs;
}

/** Same surname and home, another given name (or none): a twin, brother, sister or parent. */
export function isFamilyPair(levels: ComparisonLevels): boolean {
  const home = levels.postcode === 'full' || levels.address === 'same' || levels.address === 'similar';
  return (
    home &&
    (levels.familyName === 'exact' || levels.familyName === 'part') &&
    (levels.givenName === 'different' || levels.givenName === 'missing')
  );
}

/** Share of people who share a surname and postcode with someone of another given name born apart. */
export function shareLivingWithFamily(people: readonly PreparedPerson[]): number {
  const homes = new Map<string, PreparedPerson[]>();
  for (const person of people) {
    if (!person.family || !person.postcode) continue;
    const key = `${person.family.full}|${person.postcode}`;
    homes.set(key, [...(homes.get(key) ?? []), person]);
  }
  let withFamily = 0;
  for (const members of homes.values()) {
    for (const person of members) {
      const family = members.some(
        (other) =>
          other !== person &&
          compareNames(person.given, other.given) === 'different' &&
          ['different', 'sameYear'].includes(compareDates(person.dateOfBirth, other.dateOfBirth))
      );
      if (family) withFamily++;
    }
  }
  return people.length ? withFamily / people.length : 0;
}

/** m of `parameters` as counts of `pairs` pairs. */
function scaledCounts(parameters: ModelParameters, pairs: number): LevelCounts {
  const counts = emptyCounts();
  for (const comparison of COMPARISON_NAMES) {
    for (const [level, value] of Object.entries(parameters[comparison] as Record<string, LevelParameters>)) {
      counts[comparison][level] = value.m * pairs;
    }
  }
  return counts;
}

function addCounts(a: LevelCounts, b: LevelCounts): LevelCounts {
  const sum = emptyCounts();
  for (const comparison of COMPARISON_NAMES) {
    for (const level of COMPARISONS[comparison]) {
      sum[comparison][level] = (a[comparison][level] ?? 0) + (b[comparison][level] ?? 0);
    }
  }
  return sum;
}

/** A share of exactly 0 or 1 would make every later probability certain. */
function clampShare(share: number): number {
  return Math.min(1 - 1e-6, Math.max(1e-6, share));
}
