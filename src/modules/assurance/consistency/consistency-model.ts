import { fitLogistic, linearPredictor, type BinomialRow, type LogisticFit } from './logistic-regression.ts';
import {
  benjaminiHochbergAdjust,
  holmAdjust,
  normalCdf,
  observedExpectedInterval,
  twoSidedPValue,
  twoSidedZ,
  wilsonInterval,
  type Interval,
} from './statistics.ts';

/**
 * Threshold consistency: do decisions for contacts of the same need vary by team, worker, manager, day,
 * time, in or out of hours, or referring agency? Explainable statistics about groups of decisions, never
 * a score for a child.
 *
 * How it works, in the words a team manager would use:
 * 1. Case mix. A logistic regression (fitted by IRLS) learns, from every decision in the period, how
 *    likely escalation is for each indicated level (1–4, or not recorded) and RAG rating. Summing those
 *    chances over a group's own contacts gives its EXPECTED escalations: what the service as a whole
 *    would have done with that group's mix of need. `adjustFor` adds other attributes to the case mix,
 *    e.g. team and weekday, so "team B on Fridays" is compared with what team B and Fridays do generally.
 * 2. Observed against expected (indirect standardisation). O/E = 0.80 reads "20% fewer escalations
 *    than expected for its case mix", with Byar's 95% interval (the method Public Health England uses).
 * 3. A test per group. The score test of "this group differs from the rest for the same case mix":
 *    z = (O − E) / √V, where V is the binomial variance of the group's escalations less the part the
 *    case-mix model already explains. The adjusted odds ratio exp((O − E) / V) is its one-step
 *    estimate, and its 95% interval exp((O − E ± 1.96 √V) / V) excludes 1 exactly when p < 0.05, so the
 *    interval and the test never disagree.
 * 4. Many groups at once. Comparing 42 team-days, about two would look "significant" at 5% by chance.
 *    Holm's correction (the default) keeps the chance of even one false flag across all the groups
 *    compared at 5%, whatever the dependence between groups: a flag names a team or a person, so
 *    family-wise control is the right promise, and Holm is never less powerful than Bonferroni.
 *    Benjamini–Hochberg (at most 5% of flags false, on average) is offered for screening many workers.
 *    A group is flagged only when its corrected interval, widened to allow for the comparisons (the
 *    confidence level 1 − α·p / p-adjusted), excludes 1.
 * 5. Small groups. A group is tested only when it expects at least 5 escalations and 5 non-escalations
 *    (below that the normal approximation fails); smaller ones are shown, not tested, and are not counted
 *    in the correction. A shrunken odds ratio (empirical Bayes, a random-intercept approximation) pulls
 *    each group towards the service by how noisy it is: τ², the real between-group variance, is
 *    estimated by DerSimonian–Laird, and a group's estimate is multiplied by τ² / (τ² + 1/V). When
 *    groups vary no more than chance would (τ² = 0) every shrunken estimate is 1: no evidence of
 *    difference.
 */

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const TIME_BANDS = ['night', 'morning', 'afternoon', 'evening'] as const;
export type TimeBand = (typeof TIME_BANDS)[number];
export type Rag = 'red' | 'amber' | 'green';
export type IndicatedLevel = 1 | 2 | 3 | 4;

export interface ConsistencyDecision {
  /** The outcome compared, e.g. referred to social care, or chosen level at or above the indicated one. */
  readonly escalated: boolean;
  readonly indicatedLevel: IndicatedLevel | null;
  readonly rag: Rag | null;
  readonly team: string;
  readonly worker: string;
  readonly manager: string;
  readonly weekday: Weekday;
  readonly timeBand: TimeBand;
  readonly outOfHours: boolean;
  readonly agency: string;
}

export const GROUPING_ATTRIBUTES = [
  'team',
  'worker',
  'manager',
  'weekday',
  'timeBand',
  'outOfHours',
  'agency',
] as const;
export type GroupingAttribute = (typeof GROUPING_ATTRIBUTES)[number];
export type Correction = 'holm' | 'benjamini-hochberg';

export interface ConsistencyOptions {
  /** One attribute, or several for their combination (e.g. team × weekday). */
  readonly groupBy: readonly GroupingAttribute[];
  /** Attributes added to the case mix, so a combination is compared beyond its parts. */
  readonly adjustFor?: readonly GroupingAttribute[];
  readonly correction?: Correction;
  /** The family-wise (Holm) or false-discovery (BH) rate; 0.05 unless given. */
  readonly alpha?: number;
}

