import pc from "picocolors";
import type { ArmSummary } from "../stats/index.js";
import type { Run } from "../core/index.js";
import { armTable } from "./arm-rows.js";
import { renderTable } from "./table.js";

export interface RunSummaryInput {
  run: Run;
  arms: ArmSummary[];
}

/** The console summary of a run: one row per arm (issue: `evalgate run`'s summary table). */
export function formatRunSummary({ run, arms }: RunSummaryInput): string {
  const t = armTable(run, arms, ["arm", "model", "attempts", "passRate", "score", "errors", "costPerCase", "cachedInput", "totalCost", "p50", "p95", "ttftP50", "judgeCost", "overhead"]);
  const errorsAt = t.columns.indexOf("errors");
  const rows = t.rows.map((row) => row.map((cell, i) => (i === errorsAt && cell !== "0" ? pc.red(cell) : cell)));
  const title = `${pc.bold(run.suite)} · run ${run.id} · ${run.status}${run.simulated ? " · simulated" : ""}`;
  const warnings = run.arms.flatMap((a) => a.warnings.map((w) => pc.yellow(`warning: ${a.arm}: ${w}`)));
  return [title, renderTable(t.header, rows, t.numeric), pc.dim(t.note), ...warnings].join("\n");
}
