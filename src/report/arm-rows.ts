// Browser-safe imports (the dashboard bundles this file): core/format.ts and stats/arm-summary.ts import no Node module.
import { formatCost, formatMs, formatPercent, formatScore, formatUsd } from "../core/format.js";
import type { ArmInfo, Run } from "../core/index.js";
import { PASS_RATE_NOTE, type ArmSummary, type Interval } from "../stats/arm-summary.js";

/**
 * The one arm-row view model (docs/design/architecture.md §9): the console summary, the
 * Markdown and the HTML reports pick columns from it, so an arm's figure reads the same in
 * each. Every cell is a figure of the one arm summary, formatted by core's formats.
 */
export type ArmColumn = "arm" | "model" | "attempts" | "passRate" | "score" | "errors" | "costPerCase" | "cachedInput" | "totalCost" | "p50" | "p95" | "ttftP50" | "judgeCost" | "overhead";

interface ColumnDef {
  header: string;
  numeric: boolean;
  cell(s: ArmSummary, info: ArmInfo | undefined): string;
}

export function formatPassRate(rate: Interval | null): string {
  return rate === null ? "—" : `${formatPercent(rate.estimate)} [${formatPercent(rate.low)}, ${formatPercent(rate.high)}]`;
}

/** The share of input tokens served from the API's prompt cache (ArmSummary.cachedInputShare). */
export function formatCachedShare(share: number | null | undefined): string {
  return share === null || share === undefined ? "—" : formatPercent(share);
}

const COLUMNS: Record<ArmColumn, ColumnDef> = {
  arm: { header: "arm", numeric: false, cell: (s) => s.arm },
  model: { header: "api · model", numeric: false, cell: (_s, a) => (a ? `${a.api} · ${a.model}${a.simulated ? " (sim)" : ""}` : "") },
  attempts: { header: "attempts", numeric: true, cell: (s) => String(s.attempts) },
  passRate: { header: "pass rate [95% CI]", numeric: true, cell: (s) => formatPassRate(s.passRate) },
  score: { header: "score", numeric: true, cell: (s) => formatScore(s.meanScore) },
  errors: { header: "errors", numeric: true, cell: (s) => String(s.errors) },
  costPerCase: { header: "cost/case", numeric: true, cell: (s) => formatUsd(s.costPerCase) },
  cachedInput: { header: "cached input", numeric: true, cell: (s) => formatCachedShare(s.cachedInputShare) },
  totalCost: { header: "total", numeric: true, cell: (s) => formatCost(s.knownCost, s.unknownCostAttempts) },
  p50: { header: "p50", numeric: true, cell: (s) => formatMs(s.latencyP50) },
  p95: { header: "p95", numeric: true, cell: (s) => formatMs(s.latencyP95) },
  ttftP50: { header: "TTFT p50", numeric: true, cell: (s) => formatMs(s.ttftP50) },
  overhead: { header: "harness", numeric: true, cell: (s) => (s.harnessOverheadMs === null || s.harnessOverheadMs === undefined ? "—" : `+${formatMs(s.harnessOverheadMs)}`) },
  judgeCost: {
    header: "judge cost",
    numeric: true,
    cell: (s) => (s.judgeCalls > 0 ? `${formatCost(s.judgeCost, s.judgeUnknownCost)} (${s.judgeCalls} calls)` : "—"),
  },
};

export interface ArmTable {
  columns: ArmColumn[];
  header: string[];
  rows: string[][];
  /** Column indexes that hold numbers (right-aligned). */
  numeric: Set<number>;
  /** How the pass rate is counted (and, with simulated latency, what it is): shown under every table that has it. */
  note: string;
}

/** Said under an arm table whose latencies are the simulator's modelled ones. */
export const MODELLED_LATENCY_NOTE = "latency of simulated attempts: the simulator's modelled latency (deterministic under its seed); harness: mean observed − modelled, the harness's own overhead";

/**
 * The rows of a run's arms for the columns asked for; `judgeCost` only when a judge was
 * called, `overhead` only when latency was modelled, `cachedInput` only when some arm had
 * cached input (then beside the cost of every arm: a warm cache is part of a price).
 */
export function armTable(run: Run, arms: readonly ArmSummary[], columns: readonly ArmColumn[]): ArmTable {
  const modelled = arms.some((s) => s.harnessOverheadMs !== null && s.harnessOverheadMs !== undefined);
  const cached = arms.some((s) => (s.cachedInputShare ?? 0) > 0);
  const shown = columns.filter((c) => (c !== "judgeCost" || arms.some((s) => s.judgeCalls > 0)) && (c !== "overhead" || modelled) && (c !== "cachedInput" || cached));
  const info = new Map(run.arms.map((a) => [a.arm, a]));
  return {
    columns: shown,
    header: shown.map((c) => COLUMNS[c].header),
    rows: arms.map((s) => shown.map((c) => COLUMNS[c].cell(s, info.get(s.arm)))),
    numeric: new Set(shown.flatMap((c, i) => (COLUMNS[c].numeric ? [i] : []))),
    note: modelled && shown.some((c) => c === "p50" || c === "p95") ? `${PASS_RATE_NOTE}; ${MODELLED_LATENCY_NOTE}` : PASS_RATE_NOTE,
  };
}
