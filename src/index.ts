/** The library surface: what the CLI does, importable. Grows with each module. */
export * from "./core/index.js";
export * from "./stats/index.js";
export { startSimulator, buildSimApp, countTokens, type RunningSimulator } from "./sim/index.js";
// Importing the graders registers their option schemas, which loadSuite validates against.
export { gradeAttempt, knownGraderTypes } from "./graders/index.js";
export { loadSuite, planSuite, buildAnswerIndex, type LoadedSuite, type Plan, type PlannedAttempt } from "./suite/index.js";
export { runSuite, type RunSuiteOptions, type RunSuiteResult } from "./cli/run-suite.js";
export { openSqliteStore, defaultDbPath, type Store } from "./store/index.js";
export { createOpenAIProvider, createProvider, type Provider } from "./providers/index.js";
export { compareArms, comparisonId, pairByCase, type CompareArmsInput, type ArmInput, type CaseInfo, type GatesConfig } from "./compare/index.js";
export { createReporter, REPORTERS, verdictExitCode, overallStatus, caseRows, failingCaseIds, buildJsonReport, appendStepSummary, type ReportInput, type RunReport, type Reporter, type ReportFormat, type ReporterOptions, type JsonReport } from "./report/index.js";
