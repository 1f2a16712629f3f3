import type { AttemptFigures, Interval } from "./arm-summary.js";
import { studentTQuantile } from "./distributions.js";
import { clusteredMean } from "./mean.js";

/** Requests the cost-per-request figure is stated for. */
export const REQUESTS_PER_COST_UNIT = 1000;

/**
 * USD per 1,000 requests: 1,000 × the mean cost of an answered attempt (an attempt is one
 * request; a tool loop's steps count as one), with a 95% interval clustered by case (CR1
 * standard error, Student t on cases − 1 degrees of freedom, floored at 0): repeats of a case
 * cost alike, so they are not independent draws. Errored attempts are left out (they answer
 * nothing); null when an answered attempt's price is unknown or nothing was answered. With
 * one case the interval is the estimate's own point (no spread can be measured).
 */
export function costPer1kRequests(figures: readonly Pick<AttemptFigures, "caseId" | "status" | "costUsd">[]): Interval | null {
  const byCase = new Map<string, number[]>();
  for (const f of figures) {
    if (f.status === "error") continue;
    if (f.costUsd === null) return null;
    const costs = byCase.get(f.caseId) ?? [];
    costs.push(f.costUsd * REQUESTS_PER_COST_UNIT);
    byCase.set(f.caseId, costs);
  }
  if (byCase.size === 0) return null;
  const { mean, se, clusters } = clusteredMean([...byCase.values()]);
  if (clusters < 2 || !Number.isFinite(se)) return { estimate: mean, low: mean, high: mean };
  const half = studentTQuantile(0.975, clusters - 1) * se;
  return { estimate: mean, low: Math.max(0, mean - half), high: mean + half };
}

/** USD the judges spent per 1,000 requests of the arm (every attempt, errored ones included, was judged or not): kept apart from the arm's cost. */
export function judgeCostPer1kRequests(judgeCostUsd: number, attempts: number): number | null {
  return attempts === 0 ? null : (judgeCostUsd / attempts) * REQUESTS_PER_COST_UNIT;
}
