/**
 * The small statistical toolkit the consistency and agreement analyses share: the normal distribution,
 * intervals for a proportion (Wilson) and for observed/expected counts (Byar), multiple-comparison
 * corrections (Holm, Benjamini–Hochberg) and a Cholesky solver for the logistic model's normal equations.
 * Pure functions, no dependencies, so every figure on screen can be traced to a formula.
 */

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * The complementary error function (Chebyshev fit, Numerical Recipes' erfcc): fractional error below
 * 1.2e-7 everywhere, which is ample for p-values shown to two significant figures.
 */
function complementaryErrorFunction(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(polynomial);
  return x >= 0 ? value : 2 - value;
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * complementaryErrorFunction(-z / Math.SQRT2);
}

/** Two-sided p-value of a z statistic, computed from the tail so small values keep their precision. */
export function twoSidedPValue(z: number): number {
  return Math.min(1, complementaryErrorFunction(Math.abs(z) / Math.SQRT2));
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1))
    throw new RangeError(`A probability in (0, 1) is needed, got ${probability}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (probability < 0.02425) return tail(Math.sqrt(-2 * Math.log(probability)));
  if (probability > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - probability)));
  const q = probability - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** The z value of a two-sided interval at the given confidence (1.959964 for 95%). */
export function twoSidedZ(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

/**
 * Wilson's score interval for a proportion: well behaved for small groups and for 0 or 100%, unlike the
 * "±1.96 standard errors" interval, which can run below 0 or above 1.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (trials <= 0) return { lower: 0, upper: 1 };
  const z = twoSidedZ(confidence);
  const share = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (share + (z * z) / (2 * trials)) / denominator;
  const halfWidth =
    (z * Math.sqrt((share * (1 - share)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return { lower: Math.max(0, centre - halfWidth), upper: Math.min(1, centre + halfWidth) };
}

/**
 * Byar's interval for an observed count O treated as Poisson, divided by its expected count E: the
 * interval for an indirectly standardised ratio that Public Health England's technical guide uses.
 */
export function observedExpectedInterval(observed: number, expected: number, confidence = 0.95): Interval {
  const z = twoSidedZ(confidence);
  const lowerCount =
    observed === 0 ? 0 : observed * (1 - 1 / (9 * observed) - z / (3 * Math.sqrt(observed))) ** 3;
  const next = observed + 1;
  const upperCount = next * (1 - 1 / (9 * next) + z / (3 * Math.sqrt(next))) ** 3;
  return { lower: lowerCount / expected, upper: upperCount / expected };
}

/** The positions of the p-values from smallest to largest. */
function ascendingOrder(pValues: readonly number[]): number[] {
  return pValues.map((_, index) => index).sort((left, right) => pValues[left]! - pValues[right]!);
}

/**
 * Holm's step-down adjusted p-values: reject where adjusted < α and the chance of any false flag across
 * the family stays at most α, whatever the dependence between the tests.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const count = pValues.length;
  const adjusted = new Array<number>(count).fill(1);
  let runningMaximum = 0;
  ascendingOrder(pValues).forEach((index, rank) => {
    runningMaximum = Math.max(runningMaximum, Math.min(1, (count - rank) * pValues[index]!));
    adjusted[index] = runningMaximum;
  });
  return adjusted;
}

/**
 * Benjamini–Hochberg adjusted p-values ("q-values"): reject where adjusted < α and, on average, at most a
 * share α of the flags are false. Offered for screening many groups (workers) where a few false leads are
 * acceptable; Holm is the default because a flag names a team.
 */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  const count = pValues.length;
  const adjusted = new Array<number>(count).fill(1);
  const order = ascendingOrder(pValues);
  let runningMinimum = 1;
  for (let rank = count - 1; rank >= 0; rank--) {
    const index = order[rank]!;
    runningMinimum = Math.min(runningMinimum, (count * pValues[index]!) / (rank + 1));
    adjusted[index] = runningMinimum;
  }
  return adjusted;
}

/** The lower-triangular L with A = L·Lᵀ, for a symmetric positive-definite A. */
export function cholesky(matrix: readonly (readonly number[])[]): number[][] {
  const size = matrix.length;
  const lower = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let row = 0; row < size; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row]![column]!;
      for (let k = 0; k < column; k++) sum -= lower[row]![k]! * lower[column]![k]!;
      if (row === column) {
        if (!(sum > 1e-12 * Math.max(1, Math.abs(matrix[row]![row]!)))) {
          throw new RangeError('The covariates are collinear: the model cannot separate their effects');
        }
        lower[row]![row] = Math.sqrt(sum);
      } else {
        lower[row]![column] = sum / lower[column]![column]!;
      }
    }
  }
  return lower;
}

/** Solves L·Lᵀ·x = b by forward then back substitution. */
export function choleskySolve(
  lower: readonly (readonly number[])[],
  rightHandSide: readonly number[]
): number[] {
  const size = lower.length;
  const forward = new Array<number>(size).fill(0);
  for (let row = 0; row < size; row++) {
    let sum = rightHandSide[row]!;
    for (let k = 0; k < row; k++) sum -= lower[row]![k]! * forward[k]!;
    forward[row] = sum / lower[row]![row]!;
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    let sum = forward[row]!;
    for (let k = row + 1; k < size; k++) sum -= lower[k]![row]! * solution[k]!;
    solution[row] = sum / lower[row]![row]!;
  }
  return solution;
}

/** The inverse of a symmetric positive-definite matrix from its Cholesky factor, column by column. */
export function choleskyInverse(lower: readonly (readonly number[])[]): number[][] {
  const size = lower.length;
  const columns = Array.from({ length: size }, (_, column) =>
    choleskySolve(
      lower,
      Array.from({ length: size }, (_, row) => (row === column ? 1 : 0))
    )
  );
  return Array.from({ length: size }, (_, row) => columns.map((column) => column[row]!));
}