export interface GroupConsistency {
  readonly key: string;
  readonly values: Readonly<Partial<Record<GroupingAttribute, string>>>;
  readonly decisions: number;
  readonly escalated: number;
  readonly observedRate: number;
  readonly observedRateInterval: Interval;
  readonly expectedEscalations: number;
  readonly expectedRate: number;
  readonly observedToExpected: number;
  readonly observedToExpectedInterval: Interval;
  /** False when the group expects fewer than 5 escalations or non-escalations: shown, not tested. */
  readonly tested: boolean;
  readonly test: GroupTest | null;
}

export interface GroupTest {
  /** Adjusted odds ratio of escalation, this group against the rest, for the same case mix. */
  readonly oddsRatio: number;
  readonly interval: Interval;
  readonly pValue: number;
  readonly adjustedPValue: number;
  /** The interval widened for the number of groups compared; excludes 1 exactly when flagged. */
  readonly correctedInterval: Interval;
  readonly flagged: boolean;
  readonly direction: 'lower' | 'higher';
  /** Pulled towards 1 by how noisy the group is (empirical Bayes). */
  readonly shrunkenOddsRatio: number;
  readonly shrunkenInterval: Interval;
}

export interface CaseMixTerm {
  readonly term: string;
  readonly oddsRatio: number;
  readonly interval: Interval;
}

export interface ConsistencyAnalysis {
  readonly groupBy: readonly GroupingAttribute[];
  readonly adjustFor: readonly GroupingAttribute[];
  readonly correction: Correction;
  readonly alpha: number;
  readonly decisions: number;
  readonly groupsTested: number;
  readonly flaggedGroups: number;
  /** Real between-group spread of the log-odds beyond chance (DerSimonian–Laird τ). */
  readonly betweenGroupSd: number;
  /** Cochran's Q over the tested groups: do they differ at all? */
  readonly heterogeneity: { readonly q: number; readonly degreesOfFreedom: number; readonly pValue: number };
  readonly caseMix: {
    readonly converged: boolean;
    readonly iterations: number;
    readonly terms: readonly CaseMixTerm[];
  };
  readonly groups: readonly GroupConsistency[];
}

const MINIMUM_EXPECTED = 5;

/** One categorical variable of the model, coded as indicators against its most common value. */
interface Factor {
  readonly name: string;
  readonly valueOf: (decision: ConsistencyDecision) => string;
  readonly reference: string;
  readonly levels: readonly string[];
}

function levelOf(decision: ConsistencyDecision): string {
  return decision.indicatedLevel === null ? 'not recorded' : String(decision.indicatedLevel);
}

function ragOf(decision: ConsistencyDecision): string {
  return decision.rag ?? 'not recorded';
}

function attributeOf(attribute: GroupingAttribute): (decision: ConsistencyDecision) => string {
  return (decision) => String(decision[attribute]);
}

