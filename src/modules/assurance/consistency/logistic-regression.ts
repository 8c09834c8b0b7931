import { cholesky, choleskyInverse, choleskySolve } from './statistics.ts';

/**
 * Logistic regression by iteratively reweighted least squares (Newton's method), on rows that each hold
 * a covariate pattern with its number of trials and successes, so 20,000 decisions over a few dozen
 * case-mix patterns fit in microseconds. The caller supplies the intercept column.
 */

export interface BinomialRow {
  readonly covariates: readonly number[];
  readonly trials: number;
  readonly successes: number;
}

export interface LogisticFit {
  readonly coefficients: readonly number[];
  /** The inverse of the Fisher information at the fit: the coefficients' covariance. */
  readonly covariance: readonly (readonly number[])[];
  readonly deviance: number;
  readonly iterations: number;
  /**
   * False when the deviance was still moving after the last iteration. A category where every decision
   * went the same way (separation) still converges: its fitted rate approaches 0 or 1, as observed.
   */
  readonly converged: boolean;
}

const MAX_ITERATIONS = 50;
/** R's glm criterion: |Δdeviance| / (|deviance| + 0.1) below this. */
const TOLERANCE = 1e-10;
/** Keeps fitted probabilities off exactly 0 and 1 so the weights stay positive. */
const EPSILON = 1e-12;

export function inverseLogit(linearPredictor: number): number {
  return 1 / (1 + Math.exp(-linearPredictor));
}

export function logit(probability: number): number {
  return Math.log(probability / (1 - probability));
}

export function linearPredictor(coefficients: readonly number[], covariates: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < coefficients.length; index++) sum += coefficients[index]! * covariates[index]!;
  return sum;
}

function clampProbability(probability: number): number {
  return Math.min(1 - EPSILON, Math.max(EPSILON, probability));
}

/** Binomial deviance: twice the log-likelihood ratio against the saturated model. */
function deviance(rows: readonly BinomialRow[], probabilities: readonly number[]): number {
  let total = 0;
  rows.forEach((row, index) => {
    const fitted = probabilities[index]!;
    const failures = row.trials - row.successes;
    if (row.successes > 0) total += 2 * row.successes * Math.log(row.successes / (row.trials * fitted));
    if (failures > 0) total += 2 * failures * Math.log(failures / (row.trials * (1 - fitted)));
  });
  return total;
}

/** Xᵀ·W·X and Xᵀ·W·z for the current working weights and working response. */
function normalEquations(
  rows: readonly BinomialRow[],
  probabilities: readonly number[],
  predictors: readonly number[],
  size: number
) {
  const information = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const rightHandSide = new Array<number>(size).fill(0);
  rows.forEach((row, index) => {
    const fitted = probabilities[index]!;
    const weight = row.trials * fitted * (1 - fitted);
    const working = predictors[index]! + (row.successes / row.trials - fitted) / (fitted * (1 - fitted));
    for (let i = 0; i < size; i++) {
      const xi = row.covariates[i]!;
      if (xi === 0) continue;
      rightHandSide[i]! += weight * xi * working;
      for (let j = 0; j <= i; j++) information[i]![j]! += weight * xi * row.covariates[j]!;
    }
  });
  for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) information[j]![i] = information[i]![j]!;
  return { information, rightHandSide };
}

export function fitLogistic(rows: readonly BinomialRow[]): LogisticFit {
  const used = rows.filter((row) => row.trials > 0);
  if (used.length === 0) throw new RangeError('A logistic model needs at least one decision');
  const size = used[0]!.covariates.length;
  // Start, as R does, from each pattern's own rate shrunk off 0 and 1.
  let predictors = used.map((row) => logit((row.successes + 0.5) / (row.trials + 1)));
  let probabilities = predictors.map(inverseLogit);
  let coefficients = new Array<number>(size).fill(0);
  let previousDeviance = Infinity;
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const { information, rightHandSide } = normalEquations(used, probabilities, predictors, size);
    coefficients = choleskySolve(cholesky(information), rightHandSide);
    predictors = used.map((row) => linearPredictor(coefficients, row.covariates));
    probabilities = predictors.map((value) => clampProbability(inverseLogit(value)));
    const currentDeviance = deviance(used, probabilities);
    if (Math.abs(currentDeviance - previousDeviance) / (Math.abs(currentDeviance) + 0.1) < TOLERANCE) {
      return finish(used, coefficients, probabilities, predictors, currentDeviance, iteration, true);
    }
    previousDeviance = currentDeviance;
  }
  return finish(used, coefficients, probabilities, predictors, previousDeviance, MAX_ITERATIONS, false);
}

function finish(
  rows: readonly BinomialRow[],
  coefficients: readonly number[],
  probabilities: readonly number[],
  predictors: readonly number[],
  finalDeviance: number,
  iterations: number,
  converged: boolean
): LogisticFit {
  const { information } = normalEquations(rows, probabilities, predictors, coefficients.length);
  return {
    coefficients,
    covariance: choleskyInverse(cholesky(information)),
    deviance: finalDeviance,
    iterations,
    converged,
  };
}
