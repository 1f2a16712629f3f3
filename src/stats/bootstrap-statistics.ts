import { percentileOfSorted } from "./percentile.js";

/** One case's per-attempt values (latency ms, cost USD, TTFT ms) in each arm; repeats give several. */
export interface CaseAttemptValues {
  baseline: readonly number[];
  candidate: readonly number[];
}

/** p95 of the candidate's attempts / p95 of the baseline's, over the cases given (pooled attempts). */
export function p95LatencyRatio(cases: readonly CaseAttemptValues[]): number {
  return pooledPercentile(cases, "candidate", 95) / pooledPercentile(cases, "baseline", 95);
}

/** p50 of the candidate's TTFTs / p50 of the baseline's, over the cases given. */
export function ttftP50Ratio(cases: readonly CaseAttemptValues[]): number {
  return pooledPercentile(cases, "candidate", 50) / pooledPercentile(cases, "baseline", 50);
}

/**
 * Mean cost per case of the candidate / the baseline's, a case's cost being the mean of
 * its attempts' costs (so arms with different repeat counts still compare per case).
 */
export function meanCostRatio(cases: readonly CaseAttemptValues[]): number {
  return meanPerCase(cases, "candidate") / meanPerCase(cases, "baseline");
}

/** The percentile of one arm's attempts pooled over the cases; NaN when the arm has none. */
function pooledPercentile(cases: readonly CaseAttemptValues[], arm: keyof CaseAttemptValues, p: number): number {
  let count = 0;
  for (const c of cases) count += c[arm].length;
  if (count === 0) return Number.NaN;
  const pooled = new Float64Array(count);
  let at = 0;
  for (const c of cases) for (const v of c[arm]) pooled[at++] = v;
  return percentileOfSorted(pooled.sort(), p);
}

function meanPerCase(cases: readonly CaseAttemptValues[], arm: keyof CaseAttemptValues): number {
  let sum = 0;
  let counted = 0;
  for (const c of cases) {
    const values = c[arm];
    if (values.length === 0) continue;
    sum += values.reduce((s, v) => s + v, 0) / values.length;
    counted += 1;
  }
  return counted === 0 ? Number.NaN : sum / counted;
}
