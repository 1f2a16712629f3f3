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
  const h = ((sorted.length - 1) * p) / 100;
  const below = Math.floor(h);
  const lower = sorted[below] ?? Number.NaN;
  if (h === below) return lower;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? Number.NaN;
  return lower + (h - below) * (upper - lower);
}

export const p50 = (values: readonly number[]): number => percentile(values, 50);
export const p95 = (values: readonly number[]): number => percentile(values, 95);
export const p99 = (values: readonly number[]): number => percentile(values, 99);
