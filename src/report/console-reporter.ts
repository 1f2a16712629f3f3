import pc from "picocolors";
import type { Comparison, GateStatus } from "../core/index.js";
import { excerpt, stripControl } from "./case-rows.js";
import { DELTA_HEADER, comparisonTitle, deltaRows, gateRows, pairingNotes, parityTable, topRegressions, type RegressionView } from "./comparison-view.js";
import { formatScore } from "./format.js";
import type { ReportInput, Reporter, ReporterOptions } from "./reporter.js";
import { formatRunSummary } from "./run-summary.js";
import { renderTable } from "./table.js";
import { overallStatus } from "./verdict.js";

type Colors = ReturnType<typeof pc.createColors>;

/**
 * The terminal report: the verdict first, then per comparison its gates, its deltas table
 * and its top regressions with both outputs. Without comparisons: each run's arm summary.
 */
export function createConsoleReporter(options: ReporterOptions = {}): Reporter {
  const colors = pc.createColors(options.color ?? false);
  const limit = options.topRegressions ?? 5;
  const maxChars = options.maxOutputChars ?? 400;
  return {
    format: "console",
    extension: "txt",
    render(input: ReportInput): string {
      const overall = overallStatus(input.comparisons);
      if (overall === null) {
        const runs = input.runs.map((r) => formatRunSummary({ run: r.run, arms: r.arms }));
        return `${[...runs, "no comparisons: no gates to apply"].join("\n\n")}\n`;
      }
      const head = `${paint(colors, overall, colors.bold(`verdict: ${overall}`))} (${input.comparisons.length} comparison${input.comparisons.length === 1 ? "" : "s"})`;
      const blocks = input.comparisons.map((c) => renderComparison(c, input, colors, limit, maxChars));
      return `${[head, ...blocks].join("\n\n")}\n`;
    },
  };
}

function renderComparison(c: Comparison, input: ReportInput, colors: Colors, limit: number, maxChars: number): string {
  const lines = [`${paint(colors, c.verdict.status, c.verdict.status)}  ${colors.bold(comparisonTitle(c))}`];
  // The table keeps to the figures; the reasons of the gates that did not pass follow it
  // one a line (a PASS reason restates its figures; the other reports keep every reason).
  const gates = gateRows(c).map((row, i) => {
    const status = c.verdict.gates[i]?.status ?? "PASS";
    return [`${mark(status)} ${row[0]}`, paint(colors, status, row[1] ?? ""), ...row.slice(2, 5)];
  });
  lines.push(gates.length ? renderTable(["gate", "status", "figure", "threshold", "interval"], gates) : "no gates: nothing to decide");
  for (const g of c.verdict.gates) {
    if (g.status !== "PASS") lines.push(`  ${g.gate}: ${g.reason}${g.decide ? ` (${g.decide})` : ""}`);
  }
  lines.push("", renderTable(DELTA_HEADER, deltaRows(c, input), new Set([1, 2, 3])));
  const parity = parityTable(c);
  lines.push("", ...("missing" in parity ? [colors.dim(parity.missing)] : [renderTable(parity.header, parity.rows, new Set([1, 2, 3])), colors.dim(parity.note)]));
  const notes = pairingNotes(c);
  if (notes.length) lines.push("", ...notes.map((n) => colors.yellow(`note: ${n}`)));
  const regressions = topRegressions(c, input, limit);
  const total = c.cases.filter((d) => d.outcome === "regression").length;
  if (regressions.length) {
    lines.push("", colors.bold(`top regressions (${regressions.length} of ${total})`));
    for (const r of regressions) lines.push(...renderRegression(r, colors, maxChars));
  }
  return lines.join("\n");
}

function renderRegression(r: RegressionView, colors: Colors, maxChars: number): string[] {
  const tags = r.delta.tags.length ? ` [${r.delta.tags.join(", ")}]` : "";
  const out = [`  ${colors.bold(r.delta.caseId)}${tags}  score ${formatScore(r.delta.baselineScore)} → ${formatScore(r.delta.candidateScore)}`];
  out.push(`    baseline:  ${indent(excerpt(r.baselineText, maxChars))}`);
  out.push(`    candidate: ${indent(excerpt(r.candidateText, maxChars))}`);
  for (const reason of r.candidate?.reasons ?? []) out.push(colors.red(`    ✗ ${reason}`));
  return out;
}

function indent(text: string): string {
  return stripControl(text).replace(/\n/g, "\n               ");
}

function mark(status: GateStatus): string {
  return status === "PASS" ? "✓" : status === "FAIL" ? "✗" : status === "INCONCLUSIVE" ? "?" : "–";
}

function paint(colors: Colors, status: GateStatus, text: string): string {
  if (status === "PASS") return colors.green(text);
  if (status === "FAIL") return colors.red(text);
  if (status === "INCONCLUSIVE") return colors.yellow(text);
  return colors.dim(text);
}
