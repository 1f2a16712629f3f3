import type { VerdictStatus } from "../core/index.js";
import { normalQuantile } from "./distributions.js";

export interface ProportionInterval {
  /** k / n; NaN when n = 0. */
  estimate: number;
  low: number;
  high: number;
}

/**
 * Wilson's score interval for a proportion (Wilson 1927; method 3 of Newcombe 1998):
 * the p whose score test |p̂ − p| / √(p(1 − p)/n) ≤ z, i.e.
 * (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). It stays inside [0, 1] and keeps
 * its coverage near 0 and 1, where the Wald interval collapses. With n = 0 there is no
 * information: the interval is [0, 1] and the estimate NaN.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  assertCounts(successes, n);
  return wilsonOfRate(n === 0 ? Number.NaN : successes / n, n, confidence);
}

/**
 * Wilson's interval for a rate p̂ observed on an effective sample of n (not necessarily
 * whole: a clustered sample's N / design effect). p̂ = 0 or 1 keeps its bound at 0 or 1.
 */
export function wilsonOfRate(p: number, n: number, confidence = 0.95): ProportionInterval {
  assertConfidence(confidence);
  if (n === 0 || Number.isNaN(p)) return { estimate: Number.NaN, low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return {
    estimate: p,
    low: p === 0 ? 0 : Math.max(0, center - half),
    high: p === 1 ? 1 : Math.min(1, center + half),
  };
}

export interface ProportionBounds extends ProportionInterval {
  /** §9 pass_rate: PASS when low ≥ min, FAIL when high < min, INCONCLUSIVE otherwise. */
  status: VerdictStatus;
  min: number;
}

/** The pass_rate gate of docs/design/architecture.md §9 on a Wilson interval (95% unless told). */
export function proportionBounds(successes: number, n: number, options: { min: number; confidence?: number }): ProportionBounds {
  const interval = wilsonInterval(successes, n, options.confidence ?? 0.95);
  const status: VerdictStatus = interval.low >= options.min ? "PASS" : interval.high < options.min ? "FAIL" : "INCONCLUSIVE";
  return { ...interval, status, min: options.min };
}

function assertCounts(successes: number, n: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n) {
    throw new RangeError(`a proportion needs whole counts with 0 ≤ successes ≤ n, got ${successes} of ${n}`);
  }
}

export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be strictly between 0 and 1, got ${confidence}`);
}
