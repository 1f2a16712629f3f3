import { studentTQuantile } from "./distributions.js";
import { FLOOR_DISCORDANT_CASES } from "./paired.js";
import { assertConfidence } from "./proportion.js";

export interface WeightedMeanInterval {
  /** x̄_w = Σ w·x / Σ w. */
  estimate: number;
  /** The linearized (ratio-estimator) standard error, or the floor's when larger; Infinity with fewer than 2 units. */
  se: number;
  low: number;
  high: number;
  n: number;
  /** Kish's effective sample size (Σw)² / Σw²: n when the weights are equal. */
  effectiveN: number;
  /** Degrees of freedom of the t quantile: effective n − 1. */
  df: number;
  /** Two-sided level of [low, high]. */
  level: number;
  floored: boolean;
}

export interface WeightedMeanOptions {
  /**
   * Degenerate evidence never decides (docs/design/statistics.md): the SE is at least that of
   * FLOOR_DISCORDANT_CASES units (all, when fewer) moved by ±D from `center` at the effective
   * n, D the largest |x − center| seen, or `unseen` when every value sits at the center.
   */
  floor?: { center: number; unseen: number };
}

/**
 * The weighted mean of per-unit values with a two-sided t interval: x̄_w ± t(1 − α/2, n_eff − 1)·se,
 * se² = n/(n − 1) · Σ w²(x − x̄_w)² / (Σw)² — the linearization variance of a ratio estimator,
 * which is s²/n when the weights are equal. Used where cases stand for traffic (`weight`).
 */
export function weightedMeanInterval(values: readonly number[], weights: readonly number[], level: number, options: WeightedMeanOptions = {}): WeightedMeanInterval {
  assertConfidence(level);
  const n = values.length;
  if (n === 0) throw new RangeError("the mean of no values is undefined");
  if (weights.length !== n) throw new RangeError(`one weight per value is needed, got ${weights.length} for ${n}`);
  let total = 0;
  let squares = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w > 0)) throw new RangeError(`weights must be positive, got ${w}`);
    total += w;
    squares += w * w;
    sum += w * values[i]!;
  }
  const estimate = sum / total;
  const effectiveN = (total * total) / squares;
  const df = effectiveN - 1;
  if (n < 2 || !(df > 0)) return { estimate, se: Infinity, low: -Infinity, high: Infinity, n, effectiveN, df, level, floored: false };
  let residuals = 0;
  for (let i = 0; i < n; i++) residuals += (weights[i]! * (values[i]! - estimate)) ** 2;
  let se = Math.sqrt(((n / (n - 1)) * residuals) / (total * total));
  let floored = false;
  if (options.floor) {
    const floor = weightedFloorSe(values, effectiveN, options.floor);
    if (se < floor) (se = floor), (floored = true);
  }
  const half = se === 0 ? 0 : studentTQuantile(1 - (1 - level) / 2, df) * se;
  return { estimate, se, low: estimate - half, high: estimate + half, n, effectiveN, df, level, floored };
}

/** √(k·D²/(n_eff − 1)) / √n_eff with k = min(3, n): floorSe of paired.ts at the effective n. */
function weightedFloorSe(values: readonly number[], effectiveN: number, floor: { center: number; unseen: number }): number {
  let largest = 0;
  for (const x of values) largest = Math.max(largest, Math.abs(x - floor.center));
  const D = largest === 0 ? floor.unseen : largest;
  return Math.sqrt((Math.min(FLOOR_DISCORDANT_CASES, values.length) * D * D) / (effectiveN - 1) / effectiveN);
}
