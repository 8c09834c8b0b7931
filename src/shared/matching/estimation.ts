/**
 * Estimating m and u: by counting levels in labelled pairs (m from pairs known to be the same
 * person, u from random pairs), or without labels by expectation maximisation over candidate
 * pairs, as Splink does. 'missing' is never counted: it carries no evidence.
 */
import { COMPARISON_NAMES, COMPARISONS, type ComparisonLevels, type ComparisonName } from './comparisons.ts';
import type { LevelParameters, ModelParameters } from './model.ts';

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

export interface EmResult {
  readonly parameters: ModelParameters;
  /** Share of the candidate pairs that are matches. */
  readonly matchShare: number;
}

/**
 * Expectation maximisation of m (u stays as estimated from random pairs, which are nearly all
 * non-matches): each round weighs every candidate pair by its current match probability.
 */
export function estimateByExpectationMaximisation(
  pairs: readonly ComparisonLevels[],
  start: ModelParameters,
  startMatchShare: number,
  rounds = 20
): EmResult {
  let parameters = start;
  let matchShare = startMatchShare;
  const randomCounts = uAsCounts(start);
  for (let round = 0; round < rounds; round++) {
    const probabilities = pairs.map((levels) => matchProbability(levels, parameters, matchShare));
    const matchCounts = countLevels(pairs, (index) => probabilities[index] as number);
    parameters = parametersFromCounts(matchCounts, randomCounts);
    matchShare = probabilities.reduce((sum, probability) => sum + probability, 0) / pairs.length;
  }
  return { parameters, matchShare };
}

/** The fixed u as counts, so they survive re-estimation unchanged (bar the pseudo-count). */
function uAsCounts(parameters: ModelParameters): LevelCounts {
  const counts = emptyCounts();
  for (const comparison of COMPARISON_NAMES) {
    for (const [level, value] of Object.entries(parameters[comparison] as Record<string, LevelParameters>)) {
      counts[comparison][level] = value.u * 1e7;
    }
  }
  return counts;
}

function matchProbability(levels: ComparisonLevels, parameters: ModelParameters, matchShare: number): number {
  let logOdds = Math.log2(matchShare / (1 - matchShare));
  for (const comparison of COMPARISON_NAMES) {
    const value = (parameters[comparison] as Record<string, LevelParameters | undefined>)[levels[comparison]];
    if (value) logOdds += Math.log2(value.m / value.u);
  }
  return 1 / (1 + 2 ** -logOdds);
}
