import { caseRows, type CaseRow } from "./case-rows.js";
import type { ReportInput, Reporter } from "./reporter.js";
import { overallStatus, verdictExitCode } from "./verdict.js";
import type { ArmSummary } from "../stats/index.js";
import { parityCard, type Attempt, type Comparison, type ParityCard, type Run, type VerdictStatus } from "../core/index.js";

/** 2: arm summaries are the one definition (pass rate may be null), comparisons carry `method`. 3: comparisons carry `parity`, and `parityCards` its card. */
export const JSON_REPORT_VERSION = 3;

/** The JSON report's shape (version 1). Raw payloads are left out: `evalgate export` keeps everything. */
export interface JsonReport {
  format: "evalgate-report";
  version: typeof JSON_REPORT_VERSION;
  /** The worst verdict; null when there are no comparisons. */
  verdict: VerdictStatus | null;
  /** What `evalgate compare` exits with for these comparisons (docs/design/architecture.md §5). */
  exitCode: 0 | 1 | 4;
  runs: Array<{ run: Run; arms: ArmSummary[]; cases: CaseRow[]; attempts: Attempt[] }>;
  comparisons: Comparison[];
  /** Each comparison's parity card (core parityCard), the strings every reporter shows, by comparison id; null when stored without parity. */
  parityCards: Record<string, ParityCard | null>;
}

export function buildJsonReport(input: ReportInput): JsonReport {
  return {
    format: "evalgate-report",
    version: JSON_REPORT_VERSION,
    verdict: overallStatus(input.comparisons),
    exitCode: verdictExitCode(input.comparisons),
    runs: input.runs.map((r) => ({
      run: r.run,
      arms: r.arms,
      cases: caseRows(r.attempts, r.cases, r.run.arms.map((a) => a.arm)),
      // Every attempt, normalized output included (raw payloads only in `evalgate export`).
      attempts: r.attempts,
    })),
    comparisons: input.comparisons,
    parityCards: Object.fromEntries(input.comparisons.map((c) => [c.id, parityCard(c)])),
  };
}

export function createJsonReporter(): Reporter {
  return {
    format: "json",
    extension: "json",
    render: (input) => `${JSON.stringify(buildJsonReport(input), null, 2)}\n`,
  };
}
