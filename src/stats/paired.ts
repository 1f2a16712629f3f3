import { studentTQuantile } from "./distributions.js";
import { sampleMoments } from "./mean.js";
import { assertConfidence } from "./proportion.js";

/** One case's score in each arm (the mean of its repeats when there are several). */
export interface ScorePair {
  baseline: number;
  candidate: number;
}

export interface ConfidenceOptions {
  /** Two-sided level of the interval; 0.90 gives one-sided 95% bounds. Default 0.90. */
  confidence?: number;
  /** Alias of `confidence`. */
  level?: number;
}

export interface PairedDifference {
  /** d̄ = mean of (candidate − baseline) over cases. */
  delta: number;
  /** The same number as `delta`, under the name every estimate here carries. */
  estimate: number;
  /** Standard error s_d/√n; Infinity with one case. */
  se: number;
  /** Sample SD of the per-case differences; NaN with one case. */
  sd: number;
  low: number;
  high: number;
  n: number;
  /** Degrees of freedom of the t quantile, n − 1. */
  df: number;
  confidence: number;
}

/**
 * The paired mean difference candidate − baseline with a two-sided t interval on the
 * per-case differences: d̄ ± t(1 − α/2, n − 1)·s_d/√n. At the default confidence 0.90
 * the bounds are one-sided 95% bounds (docs/design/architecture.md §9). Pairing by case removes the case
 * difficulty both arms share from the variance, which is what makes the test sharp.
 */
export function pairedDifference(pairs: readonly ScorePair[], options?: ConfidenceOptions): PairedDifference;
export function pairedDifference(baseline: readonly number[], candidate: readonly number[], options?: ConfidenceOptions): PairedDifference;
export function pairedDifference(
  first: readonly ScorePair[] | readonly number[],
  second?: readonly number[] | ConfidenceOptions,
  third?: ConfidenceOptions,
): PairedDifference {
  const { differences, options } = Array.isArray(second)
    ? { differences: differencesOf(first as readonly number[], second), options: third }
    : { differences: (first as readonly ScorePair[]).map((p) => p.candidate - p.baseline), options: second as ConfidenceOptions | undefined };
  return differenceInterval(differences, confidenceOf(options));
}

/** The t interval on already-computed per-case differences. */
export function differenceInterval(differences: readonly number[], confidence: number): PairedDifference {
  assertConfidence(confidence);
  if (differences.length === 0) throw new RangeError("a paired difference needs at least one paired case");
  const { mean, sd, n } = sampleMoments(differences);
  const df = n - 1;
  if (n < 2) return { delta: mean, estimate: mean, se: Infinity, sd, low: -Infinity, high: Infinity, n, df, confidence };
  const se = sd / Math.sqrt(n);
  const half = se === 0 ? 0 : studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { delta: mean, estimate: mean, se, sd, low: mean - half, high: mean + half, n, df, confidence };
}

export function confidenceOf(options: ConfidenceOptions | undefined, fallback = 0.9): number {
  return options?.confidence ?? options?.level ?? fallback;
}

function differencesOf(baseline: readonly number[], candidate: readonly number[]): number[] {
  if (baseline.length !== candidate.length) {
    throw new RangeError(`paired scores need one baseline and one candidate score per case, got ${baseline.length} and ${candidate.length}`);
  }
  return candidate.map((c, i) => c - (baseline[i] ?? Number.NaN));
}