function factorFrom(
  name: string,
  valueOf: (decision: ConsistencyDecision) => string,
  decisions: readonly ConsistencyDecision[]
): Factor {
  const counts = new Map<string, number>();
  for (const decision of decisions) {
    const value = valueOf(decision);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const byFrequency = [...counts.entries()].sort(
    (left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1)
  );
  const reference = byFrequency[0]![0];
  const levels = byFrequency
    .slice(1)
    .map(([value]) => value)
    .sort();
  return { name, valueOf, reference, levels };
}

/** The case-mix design: intercept, indicated level, RAG and any `adjustFor` attributes. */
function caseMixFactors(decisions: readonly ConsistencyDecision[], adjustFor: readonly GroupingAttribute[]) {
  return [
    factorFrom('indicated level', levelOf, decisions),
    factorFrom('RAG', ragOf, decisions),
    ...adjustFor.map((attribute) => factorFrom(attribute, attributeOf(attribute), decisions)),
  ];
}

function covariatesOf(factors: readonly Factor[], decision: ConsistencyDecision): number[] {
  const covariates = [1];
  for (const factor of factors) {
    const value = factor.valueOf(decision);
    for (const level of factor.levels) covariates.push(level === value ? 1 : 0);
  }
  return covariates;
}

/** Decisions that share every case-mix value share a row, so the fit runs over patterns, not people. */
function patternsOf(decisions: readonly ConsistencyDecision[], factors: readonly Factor[]) {
  const rowIndex = new Map<string, number>();
  const rows: { covariates: number[]; trials: number; successes: number }[] = [];
  const patternOfDecision = decisions.map((decision) => {
    const key = factors.map((factor) => factor.valueOf(decision)).join('\u0000');
    let index = rowIndex.get(key);
    if (index === undefined) {
      index = rows.length;
      rowIndex.set(key, index);
      rows.push({ covariates: covariatesOf(factors, decision), trials: 0, successes: 0 });
    }
    const row = rows[index]!;
    row.trials += 1;
    if (decision.escalated) row.successes += 1;
    return index;
  });
  return { rows: rows as BinomialRow[], patternOfDecision };
}

function caseMixTerms(factors: readonly Factor[], fit: LogisticFit): CaseMixTerm[] {
  const z = twoSidedZ(0.95);
  const terms: CaseMixTerm[] = [];
  let column = 1;
  for (const factor of factors) {
    for (const level of factor.levels) {
      const estimate = fit.coefficients[column]!;
      const standardError = Math.sqrt(fit.covariance[column]![column]!);
      terms.push({
        term: `${factor.name} ${level} (against ${factor.reference})`,
        oddsRatio: Math.exp(estimate),
        interval: {
          lower: Math.exp(estimate - z * standardError),
          upper: Math.exp(estimate + z * standardError),
        },
      });
      column += 1;
    }
  }
  return terms;
}

/** Per group: counts, expected escalations, and the score pieces for "this group against the rest". */
interface GroupTotals {
  readonly key: string;
  readonly values: Partial<Record<GroupingAttribute, string>>;
  decisions: number;
  escalated: number;
  expected: number;
  variance: number;
  /** Σ w·x over the group: its overlap with the case-mix model's information. */
  readonly crossInformation: number[];
}

function groupTotals(
  decisions: readonly ConsistencyDecision[],
  groupBy: readonly GroupingAttribute[],
  rows: readonly BinomialRow[],
  patternOfDecision: readonly number[],
  fit: LogisticFit
): GroupTotals[] {
  const fitted = rows.map((row) => 1 / (1 + Math.exp(-linearPredictor(fit.coefficients, row.covariates))));
  const groups = new Map<string, GroupTotals>();
  decisions.forEach((decision, index) => {
    const key = groupBy.map((attribute) => String(decision[attribute])).join(' × ');
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        values: Object.fromEntries(groupBy.map((attribute) => [attribute, String(decision[attribute])])),
        decisions: 0,
        escalated: 0,
        expected: 0,
        variance: 0,
        crossInformation: new Array<number>(fit.coefficients.length).fill(0),
      };
      groups.set(key, group);
    }
    const pattern = patternOfDecision[index]!;
    const probability = fitted[pattern]!;
    const weight = probability * (1 - probability);
    group.decisions += 1;
    if (decision.escalated) group.escalated += 1;
    group.expected += probability;
    group.variance += weight;
    const covariates = rows[pattern]!.covariates;
    for (let column = 0; column < covariates.length; column++) {
      group.crossInformation[column]! += weight * covariates[column]!;
    }
  });
  return [...groups.values()].sort((left, right) =>
    left.key < right.key ? -1 : left.key > right.key ? 1 : 0
  );
}

/** V less what the case-mix model already explains: w − aᵀ·Cov·a (the efficient information). */
function efficientVariance(group: GroupTotals, covariance: readonly (readonly number[])[]): number {
  const a = group.crossInformation;
  let explained = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length; j++) explained += a[i]! * covariance[i]![j]! * a[j]!;
  }
  return group.variance - explained;
}

/**
 * Enough expected escalations and non-escalations for the normal approximation, and something left to
 * compare once the case mix (and any `adjustFor` attributes) have explained what they can.
 */
function isTestable(group: GroupTotals, information: number): boolean {
  return (
    group.expected >= MINIMUM_EXPECTED &&
    group.decisions - group.expected >= MINIMUM_EXPECTED &&
    information > 1e-6 * group.variance
  );
}

function oddsRatioInterval(estimate: number, standardError: number, confidence: number): Interval {
  const z = twoSidedZ(confidence);
  return { lower: Math.exp(estimate - z * standardError), upper: Math.exp(estimate + z * standardError) };
}

/** DerSimonian–Laird τ² from one-step estimates and their information (inverse variances). */
function betweenGroupVariance(estimates: readonly number[], informations: readonly number[]) {
  if (estimates.length === 0) return { tauSquared: 0, q: 0, degreesOfFreedom: 0 };
  const totalWeight = informations.reduce((sum, weight) => sum + weight, 0);
  const mean =
    estimates.reduce((sum, estimate, index) => sum + informations[index]! * estimate, 0) / totalWeight;
  const q = estimates.reduce(
    (sum, estimate, index) => sum + informations[index]! * (estimate - mean) ** 2,
    0
  );
  const degreesOfFreedom = estimates.length - 1;
  const scale = totalWeight - informations.reduce((sum, weight) => sum + weight * weight, 0) / totalWeight;
  const tauSquared = degreesOfFreedom > 0 && scale > 0 ? Math.max(0, (q - degreesOfFreedom) / scale) : 0;
  return { tauSquared, q, degreesOfFreedom };
}

