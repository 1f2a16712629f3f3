import { orderCaseDeltas, worstStatus, type CaseDelta, type CaseOutcome, type Comparison, type VerdictStatus } from "../core/index.js";
import type { RunSummary, StoredComparisonHead } from "../store/index.js";
import type { ComparisonHead, RunListItem, TrendPoint } from "./api-types.js";

/** Pure shaping of store values into API answers (no I/O, so each is tested alone). */

export function countOutcomes(cases: readonly CaseDelta[]): Record<CaseOutcome, number> {
  const counts: Record<CaseOutcome, number> = { regression: 0, flaky: 0, fix: 0, unchanged: 0 };
  for (const c of cases) counts[c.outcome]++;
  return counts;
}

export function comparisonHead(c: Comparison): ComparisonHead {
  const { cases, slices: _slices, ...head } = c;
  return { ...head, caseCounts: countOutcomes(cases) };
}

/** Regressions first, then flaky, fixes, unchanged; by case id within an outcome. */
export function sortCasesRegressionsFirst(cases: readonly CaseDelta[]): CaseDelta[] {
  return orderCaseDeltas(cases);
}

/** The verdict a run shows: the worst over the comparisons it is the candidate of (heads from their rows: no body parsed). */
export function candidateVerdict(runId: string, comparisons: readonly StoredComparisonHead[]): VerdictStatus | null {
  const own = comparisons.filter((c) => c.candidateRunId === runId);
  if (own.length === 0) return null;
  return worstStatus(own.map((c) => c.status));
}

export function runListItem(summary: RunSummary, comparisons: readonly StoredComparisonHead[]): RunListItem {
  const releases = comparisons
    .filter((c) => c.candidateRunId === summary.run.id)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
    .map(({ id, baselineArm, candidateArm, status }) => ({ id, baselineArm, candidateArm, status }));
  return { ...summary, verdict: candidateVerdict(summary.run.id, comparisons), releases };
}

export function trendPoint(summary: RunSummary): TrendPoint {
  const { run, totals } = summary;
  return {
    runId: run.id,
    startedAt: run.startedAt,
    status: run.status,
    tags: run.tags,
    gitCommit: run.gitCommit,
    simulated: run.simulated,
    attempts: totals.attempts,
    passRate: totals.passRate,
    totalCost: totals.totalCost,
    knownCost: totals.knownCost,
    slowestLatencyP95: totals.slowestLatencyP95,
    arms: summary.arms.map((a) => {
      const info = run.arms.find((i) => i.arm === a.arm);
      return { arm: a.arm, api: info?.api ?? null, model: info?.model ?? null, passRate: a.passRate };
    }),
  };
}
