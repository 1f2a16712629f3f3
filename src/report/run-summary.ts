import pc from "picocolors";
import { describeCause, dominantCause, type ArmSummary, type FailureSummary } from "../stats/index.js";
import type { Run } from "../core/index.js";
import { armTable } from "./arm-rows.js";
import { renderTable } from "./table.js";

export interface RunSummaryInput {
  run: Run;
  arms: ArmSummary[];
  /** Each arm's failures by cause: when most share one, it is said first. */
  failures?: readonly FailureSummary[];
}

/** The console summary of a run: one row per arm (issue: `evalgate run`'s summary table). */
export function formatRunSummary({ run, arms, failures = [] }: RunSummaryInput): string {
  const t = armTable(run, arms, ["arm", "model", "attempts", "passRate", "score", "errors", "costPerCase", "cachedInput", "totalCost", "p50", "p95", "ttftP50", "judgeCost", "overhead"]);
  const errorsAt = t.columns.indexOf("errors");
  const rows = t.rows.map((row) => row.map((cell, i) => (i === errorsAt && cell !== "0" ? pc.red(cell) : cell)));
  const title = `${pc.bold(run.suite)} · run ${run.id} · ${run.status}${run.simulated ? " · simulated" : ""}`;
  const warnings = run.arms.flatMap((a) => a.warnings.map((w) => pc.yellow(`warning: ${a.arm}: ${w}`)));
  return [title, ...dominantCauseLines(failures), renderTable(t.header, rows, t.numeric), pc.dim(t.note), ...warnings].join("\n");
}

/** "resp-5-mini: 240 of 240 attempts incomplete: max_output_tokens reached during reasoning", per arm whose failures mostly share a cause. */
export function dominantCauseLines(failures: readonly FailureSummary[]): string[] {
  return failures.flatMap((f) => {
    const top = dominantCause(f);
    return top ? [pc.red(`${f.arm}: ${describeCause(top, f.attempts)}`)] : [];
  });
}