/** Upper tail of a chi-square (Wilson–Hilferty cube-root approximation, good to 3 decimals for df ≥ 3). */
export function chiSquareUpperTail(statistic: number, degreesOfFreedom: number): number {
  if (degreesOfFreedom <= 0) return 1;
  const k = degreesOfFreedom;
  const z = ((statistic / k) ** (1 / 3) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
  return 1 - normalCdf(z);
}

function validate(options: ConsistencyOptions, adjustFor: readonly GroupingAttribute[], alpha: number): void {
  if (options.groupBy.length === 0) throw new RangeError('Choose at least one attribute to group by');
  if (options.groupBy.length === 1 && adjustFor.includes(options.groupBy[0]!)) {
    throw new RangeError('Adjusting for the grouping attribute itself would leave no difference to compare');
  }
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
}

export function analyseConsistency(
  decisions: readonly ConsistencyDecision[],
  options: ConsistencyOptions
): ConsistencyAnalysis {
  const adjustFor = options.adjustFor ?? [];
  const correction = options.correction ?? 'holm';
  const alpha = options.alpha ?? 0.05;
  validate(options, adjustFor, alpha);
  if (decisions.length === 0) throw new RangeError('There are no decisions to compare');

  const factors = caseMixFactors(decisions, adjustFor);
  const { rows, patternOfDecision } = patternsOf(decisions, factors);
  const fit = fitLogistic(rows);
  const totals = groupTotals(decisions, options.groupBy, rows, patternOfDecision, fit);

  const candidates = totals.map((group) => ({
    group,
    information: efficientVariance(group, fit.covariance),
  }));
  const testable = candidates.filter(({ group, information }) => isTestable(group, information));
  const tested = testable.map(({ group }) => group);
  const informations = testable.map(({ information }) => information);
  const estimates = tested.map((group, index) => (group.escalated - group.expected) / informations[index]!);
  const pValues = estimates.map((estimate, index) =>
    twoSidedPValue(estimate * Math.sqrt(informations[index]!))
  );
  const adjusted = correction === 'holm' ? holmAdjust(pValues) : benjaminiHochbergAdjust(pValues);
  const { tauSquared, q, degreesOfFreedom } = betweenGroupVariance(estimates, informations);

  const tests = new Map<string, GroupTest>();
  tested.forEach((group, index) => {
    const estimate = estimates[index]!;
    const information = informations[index]!;
    const standardError = 1 / Math.sqrt(information);
    const pValue = pValues[index]!;
    const adjustedPValue = adjusted[index]!;
    // The level at which this group's interval excludes 1 exactly when its adjusted p-value is below α.
    const correctedConfidence =
      1 - (adjustedPValue > 0 ? (alpha * pValue) / adjustedPValue : alpha / tested.length);
    const shrinkage = tauSquared / (tauSquared + standardError ** 2);
    tests.set(group.key, {
      oddsRatio: Math.exp(estimate),
      interval: oddsRatioInterval(estimate, standardError, 0.95),
      pValue,
      adjustedPValue,
      correctedInterval: oddsRatioInterval(estimate, standardError, correctedConfidence),
      flagged: adjustedPValue < alpha,
      direction: estimate < 0 ? 'lower' : 'higher',
      shrunkenOddsRatio: Math.exp(shrinkage * estimate),
      shrunkenInterval: oddsRatioInterval(shrinkage * estimate, Math.sqrt(shrinkage) * standardError, 0.95),
    });
  });

  const groups = totals.map((group): GroupConsistency => {
    const test = tests.get(group.key) ?? null;
    return {
      key: group.key,
      values: group.values,
      decisions: group.decisions,
      escalated: group.escalated,
      observedRate: group.escalated / group.decisions,
      observedRateInterval: wilsonInterval(group.escalated, group.decisions),
      expectedEscalations: group.expected,
      expectedRate: group.expected / group.decisions,
      observedToExpected: group.escalated / group.expected,
      observedToExpectedInterval: observedExpectedInterval(group.escalated, group.expected),
      tested: test !== null,
      test,
    };
  });

  return {
    groupBy: options.groupBy,
    adjustFor,
    correction,
    alpha,
    decisions: decisions.length,
    groupsTested: tested.length,
    flaggedGroups: [...tests.values()].filter((test) => test.flagged).length,
    betweenGroupSd: Math.sqrt(tauSquared),
    heterogeneity: { q, degreesOfFreedom, pValue: chiSquareUpperTail(q, degreesOfFreedom) },
    caseMix: { converged: fit.converged, iterations: fit.iterations, terms: caseMixTerms(factors, fit) },
    groups,
  };
}
