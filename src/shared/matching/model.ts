/**
 * A Fellegi–Sunter model: for each comparison level, m = P(level | same person) and
 * u = P(level | different people). A level's weight is log2(m / u); a pair's score is the sum.
 */
import { COMPARISON_NAMES, COMPARISONS, type ComparisonLevels, type ComparisonName } from './comparisons.ts';
import type { PreparedPerson } from './prepared-person.ts';

export interface LevelParameters {
  readonly m: number;
  readonly u: number;
}

export type ModelParameters = {
  readonly [C in ComparisonName]: Readonly<Partial<Record<ComparisonLevels[C], LevelParameters>>>;
};

export interface MatchModel {
  readonly parameters: ModelParameters;
  /** Scores at or above `match` are matches, at or above `possible` go to a person to review. */
  readonly thresholds: { readonly match: number; readonly possible: number };
  /** A best candidate only counts as a match when it beats the runner-up by this many bits. */
  readonly ambiguityMargin: number;
  /** The smallest u an exact name agreement may get, so one rare name cannot decide alone. */
  readonly minimumNameU: number;
  /**
   * Whether the index holds families (people sharing a surname and an address): then agreement on
   * those is no proof against a twin or sibling, and the family rules in score-pair.ts apply. Every
   * council's index does; a file of unrelated people (Febrl's) does not. Estimated by `fitModel`.
   */
  readonly indexHoldsFamilies: boolean;
}

/** How often each given and family name (folded, words run together) occurs in the index matched against. */
export interface NameFrequencies {
  readonly total: number;
  readonly given: ReadonlyMap<string, number>;
  readonly family: ReadonlyMap<string, number>;
}

export const NO_NAME_FREQUENCIES: NameFrequencies = { total: 0, given: new Map(), family: new Map() };

export function countNameFrequencies(people: Iterable<PreparedPerson>): NameFrequencies {
  const given = new Map<string, number>();
  const family = new Map<string, number>();
  let total = 0;
  for (const person of people) {
    total++;
    if (person.given) given.set(person.given.full, (given.get(person.given.full) ?? 0) + 1);
    if (person.family) family.set(person.family.full, (family.get(person.family.full) ?? 0) + 1);
  }
  return { total, given, family };
}

/**
 * The counts of shares of an index (in the index's order) added up: the same as counted at once, names
 * in the same order (the order known-names.ts reads them in).
 */
export function mergeNameFrequencies(parts: readonly NameFrequencies[]): NameFrequencies {
  const given = new Map<string, number>();
  const family = new Map<string, number>();
  for (const part of parts) {
    for (const [name, count] of part.given) given.set(name, (given.get(name) ?? 0) + count);
    for (const [name, count] of part.family) family.set(name, (family.get(name) ?? 0) + count);
  }
  return { total: parts.reduce((sum, part) => sum + part.total, 0), given, family };
}

export type LevelWeights = { readonly [C in ComparisonName]: Readonly<Record<string, number>> };

const compiledWeights = new WeakMap<MatchModel, LevelWeights>();

/** log2(m/u) for every level ('missing' is 0: no evidence either way). */
export function levelWeights(model: MatchModel): LevelWeights {
  let weights = compiledWeights.get(model);
  if (!weights) {
    weights = Object.fromEntries(
      COMPARISON_NAMES.map((comparison) => [
        comparison,
        Object.fromEntries(
          COMPARISONS[comparison].map((level) => {
            const parameters = (model.parameters[comparison] as Record<string, LevelParameters | undefined>)[
              level
            ];
            return [level, parameters && level !== 'missing' ? Math.log2(parameters.m / parameters.u) : 0];
          })
        ),
      ])
    ) as LevelWeights;
    compiledWeights.set(model, weights);
  }
  return weights;
}

/** Weight of an exact name agreement, adjusted for how common the name is (Muhammad Khan weighs less). */
export function exactNameWeight(
  model: MatchModel,
  comparison: 'givenName' | 'familyName',
  share: number | undefined
): number {
  const exact = model.parameters[comparison].exact;
  if (!exact) return 0;
  if (share === undefined) return Math.log2(exact.m / exact.u);
  return Math.log2(exact.m / Math.max(share, model.minimumNameU));
}

/**
 * A model read back from storage, checked against the engine's shape: every level of every
 * comparison with m and u in (0, 1], thresholds and the other settings numbers. Undefined otherwise.
 */
export function parseMatchModel(value: unknown): MatchModel | undefined {
  if (typeof value === 'string') return parseMatchModel(JSON.parse(value) as unknown);
  const model = value as Partial<MatchModel> | null;
  if (!model || typeof model !== 'object' || !model.parameters || !model.thresholds) return undefined;
  const isShare = (number: unknown) => typeof number === 'number' && number > 0 && number <= 1;
  const levelsValid = COMPARISON_NAMES.every((comparison) =>
    COMPARISONS[comparison]
      .filter((level) => level !== 'missing')
      .every((level) => {
        const parameters = (model.parameters?.[comparison] as Record<string, LevelParameters> | undefined)?.[
          level
        ];
        return parameters !== undefined && isShare(parameters.m) && isShare(parameters.u);
      })
  );
  const numbers = [
    model.thresholds.match,
    model.thresholds.possible,
    model.ambiguityMargin,
    model.minimumNameU,
  ];
  const valid =
    levelsValid &&
    numbers.every((number) => typeof number === 'number' && Number.isFinite(number)) &&
    typeof model.indexHoldsFamilies === 'boolean';
  return valid ? (model as MatchModel) : undefined;
}
