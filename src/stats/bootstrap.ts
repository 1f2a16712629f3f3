import { rngFrom } from "../core/index.js";
import { percentileOfSorted } from "./percentile.js";
import { assertConfidence } from "./proportion.js";

export const DEFAULT_BOOTSTRAP_ITERATIONS = 2000;

export interface BootstrapOptions {
  /** Resamples; default 2,000. */
  iterations?: number;
  /** Alias of `iterations`. */
  resamples?: number;
  /** Same seed, same cases → same interval. */
  seed: number | string;
  /** Two-sided level of the percentile interval; default 0.95. */
  confidence?: number;
  /** Alias of `confidence`. */
  level?: number;
}

export interface IndexBootstrapOptions extends BootstrapOptions {
  /** Number of cases. */
  n: number;
  /** The statistic of a resample given as case indices (with repeats). */
  statistic: (indices: readonly number[]) => number;
}

export interface BootstrapResult {
  /** The statistic on the cases as observed. */
  estimate: number;
  /** Percentile interval; NaN when fewer than 2 resamples gave a finite statistic. */
  low: number;
  high: number;
  iterations: number;
  /** Resamples whose statistic was finite (the others, e.g. a zero denominator, are dropped). */
  valid: number;
  confidence: number;
}

/**
 * A paired bootstrap over cases: each resample draws n cases with replacement and keeps
 * both arms' data of every drawn case (all its attempts), so the pairing and the
 * repeat structure survive. The interval is the percentile interval of the statistic
 * over the resamples (type-7 percentiles at α/2 and 1 − α/2).
 */
export function pairedBootstrap<T>(cases: readonly T[], statistic: (sample: readonly T[]) => number, options: BootstrapOptions): BootstrapResult;
export function pairedBootstrap(options: IndexBootstrapOptions): BootstrapResult;
export function pairedBootstrap<T>(
  first: readonly T[] | IndexBootstrapOptions,
  statistic?: (sample: readonly T[]) => number,
  options?: BootstrapOptions,
): BootstrapResult {
  if (!Array.isArray(first)) return bootstrapIndices(first as IndexBootstrapOptions);
  const cases = first as readonly T[];
  if (!statistic || !options) throw new TypeError("pairedBootstrap(cases, statistic, options) needs a statistic and options with a seed");
  return bootstrapIndices({ ...options, n: cases.length, statistic: (indices) => statistic(indices.map((i) => cases[i] as T)) });
}

function bootstrapIndices(options: IndexBootstrapOptions): BootstrapResult {
  const { n, statistic } = options;
  const iterations = options.iterations ?? options.resamples ?? DEFAULT_BOOTSTRAP_ITERATIONS;
  const confidence = options.confidence ?? options.level ?? 0.95;
  assertConfidence(confidence);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a bootstrap needs at least one case, got ${n}`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`bootstrap iterations must be a positive integer, got ${iterations}`);
  const estimate = statistic(Array.from({ length: n }, (_, i) => i));
  const rng = rngFrom("paired-bootstrap", options.seed);
  const draws: number[] = [];
  const indices = new Array<number>(n);
  for (let r = 0; r < iterations; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(rng() * n);
    const value = statistic(indices);
    if (Number.isFinite(value)) draws.push(value);
  }
  const sorted = Float64Array.from(draws).sort();
  const alpha = 1 - confidence;
  const enough = sorted.length >= 2;
  return {
    estimate,
    low: enough ? percentileOfSorted(sorted, (100 * alpha) / 2) : Number.NaN,
    high: enough ? percentileOfSorted(sorted, 100 * (1 - alpha / 2)) : Number.NaN,
    iterations,
    valid: sorted.length,
    confidence,
  };
}
