/**
 * The p-th percentile (p in 0..100) by linear interpolation between closest ranks: the
 * value at rank h = (n − 1)·p/100 of the sorted values, interpolated between ⌊h⌋ and ⌈h⌉.
 * This is R's type 7, numpy's default and Python's statistics.quantiles(method="inclusive").
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("the percentile of no values is undefined");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`a percentile is between 0 and 100, got ${p}`);
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

/** The same on values already sorted ascending (no copy, no sort). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  return percentileByRank(sorted.length, p, (rank) => sorted[rank] ?? Number.NaN);
}

/**
 * The same definition on n sorted values read by rank (0-based), for a store that reads
 * the two values it needs instead of all of them: the one percentile, wherever the values are.
 */
export function percentileByRank(n: number, p: number, valueAt: (rank: number) => number): number {
  const h = ((n - 1) * p) / 100;
  const below = Math.floor(h);
  const lower = valueAt(below);
  if (h === below) return lower;
  const upper = valueAt(Math.min(below + 1, n - 1));
  return lower + (h - below) * (upper - lower);
}

export const p50 = (values: readonly number[]): number => percentile(values, 50);
export const p95 = (values: readonly number[]): number => percentile(values, 95);
export const p99 = (values: readonly number[]): number => percentile(values, 99);
