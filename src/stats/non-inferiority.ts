import type { VerdictStatus } from "../core/index.js";
import { normalCdf, normalQuantile, studentTQuantile } from "./distributions.js";
import { confidenceOf, differenceInterval, pairedDifference, type ConfidenceOptions, type PairedDifference, type ScorePair } from "./paired.js";

/** Beyond this many cases a suite is not the remedy: "cases needed" is reported as none would do. */
const MAX_CASES = 1e8;

/** The power a sample size is judged against when saying how many cases would decide. */
export const TARGET_POWER = 0.8;

export interface NonInferiorityOptions extends ConfidenceOptions {
  /** m: how much worse (on the 0..1 score) the candidate may be and still pass. */
  margin: number;
  /** The true difference `power` assumes (a declared `expected_delta`); 0 = the arms are equal. */
  expectedDelta?: number;
}

export interface NonInferiorityResult extends PairedDifference {
  /** docs/design/architecture.md §9: PASS when L > −m; FAIL when U < −m (shown worse than the margin); INCONCLUSIVE otherwise. */
  status: VerdictStatus;
  margin: number;
  /** Chance this many cases had to PASS if the true difference were the expected one (0: the arms equal); null with one case. */
  power: number | null;
  /**
   * Cases that would give 80% power at this margin and the observed SD, if the true difference
   * were the observed one (an estimate); Infinity when it is past the margin; null with one case.
   */
  casesNeeded: number | null;
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
  let difference: PairedDifference;
  if (Array.isArray(second)) {
    options = third ?? { margin: Number.NaN };
    difference = pairedDifference(first as readonly number[], second, { ...options, confidence: confidenceOf(options) });
  } else {
    options = typeof second === "number" ? { margin: second } : (second as NonInferiorityOptions);
    difference = pairedDifference(first as readonly ScorePair[], { ...options, confidence: confidenceOf(options) });
  }
  return decideNonInferiority(difference, options.margin, options.expectedDelta);
}

/** The same decision on per-case differences candidate − baseline. */
export function nonInferiorityOfDifferences(differences: readonly number[], options: number | NonInferiorityOptions): NonInferiorityResult {
  const opts = typeof options === "number" ? { margin: options } : options;
  return decideNonInferiority(differenceInterval(differences, confidenceOf(opts), opts), opts.margin, opts.expectedDelta);
}

function decideNonInferiority(d: PairedDifference, margin: number, expectedDelta = 0): NonInferiorityResult {
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new RangeError(`a non-inferiority margin is a finite number ≥ 0, got ${margin}`);
  const status: VerdictStatus = d.low > -margin ? "PASS" : d.high < -margin ? "FAIL" : "INCONCLUSIVE";
  if (d.n < 2 || d.groups < 2) return { ...d, status, margin, power: null, casesNeeded: null };
  const alpha = (1 - d.confidence) / 2;
  // The SD the interval used (clustered, floored), so power and cases needed describe this test.
  const power = nonInferiorityPower({ sd: d.effectiveSd, n: d.n, margin, alpha, df: d.df, trueDifference: expectedDelta });
  const casesNeeded = d.floored
    ? casesPastFloor(d, margin, alpha)
    : casesForNonInferiority({ sd: d.effectiveSd, margin, alpha, trueDifference: d.estimate });
  return { ...d, status, margin, power, casesNeeded };
}

/**
 * With floored bounds the spread seen is no guide (there was too little): the cases at which
 * the floor itself, shrinking as 1/n, would let the observed estimate clear the margin —
 * the fewest n with d̄ − t(1 − α, n − 1)·se_floor(n) > −m. Infinity when d̄ ≤ −m.
 */
function casesPastFloor(d: PairedDifference, margin: number, alpha: number): number {
  const room = d.estimate + margin;
  if (room <= 0) return Infinity;
  const D = Math.sqrt(((d.effectiveSd / Math.sqrt(d.n)) ** 2 * (d.n - 1) * d.n) / 3);
  const bound = (n: number) => studentTQuantile(1 - alpha, n - 1) * D * Math.sqrt(3 / (n * (n - 1)));
  let n = Math.max(2, d.n);
  if (bound(n) < room) return n;
  while (bound(n) >= room && n < MAX_CASES) n = Math.ceil(n * 1.5);
  if (n >= MAX_CASES) return Infinity;
  let low = Math.max(2, Math.floor(n / 1.5));
  while (low < n) {
    const mid = Math.floor((low + n) / 2);
    if (bound(mid) < room) n = mid;
    else low = mid + 1;
  }
  return n;
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
  /** Degrees of freedom of the test's t quantile; n − 1 unless clustered. */
  df?: number;
}

/**
 * P(L > −m) when the true difference is δ: Φ((δ + m)·√n/s − t(1 − α, n − 1)), the normal
 * approximation to the noncentral t (within about a point of power for n ≥ 30).
 */
export function nonInferiorityPower({ sd, n, margin, alpha, trueDifference = 0, df = n - 1 }: PowerInputs): number {
  if (n < 2) throw new RangeError(`power needs at least 2 cases, got ${n}`);
  const shift = trueDifference + margin;
  const standardized = sd === 0 ? (shift > 0 ? Infinity : shift < 0 ? -Infinity : 0) : (shift * Math.sqrt(n)) / sd;
  return normalCdf(standardized - studentTQuantile(1 - alpha, df));
}

/**
 * The smallest n ≥ 2 whose power (above, at the true difference δ, 0 unless given) reaches
 * `power`: starts from the normal formula n = ((z(1 − α) + z(power))·s/(δ + m))² and steps to
 * the exact crossing. Infinity when δ + m ≤ 0 and the differences vary (no sample size would
 * show non-inferiority: the difference is past the margin).
 */
export function casesForNonInferiority({ sd, margin, alpha, power = TARGET_POWER, trueDifference = 0 }: Omit<PowerInputs, "n" | "df"> & { power?: number }): number {
  if (sd === 0) return 2;
  const shift = trueDifference + margin;
  if (shift <= 0) return Infinity;
  const powerAt = (n: number): number => nonInferiorityPower({ sd, n, margin, alpha, trueDifference });
  const guess = ((normalQuantile(1 - alpha) + normalQuantile(power)) * sd / shift) ** 2;
  // A difference on the margin (to rounding) needs more cases than any suite has: say so, do not count them.
  if (!(guess <= MAX_CASES)) return Infinity;
  let n = Math.max(2, Math.ceil(guess));
  while (powerAt(n) < power) n += Math.max(1, Math.ceil(n / 1000));
  while (n > 2 && powerAt(n - 1) >= power) n -= 1;
  return n;
}
