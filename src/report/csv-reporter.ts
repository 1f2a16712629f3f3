import { caseRows, stripControl } from "./case-rows.js";
import type { ReportInput, Reporter } from "./reporter.js";

export const CSV_HEADER = [
  "run_id", "suite", "arm", "api", "model", "simulated", "case_id", "tags", "repeats", "passed", "failed", "errored",
  "result", "mean_score", "cost_usd", "latency_ms", "reasons", "errors", "output",
];

/**
 * One row per run × arm × case (RFC 4180: CRLF line ends, fields quoted when needed).
 * Every cell that starts like a spreadsheet formula (= + - @ TAB CR) gets a leading `'`,
 * so opening the file cannot run a model name, a tag or model output as a formula; the
 * free-text fields (reasons, errors, output) also lose their control characters (ANSI
 * escapes among them).
 */
export function createCsvReporter(): Reporter {
  return {
    format: "csv",
    extension: "csv",
    render(input: ReportInput): string {
      const lines = [CSV_HEADER.map(csvField).join(",")];
      for (const r of input.runs) {
        const info = new Map(r.run.arms.map((a) => [a.arm, a]));
        for (const row of caseRows(r.attempts, r.cases, r.run.arms.map((a) => a.arm))) {
          const arm = info.get(row.arm);
          const fields = [
            r.run.id, r.run.suite, row.arm, arm?.api ?? "", arm?.model ?? "", String(arm?.simulated ?? r.run.simulated),
            row.caseId, row.tags.join(";"), String(row.repeats), String(row.passed), String(row.failed), String(row.errored),
            row.result, num(row.meanScore), num(row.costUsd), num(row.latencyMs === null ? null : Math.round(row.latencyMs)),
            stripControl(row.reasons.join("; ")), stripControl(row.errors.join("; ")), stripControl(row.output ?? ""),
          ];
          lines.push(fields.map((f) => csvField(defuse(f))).join(","));
        }
      }
      return `${lines.join("\r\n")}\r\n`;
    },
  };
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function num(value: number | null): string {
  return value === null ? "" : String(value);
}

/** A leading `'` on a cell a spreadsheet would read as a formula (OWASP CSV injection). */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
