import type { Attempt, Run } from "../core/index.js";
import { attemptFigures, summarizeArms, type AttemptFigures } from "../stats/index.js";
import type { ReportCase, RunReport } from "./reporter.js";

/** A run's report section from its attempts: per-arm summaries in the run's arm order. */
export function buildRunReport(run: Run, attempts: Attempt[], cases: ReportCase[] = []): RunReport {
  const byArm = new Map<string, AttemptFigures[]>();
  for (const a of attempts) {
    const list = byArm.get(a.arm);
    if (list) list.push(attemptFigures(a));
    else byArm.set(a.arm, [attemptFigures(a)]);
  }
  const arms = run.arms.map((a) => a.arm);
  for (const arm of byArm.keys()) if (!arms.includes(arm)) arms.push(arm);
  return { run, arms: summarizeArms(arms, byArm), attempts, cases: cases.map((c) => ({ id: c.id, tags: c.tags })) };
}
