/** Reporters (docs/design/architecture.md §2, §5): one interface, a registry, and the pieces the CLI needs. */
export type { ReportCase, ReportFormat, ReportInput, Reporter, ReporterFactory, ReporterOptions, RunReport } from "./reporter.js";
export { REPORTERS, createReporter, findReportFormat, isReportFormat, resolveReportFormat } from "./registry.js";
export { overallStatus, verdictExitCode } from "./verdict.js";
export { caseRows, failingCaseIds, outputText, type CaseResult, type CaseRow } from "./case-rows.js";
export { buildJsonReport, JSON_REPORT_VERSION, type JsonReport } from "./json-reporter.js";
export { appendStepSummary } from "./step-summary.js";
export { formatRunSummary, type RunSummaryInput } from "./run-summary.js";
export { formatMs, formatPercent, formatScore, formatUsd } from "./format.js";
export { renderTable } from "./table.js";
export { GATE_HEADER, SLICE_HEADER, comparisonTitle, formatGateValue, formatThreshold, gateRows, parityTable, sliceRows } from "./comparison-view.js";
export { escapeHtml } from "./html-escape.js";
export { HTML_STYLE } from "./html-style.js";
export { table as markdownTable } from "./markdown-reporter.js";
