import { groupByArm, type Attempt, type Run } from "../core/index.js";
import { attemptFigures, summarizeArms, type ArmSummary } from "../stats/index.js";
import type { ReportCase, RunReport } from "./reporter.js";

/**
 * A run's report section: its attempts, cases and per-arm summaries in the run's arm
 * order. A stored run passes the store's summaries (the figures `runs` and the dashboard
 * show); a run file's are computed from its attempts by the same definition.
 */
export function buildRunReport(run: Run, attempts: Attempt[], cases: ReportCase[] = [], summaries?: readonly ArmSummary[]): RunReport {
  const byArm = groupByArm(attempts);
  const arms = run.arms.map((a) => a.arm);
  for (const arm of byArm.keys()) if (!arms.includes(arm)) arms.push(arm);
  const computed = summaries ?? summarizeArms(arms, new Map([...byArm].map(([arm, list]) => [arm, list.map(attemptFigures)])));
  return { run, arms: [...computed], attempts, cases: cases.map((c) => ({ id: c.id, tags: c.tags })) };
}
