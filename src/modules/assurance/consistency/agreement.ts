import type { IndicatedLevel } from './consistency-model.ts';
import { twoSidedZ, wilsonInterval, type Interval } from './statistics.ts';

/**
 * Agreement between the original decision and the auditor's view of what it should have been, and how
 * often the chosen level of need differs from the level the descriptors indicated.
 *
 * Cohen's kappa is the agreement beyond what two people choosing at random with the same habits would
 * reach: (observed − chance) / (1 − chance); 1 is perfect, 0 is chance. For ordered categories (levels
 * 1–4) the weighted kappa counts a near miss (2 for 3) as partly agreeing: linear weights 1 − |i − j| /
 * (k − 1), or quadratic 1 − ((i − j) / (k − 1))². The 95% interval uses the large-sample standard error
 * of Fleiss, Cohen and Everitt (1969), as SAS PROC FREQ and Stata's kap do.
 */

export type KappaWeighting = 'unweighted' | 'linear' | 'quadratic';

export interface KappaResult {
  readonly kappa: number;
  readonly standardError: number;
  readonly interval: Interval;
  readonly observedAgreement: number;
  readonly chanceAgreement: number;
  readonly pairs: number;
}

export interface RatedPair<T> {
  readonly original: T;
  readonly auditor: T;
}

function agreementWeights(size: number, weighting: KappaWeighting): number[][] {
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => {
      if (weighting === 'unweighted' || size === 1) return row === column ? 1 : 0;
      const distance = Math.abs(row - column) / (size - 1);
      return weighting === 'linear' ? 1 - distance : 1 - distance * distance;
    })
  );
}

/**
 * Kappa from a square table of counts (rows: original decision, columns: auditor), categories in order.
 * Null when kappa is undefined: no pairs, or chance agreement already perfect (both used one category).
 */
export function kappaFromTable(
  counts: readonly (readonly number[])[],
  weighting: KappaWeighting = 'unweighted',
  confidence = 0.95
): KappaResult | null {
  const size = counts.length;
  if (counts.some((row) => row.length !== size)) throw new RangeError('The agreement table must be square');
  const pairs = counts.reduce((sum, row) => sum + row.reduce((rowSum, count) => rowSum + count, 0), 0);
  if (pairs === 0) return null;
  const weights = agreementWeights(size, weighting);
  const share = counts.map((row) => row.map((count) => count / pairs));
  const rowShare = share.map((row) => row.reduce((sum, value) => sum + value, 0));
  const columnShare = share[0]!.map((_, column) => share.reduce((sum, row) => sum + row[column]!, 0));

  let observed = 0;
  let chance = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      observed += weights[i]![j]! * share[i]![j]!;
      chance += weights[i]![j]! * rowShare[i]! * columnShare[j]!;
    }
  }
  if (chance >= 1 - 1e-12) return null;
  const kappa = (observed - chance) / (1 - chance);

  // Fleiss, Cohen & Everitt (1969): the weights averaged over the other rater's margin.
  const rowMeanWeight = weights.map((row) =>
    row.reduce((sum, weight, j) => sum + weight * columnShare[j]!, 0)
  );
  const columnMeanWeight = weights[0]!.map((_, j) =>
    weights.reduce((sum, row, i) => sum + row[j]! * rowShare[i]!, 0)
  );
  let sum = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      sum +=
        share[i]![j]! * (weights[i]![j]! - (rowMeanWeight[i]! + columnMeanWeight[j]!) * (1 - kappa)) ** 2;
    }
  }
  const variance = (sum - (kappa - chance * (1 - kappa)) ** 2) / (pairs * (1 - chance) ** 2);
  const standardError = Math.sqrt(Math.max(0, variance));
  const z = twoSidedZ(confidence);
  return {
    kappa,
    standardError,
    interval: {
      lower: Math.max(-1, kappa - z * standardError),
      upper: Math.min(1, kappa + z * standardError),
    },
    observedAgreement: observed,
    chanceAgreement: chance,
    pairs,
  };
}

/** Kappa from the pairs themselves; `categories` gives their order (which matters when weighted). */
export function cohensKappa<T>(
  pairs: readonly RatedPair<T>[],
  categories: readonly T[],
  weighting: KappaWeighting = 'unweighted'
): KappaResult | null {
  const position = new Map(categories.map((category, index) => [category, index]));
  const counts = categories.map(() => new Array<number>(categories.length).fill(0));
  for (const pair of pairs) {
    const row = position.get(pair.original);
    const column = position.get(pair.auditor);
    if (row === undefined || column === undefined) {
      throw new RangeError(
        `A rating is not one of the categories: ${String(pair.original)}, ${String(pair.auditor)}`
      );
    }
    counts[row]![column]! += 1;
  }
  return kappaFromTable(counts, weighting);
}

export interface LevelChoice {
  readonly indicatedLevel: IndicatedLevel | null;
  readonly chosenLevel: IndicatedLevel | null;
}

export interface LevelDifference {
  readonly group: string;
  /** Decisions with both an indicated and a chosen level. */
  readonly compared: number;
  /** Decisions missing either level: not counted in the shares. */
  readonly notComparable: number;
  readonly differing: number;
  readonly share: number;
  readonly interval: Interval;
  readonly steppedDown: number;
  readonly steppedUp: number;
}

/**
 * How often the chosen level differs from the indicated one, for each group and for everyone ("All"),
 * with Wilson intervals; stepping down and stepping up are counted apart because they mean different
 * things (a step down needs a reasoned rationale and a second sign-off).
 */
export function levelDifferenceByGroup<D extends LevelChoice>(
  decisions: readonly D[],
  groupOf: (decision: D) => string
): LevelDifference[] {
  const byGroup = new Map<string, D[]>();
  for (const decision of decisions) {
    const group = groupOf(decision);
    const members = byGroup.get(group);
    if (members) members.push(decision);
    else byGroup.set(group, [decision]);
  }
  const groups = [...byGroup.keys()].sort();
  return [
    ...groups.map((group) => levelDifference(group, byGroup.get(group)!)),
    levelDifference('All', decisions),
  ];
}

function levelDifference(group: string, decisions: readonly LevelChoice[]): LevelDifference {
  let compared = 0;
  let steppedDown = 0;
  let steppedUp = 0;
  for (const { indicatedLevel, chosenLevel } of decisions) {
    if (indicatedLevel === null || chosenLevel === null) continue;
    compared += 1;
    if (chosenLevel < indicatedLevel) steppedDown += 1;
    if (chosenLevel > indicatedLevel) steppedUp += 1;
  }
  const differing = steppedDown + steppedUp;
  return {
    group,
    compared,
    notComparable: decisions.length - compared,
    differing,
    share: compared === 0 ? 0 : differing / compared,
    interval: wilsonInterval(differing, compared),
    steppedDown,
    steppedUp,
  };
}
