import type { VerdictStatus } from "../core/index.js";
import { normalCdf, normalQuantile, studentTQuantile } from "./distributions.js";
import { confidenceOf, differenceInterval, pairedDifference, type ConfidenceOptions, type PairedDifference, type ScorePair } from "./paired.js";

/** The power a sample size is judged against when saying how many cases would decide. */
export const TARGET_POWER = 0.8;

export interface NonInferiorityOptions extends ConfidenceOptions {
  /** m: how much worse (on the 0..1 score) the candidate may be and still pass. */
  margin: number;
}

export interface NonInferiorityResult extends PairedDifference {
  /** docs/design/architecture.md §9: PASS when L > −m; FAIL when U < −m (shown worse than the margin); INCONCLUSIVE otherwise. */
  status: VerdictStatus;
  margin: number;
  /** Chance this many cases had to PASS if the arms were truly equal; null with one case. */
  power: number | null;
  /** Cases that would give 80% power at this margin and the observed SD; null with one case. */
  casesNeeded: number | null;
  /** The SD was raised to the floor for degenerate evidence (flooredDifference). */
  floored: boolean;
}

/**
 * The quality gate of docs/design/architecture.md §9: a non-inferiority test of candidate vs baseline at
 * margin m on the one-sided bounds [L, U] of the paired mean difference (the two-sided
 * 90% t interval unless another confidence is given).
 */
export function nonInferiority(pairs: readonly ScorePair[], options: number | NonInferiorityOptions): NonInferiorityResult;
export function nonInferiority(baseline: readonly number[], candidate: readonly number[], options: NonInferiorityOptions): NonInferiorityResult;
export function nonInferiority(
  first: readonly ScorePair[] | readonly number[],
  second: number | NonInferiorityOptions | readonly number[],
  third?: NonInferiorityOptions,
): NonInferiorityResult {
  let options: NonInferiorityOptions;
  let differences: number[];
  if (Array.isArray(second)) {
    options = third ?? { margin: Number.NaN };
    pairedDifference(first as readonly number[], second, { confidence: confidenceOf(options) });
    differences = (second as readonly number[]).map((c, i) => c - ((first as readonly number[])[i] ?? Number.NaN));
  } else {
    options = typeof second === "number" ? { margin: second } : (second as NonInferiorityOptions);
    differences = (first as readonly ScorePair[]).map((p) => p.candidate - p.baseline);
  }
  return nonInferiorityOfDifferences(differences, options);
}

/** The same decision on per-case differences candidate − baseline. */
export function nonInferiorityOfDifferences(differences: readonly number[], options: number | NonInferiorityOptions): NonInferiorityResult {
  const opts = typeof options === "number" ? { margin: options } : options;
  return decideNonInferiority(flooredDifference(differenceInterval(differences, confidenceOf(opts)), differences), opts.margin);
}

/** Fewer discordant cases than this and the spread seen is not evidence of a spread: it is floored. */
export const MIN_DISCORDANT = 3;

/**
 * Degenerate evidence never decides (docs/design/architecture.md §9): identical scores give
 * a zero-width interval, which would PASS 2 identical cases. When fewer than 3 cases differ,
 * the SD is floored at what it would be if 3 of the n cases (all of them below 3) were
 * discordant by the largest observed per-case |Δ| (1 when every Δ is 0), at the same level.
 */
export function flooredDifference(d: PairedDifference, differences: readonly number[]): PairedDifference & { floored: boolean } {
  if (d.n < 2 || differences.filter((x) => x !== 0).length >= MIN_DISCORDANT) return { ...d, floored: false };
  const largest = differences.reduce((m, x) => Math.max(m, Math.abs(x)), 0) || 1;
  const floorSd = largest * Math.sqrt(Math.min(MIN_DISCORDANT, d.n) / (d.n - 1));
  if (d.sd >= floorSd) return { ...d, floored: false };
  const se = floorSd / Math.sqrt(d.n);
  const half = studentTQuantile(1 - (1 - d.confidence) / 2, d.df) * se;
  return { ...d, sd: floorSd, se, low: d.estimate - half, high: d.estimate + half, floored: true };
}

function decideNonInferiority(d: PairedDifference & { floored: boolean }, margin: number): NonInferiorityResult {
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new RangeError(`a non-inferiority margin is a finite number ≥ 0, got ${margin}`);
  const status: VerdictStatus = d.low > -margin ? "PASS" : d.high < -margin ? "FAIL" : "INCONCLUSIVE";
  if (d.n < 2) return { ...d, status, margin, power: null, casesNeeded: null };
  const alpha = (1 - d.confidence) / 2;
  const power = nonInferiorityPower({ sd: d.sd, n: d.n, margin, alpha });
  const casesNeeded = casesForNonInferiority({ sd: d.sd, margin, alpha });
  return { ...d, status, margin, power, casesNeeded };
}

export interface PowerInputs {
  /** SD of the per-case differences. */
  sd: number;
  n: number;
  margin: number;
  /** One-sided level of the test (0.05 for one-sided 95% bounds). */
  alpha: number;
  /** The true difference the power is computed at; 0 = the arms are equal. */
  trueDifference?: number;
}

/**
 * P(L > −m) when the true difference is δ: Φ((δ + m)·√n/s − t(1 − α, n − 1)), the normal
 * approximation to the noncentral t (within about a point of power for n ≥ 30).
 */
export function nonInferiorityPower({ sd, n, margin, alpha, trueDifference = 0 }: PowerInputs): number {
  if (n < 2) throw new RangeError(`power needs at least 2 cases, got ${n}`);
  const shift = trueDifference + margin;
  const standardized = sd === 0 ? (shift > 0 ? Infinity : shift < 0 ? -Infinity : 0) : (shift * Math.sqrt(n)) / sd;
  return normalCdf(standardized - studentTQuantile(1 - alpha, n - 1));
}

/**
 * The smallest n ≥ 2 whose power (above, at δ = 0) reaches `power`: starts from the normal
 * formula n = ((z(1 − α) + z(power))·s/m)² and steps to the exact crossing. Infinity when
 * m = 0 and the differences vary (no sample size would do).
 */
export function casesForNonInferiority({ sd, margin, alpha, power = TARGET_POWER }: Omit<PowerInputs, "n" | "trueDifference"> & { power?: number }): number {
  if (sd === 0) return 2;
  if (margin <= 0) return Infinity;
  const powerAt = (n: number): number => nonInferiorityPower({ sd, n, margin, alpha });
  let n = Math.max(2, Math.ceil(((normalQuantile(1 - alpha) + normalQuantile(power)) * sd / margin) ** 2));
  while (powerAt(n) < power) n += Math.max(1, Math.ceil(n / 1000));
  while (n > 2 && powerAt(n - 1) >= power) n -= 1;
  return n;
}
