import { renderTable } from "../report/index.js";
import type { CheckResult, MetricCheck } from "./check.js";
import { formatCount, formatMetricIncrease, formatMetricLevel } from "./format.js";

/** What `rollout check` prints: the decision first, then each metric's figures, in natural units. */
export function renderCheck(r: CheckResult & { comparison: { baselineArm: string; candidateArm: string }; slowAboveMs: number | null }): string {
  const seen = formatCount(r.requests.treatment + r.requests.control);
  const lines = [
    `rollout check, stage ${r.stage}% (${r.comparison.baselineArm} → ${r.comparison.candidateArm}): ${r.decision.toUpperCase()}`,
    `  requests: ${formatCount(r.requests.treatment)} treatment, ${formatCount(r.requests.control)} control (${seen} of the ${formatCount(r.plannedRequests)} the plan gives this stage)`,
  ];
  const unlogged = r.unlogged.treatment + r.unlogged.control;
  if (unlogged) lines.push(`  left out: ${formatCount(unlogged)} exchanges without a logged reply`);
  if (r.slowAboveMs !== null) lines.push(`  slow: slower than ${Math.round(r.slowAboveMs)} ms`);
  const rows = r.metrics.map((m) => [m.label, m.status, level(m, "treatment"), level(m, "control"), formatMetricIncrease(m, m.estimate), m.estimate === null ? "—" : `[${formatMetricIncrease(m, m.low)}, ${formatMetricIncrease(m, m.high)}]`, `≤ ${formatMetricIncrease(m, m.margin)}`]);
  lines.push("", renderTable(["metric", "status", "treatment", "control", "increase", "always-valid bounds", "margin"], rows), "");
  lines.push(why(r));
  return `${lines.join("\n")}\n`;
}

function level(m: MetricCheck, arm: "treatment" | "control"): string {
  const side = m[arm];
  return side.n === 0 ? "—" : `${formatMetricLevel(m, side.mean)} (n ${formatCount(side.n)})`;
}

function why(r: CheckResult): string {
  const breach = r.metrics.filter((m) => m.status === "breach shown").map((m) => m.label);
  const open = r.metrics.filter((m) => m.status === "undecided").map((m) => m.label);
  if (r.decision === "roll back") return `roll back (exit 1): the canary is shown worse than control, and not within the margin, on ${breach.join(", ")}`;
  if (r.decision === "continue") return "continue (exit 0): every metric's increase is shown to be below its margin";
  return `hold (exit 4): not decided yet on ${open.join(", ") || "any metric"}; keep the stage running and check again (the bounds hold however often you check)`;
}
