import { describe, expect, it } from 'vitest';
import { fitLogistic, inverseLogit, logit } from './logistic-regression.ts';

describe('logistic regression by IRLS', () => {
  it("reproduces Dobson's beetle mortality fit (Bliss 1935; Dobson & Barnett, Table 7.3)", () => {
    const dose = [1.6907, 1.7242, 1.7552, 1.7842, 1.8113, 1.8369, 1.861, 1.8839];
    const beetles = [59, 60, 62, 56, 63, 59, 62, 60];
    const killed = [6, 13, 18, 28, 52, 53, 61, 60];
    const fit = fitLogistic(
      dose.map((value, index) => ({
        covariates: [1, value],
        trials: beetles[index]!,
        successes: killed[index]!,
      }))
    );
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(10);
    expect(fit.coefficients[0]).toBeCloseTo(-60.717, 2);
    expect(fit.coefficients[1]).toBeCloseTo(34.27, 2);
    expect(Math.sqrt(fit.covariance[0]![0]!)).toBeCloseTo(5.181, 2);
    expect(Math.sqrt(fit.covariance[1]![1]!)).toBeCloseTo(2.912, 2);
    expect(fit.deviance).toBeCloseTo(11.23, 2);
  });

  it('matches the closed form for one binary covariate: the log odds ratio of the two rates', () => {
    const fit = fitLogistic([
      { covariates: [1, 0], trials: 200, successes: 50 },
      { covariates: [1, 1], trials: 100, successes: 60 },
    ]);
    expect(fit.coefficients[0]).toBeCloseTo(logit(0.25), 10);
    expect(fit.coefficients[1]).toBeCloseTo(logit(0.6) - logit(0.25), 10);
    // Var = 1/a + 1/b + 1/c + 1/d for the log odds ratio of a 2×2 table.
    expect(fit.covariance[1]![1]).toBeCloseTo(1 / 50 + 1 / 150 + 1 / 60 + 1 / 40, 10);
    expect(fit.deviance).toBeCloseTo(0, 8);
  });

  it('treats every decision alike whether given one by one or as counts', () => {
    const rows = [
      { covariates: [1, 0], trials: 3, successes: 1 },
      { covariates: [1, 1], trials: 4, successes: 3 },
    ];
    const single = rows.flatMap((row) =>
      Array.from({ length: row.trials }, (_, index) => ({
        covariates: row.covariates,
        trials: 1,
        successes: index < row.successes ? 1 : 0,
      }))
    );
    const grouped = fitLogistic(rows).coefficients;
    fitLogistic(single).coefficients.forEach((value, index) => expect(value).toBeCloseTo(grouped[index]!, 8));
  });

  it('still ends when a category always escalates (separation), with its fitted rate near 1', () => {
    const fit = fitLogistic([
      { covariates: [1, 0], trials: 40, successes: 10 },
      { covariates: [1, 1], trials: 15, successes: 15 },
    ]);
    expect(fit.coefficients[0]).toBeCloseTo(logit(0.25), 6);
    expect(inverseLogit(fit.coefficients[0]! + fit.coefficients[1]!)).toBeGreaterThan(0.999999);
  });

  it('refuses an empty dataset', () => {
    expect(() => fitLogistic([])).toThrow(RangeError);
  });
});
