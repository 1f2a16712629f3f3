import pc from "picocolors";
import type { ArmSummary } from "../stats/index.js";
import type { Run } from "../core/index.js";
import { formatMs, formatPercent, formatScore, formatUsd } from "./format.js";
import { renderTable } from "./table.js";

export interface RunSummaryInput {
  run: Run;
  arms: ArmSummary[];
}

/** The console summary of a run: one row per arm (issue: `evalgate run`'s summary table). */
export function formatRunSummary({ run, arms }: RunSummaryInput): string {
  const header = ["arm", "api · model", "attempts", "pass rate [95% CI]", "score", "errors", "cost/case", "total", "p50", "p95", "TTFT p50"];
  const infoByArm = new Map(run.arms.map((a) => [a.arm, a]));
  const rows = arms.map((s) => {
    const info = infoByArm.get(s.arm);
    return [
      s.arm,
      info ? `${info.api} · ${info.model}${info.simulated ? " (sim)" : ""}` : "",
      String(s.attempts),
      // An arm with no attempts (a run stopped early) has no pass rate.
      s.attempts === 0 ? "—" : `${formatPercent(s.passRate.estimate)} [${formatPercent(s.passRate.low)}, ${formatPercent(s.passRate.high)}]`,
      formatScore(s.meanScore),
      s.errors > 0 ? pc.red(String(s.errors)) : "0",
      formatUsd(s.costPerCase),
      formatUsd(s.totalCost),
      formatMs(s.latencyP50),
      formatMs(s.latencyP95),
      formatMs(s.ttftP50),
    ];
  });
  if (arms.some((s) => s.judgeCalls > 0)) {
    header.push("judge cost");
    arms.forEach((s, i) => rows[i]?.push(s.judgeCalls > 0 ? `${formatUsd(s.judgeCost)} (${s.judgeCalls} calls)` : "—"));
  }
  const title = `${pc.bold(run.suite)} · run ${run.id} · ${run.status}${run.simulated ? " · simulated" : ""}`;
  const warnings = run.arms.flatMap((a) => a.warnings.map((w) => pc.yellow(`warning: ${a.arm}: ${w}`)));
  return [title, renderTable(header, rows, new Set([2, 4, 5, 6, 7, 8, 9, 10])), ...warnings].join("\n");
}
