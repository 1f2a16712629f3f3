import { studentTQuantile } from "./distributions.js";
import { sampleMoments } from "./mean.js";
import { assertConfidence } from "./proportion.js";

/** One case's score in each arm (the mean of its repeats when there are several). */
export interface ScorePair {
  baseline: number;
  candidate: number;
}

export interface ConfidenceOptions extends IntervalOptions {
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
  /** Degrees of freedom of the t quantile: n − 1, or G − 1 when clustered into G groups. */
  df: number;
  confidence: number;
  /** Independent units: n, or the number of groups when clustered. */
  groups: number;
  /** The SE the interval uses, as an SD per case (se·√n): s_d, or larger when clustered or floored. Power and cases needed use it. */
  effectiveSd: number;
  /** The interval is the floor's (no variance seen that would have given a wider one). */
  floored: boolean;
}

export interface IntervalOptions {
  /**
   * The group of each difference (DESIGN §9 `group:`: same document, template,
   * conversation); null or undefined = a group of its own. Gives the cluster-robust SE
   * (CR1) and a t quantile with G − 1 degrees of freedom.
   */
  clusters?: ReadonlyArray<string | null | undefined>;
  /**
   * Degenerate evidence never decides (§9): the SE is at least that of 3 discordant cases in
   * n at the largest observed |d_i| (1 when every d_i is 0), so 2 identical cases are not
   * shown equal and a handful of them cannot pass a 2-point margin.
   */
  floor?: boolean;
}

/** How many unseen discordant cases the floor assumes (docs/design/statistics.md). */
export const FLOOR_DISCORDANT_CASES = 3;

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
  return differenceInterval(differences, confidenceOf(options), options ?? {});
}

/** The t interval on already-computed per-case differences. */
export function differenceInterval(differences: readonly number[], confidence: number, options: IntervalOptions = {}): PairedDifference {
  assertConfidence(confidence);
  if (differences.length === 0) throw new RangeError("a paired difference needs at least one paired case");
  const { mean, sd, n } = sampleMoments(differences);
  const clustered = options.clusters ? clusteredSe(differences, options.clusters, mean) : null;
  const groups = clustered?.groups ?? n;
  const df = groups - 1;
  const unbounded = { delta: mean, estimate: mean, se: Infinity, sd, low: -Infinity, high: Infinity, n, df, confidence, groups, effectiveSd: Infinity, floored: false };
  if (n < 2 || groups < 2) return unbounded;
  let se = clustered ? clustered.se : sd / Math.sqrt(n);
  let floored = false;
  if (options.floor) {
    const floor = floorSe(differences);
    if (se < floor) (se = floor), (floored = true);
  }
  const half = se === 0 ? 0 : studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { delta: mean, estimate: mean, se, sd, low: mean - half, high: mean + half, n, df, confidence, groups, effectiveSd: se * Math.sqrt(n), floored };
}

/**
 * The floor's SE: the differences as if FLOOR_DISCORDANT_CASES of the n (all of them, when
 * fewer) had moved by ±D, D the largest observed |d_i| (1 when none moved): √(3·D²/(n − 1)) / √n.
 */
export function floorSe(differences: readonly number[]): number {
  const n = differences.length;
  let largest = 0;
  for (const d of differences) largest = Math.max(largest, Math.abs(d));
  const D = largest === 0 ? 1 : largest;
  return Math.sqrt((Math.min(FLOOR_DISCORDANT_CASES, n) * D * D) / (n - 1) / n);
}

/** CR1 over groups of differences: G/(G − 1)·Σ_g (Σ_{i∈g} (d_i − d̄))² / n². */
function clusteredSe(differences: readonly number[], clusters: ReadonlyArray<string | null | undefined>, mean: number): { se: number; groups: number } {
  const sums = new Map<string, number>();
  let singles = 0;
  let sumOfSquares = 0;
  differences.forEach((d, i) => {
    const g = clusters[i];
    if (g === null || g === undefined) {
      singles += 1;
      sumOfSquares += (d - mean) ** 2;
    } else sums.set(g, (sums.get(g) ?? 0) + d - mean);
  });
  for (const r of sums.values()) sumOfSquares += r * r;
  const groups = sums.size + singles;
  const n = differences.length;
  return { se: groups < 2 ? Infinity : Math.sqrt(((groups / (groups - 1)) * sumOfSquares) / (n * n)), groups };
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
