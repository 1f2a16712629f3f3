import { attemptLatencyMs, type Attempt } from "../core/index.js";

/**
 * p95 latency ratio candidate / baseline over a resample of cases, fast: each arm's live
 * latencies are sorted once with their case, and a resample only weighs each case by how
 * often it was drawn, so the pooled p95 is a walk over the sorted list instead of a sort
 * per resample. The percentile is type 7 (linear interpolation between closest ranks), as
 * in stats' `percentile`, so the ratio on all cases equals p95(candidate) / p95(baseline).
 */
export class PooledPercentile {
  private readonly values: Float64Array;
  private readonly cases: Int32Array;
  private readonly perCase: Int32Array;

  constructor(latenciesByCase: ReadonlyArray<readonly number[]>) {
    const entries: Array<[number, number]> = [];
    latenciesByCase.forEach((list, c) => list.forEach((v) => entries.push([v, c])));
    entries.sort((a, b) => a[0] - b[0]);
    this.values = Float64Array.from(entries, (e) => e[0]);
    this.cases = Int32Array.from(entries, (e) => e[1]);
    this.perCase = Int32Array.from(latenciesByCase, (l) => l.length);
  }

  /** The p-th percentile of the values of the cases drawn `weights[c]` times each; NaN when none. */
  at(weights: ArrayLike<number>, p: number): number {
    let total = 0;
    for (let c = 0; c < this.perCase.length; c++) total += (weights[c] ?? 0) * (this.perCase[c] ?? 0);
    if (total === 0) return Number.NaN;
    const h = ((total - 1) * p) / 100;
    const below = Math.floor(h);
    const lower = this.valueAtRank(weights, below, total);
    if (h === below) return lower;
    const upper = this.valueAtRank(weights, Math.min(below + 1, total - 1), total);
    return lower + (h - below) * (upper - lower);
  }

  /**
   * The value at 0-based rank `rank` of the weighted, sorted multiset of `total` values,
   * walked from the nearer end (a p95 is found within the top 5% of the list).
   */
  private valueAtRank(weights: ArrayLike<number>, rank: number, total: number): number {
    let seen = 0;
    if (rank * 2 < total) {
      for (let i = 0; i < this.values.length; i++) {
        seen += weights[this.cases[i] ?? 0] ?? 0;
        if (seen > rank) return this.values[i] ?? Number.NaN;
      }
      return Number.NaN;
    }
    const fromTop = total - 1 - rank;
    for (let i = this.values.length - 1; i >= 0; i--) {
      seen += weights[this.cases[i] ?? 0] ?? 0;
      if (seen > fromTop) return this.values[i] ?? Number.NaN;
    }
    return Number.NaN;
  }
}

/** Latencies of the attempts actually sent (timeouts censored at the timeout): replayed attempts measure the cache, not the endpoint. */
export function liveLatencies(attempts: readonly Attempt[]): number[] {
  const out: number[] = [];
  for (const a of attempts) {
    const latency = a.replayed ? null : attemptLatencyMs(a);
    if (latency !== null) out.push(latency);
  }
  return out;
}

/** The statistic of a resample (case indices with repeats): p95 ratio candidate / baseline. */
export function p95RatioStatistic(baseline: ReadonlyArray<readonly number[]>, candidate: ReadonlyArray<readonly number[]>): (indices: readonly number[]) => number {
  const base = new PooledPercentile(baseline);
  const cand = new PooledPercentile(candidate);
  const weights = new Int32Array(baseline.length);
  return (indices) => {
    weights.fill(0);
    for (const i of indices) weights[i] = (weights[i] ?? 0) + 1;
    return cand.at(weights, 95) / base.at(weights, 95);
  };
}
