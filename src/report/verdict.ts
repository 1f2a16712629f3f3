import { worstStatus, type Comparison, type VerdictStatus } from "../core/index.js";

/** The worst verdict over comparisons (FAIL > INCONCLUSIVE > PASS); null when there are none. */
export function overallStatus(comparisons: readonly Comparison[]): VerdictStatus | null {
  if (comparisons.length === 0) return null;
  return worstStatus(comparisons.map((c) => c.verdict.status));
}

/** docs/design/architecture.md §5: 0 every verdict PASS (or no gates), 1 a gate FAILED, 4 a verdict INCONCLUSIVE. */
export function verdictExitCode(comparisons: readonly Comparison[]): 0 | 1 | 4 {
  const status = overallStatus(comparisons);
  return status === "FAIL" ? 1 : status === "INCONCLUSIVE" ? 4 : 0;
}
