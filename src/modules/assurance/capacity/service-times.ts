/**
 * Service-time distributions for the two front-door steps (screening by a practitioner, authorisation by
 * a manager), in minutes. Measured from history either as the raw durations (empirical) or as a lognormal
 * fitted to them; the capacity model needs only their mean and variance, the simulation draws from them.
 */
import type { Random } from '../../../shared/random.ts';
import type { Rag } from '../../../platform/db/schema.ts';

export type ServiceTimeDistribution =
  | { kind: 'lognormal'; meanMinutes: number; sdMinutes: number }
  | { kind: 'empirical'; minutes: readonly number[] };

export type Step = 'screening' | 'authorisation';

/** How long each step takes, per RAG rating (a red contact is usually screened more thoroughly). */
export type ServiceTimes = Record<Step, Record<Rag, ServiceTimeDistribution>>;

export const RAGS: readonly Rag[] = ['red', 'amber', 'green'];

/** A lognormal with the sample's mean and standard deviation (method of moments), minutes. */
export function fitLognormal(minutes: readonly number[]): ServiceTimeDistribution {
  const positive = minutes.filter((value) => Number.isFinite(value) && value > 0);
  if (positive.length < 2) throw new RangeError('A lognormal fit needs at least two positive durations');
  const mean = positive.reduce((sum, value) => sum + value, 0) / positive.length;
  const variance = positive.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (positive.length - 1);
  return { kind: 'lognormal', meanMinutes: mean, sdMinutes: Math.sqrt(variance) };
}

export function meanOf(distribution: ServiceTimeDistribution): number {
  return momentsOf(distribution).mean;
}

/** Mean and variance, minutes and minutes². */
export function momentsOf(distribution: ServiceTimeDistribution): { mean: number; variance: number } {
  checkDistribution(distribution);
  if (distribution.kind === 'lognormal') {
    return { mean: distribution.meanMinutes, variance: distribution.sdMinutes ** 2 };
  }
  const { minutes } = distribution;
  const mean = minutes.reduce((sum, value) => sum + value, 0) / minutes.length;
  const variance = minutes.reduce((sum, value) => sum + (value - mean) ** 2, 0) / minutes.length;
  return { mean, variance };
}

/** One service time, minutes. */
export function drawServiceTime(distribution: ServiceTimeDistribution, random: Random): number {
  if (distribution.kind === 'empirical') return random.pick(distribution.minutes);
  const { mu, sigma } = lognormalParameters(distribution.meanMinutes, distribution.sdMinutes ** 2);
  return Math.exp(mu + sigma * standardNormal(random));
}

/** The log-scale parameters of a lognormal with a given mean and variance. */
export function lognormalParameters(mean: number, variance: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + variance / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** P(X ≤ x) for a lognormal with this mean and variance; a point mass at the mean when the variance is 0. */
export function lognormalCdf(x: number, mean: number, variance: number): number {
  if (x <= 0) return 0;
  if (variance <= 0) return x >= mean ? 1 : 0;
  const { mu, sigma } = lognormalParameters(mean, variance);
  return normalCdf((Math.log(x) - mu) / sigma);
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Box–Muller, so the lognormal tails are right (the demo's sum-of-uniforms normal stops at ±3.5σ). */
function standardNormal(random: Random): number {
  const u = 1 - random.next(); // (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

function checkDistribution(distribution: ServiceTimeDistribution): void {
  const valid =
    distribution.kind === 'lognormal'
      ? distribution.meanMinutes > 0 && distribution.sdMinutes >= 0 && Number.isFinite(distribution.sdMinutes)
      : distribution.minutes.length > 0 &&
        distribution.minutes.every((value) => value > 0 && Number.isFinite(value));
  if (!valid) throw new RangeError('A service time needs a positive mean (or positive durations)');
}
