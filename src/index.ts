/** The library surface (docs/design/architecture.md §3): the use cases and the domain modules they are made of. Nothing from `cli`. */
export * from "./core/index.js";
export * from "./stats/index.js";
export { startSimulator, startSimulatorWorker, buildSimApp, countTokens, type RunningSimulator, type SimulatorWorker } from "./sim/index.js";
// Importing the graders registers their option schemas, which loadSuite validates against.
export { gradeAttempt, knownGraderTypes } from "./graders/index.js";
export { loadSuite, planSuite, buildAnswerIndex, type LoadedSuite, type Plan, type PlannedAttempt } from "./suite/index.js";
export {
  runSuite,
  resumeRun,
  compareRuns,
  exportRunFile,
  importRunFile,
  readRunFile,
  resolveRunArg,
  reportInputFromStore,
  runReportInput,
  type RunSuiteOptions,
  type RunSuiteResult,
  type ResumeRunOptions,
  type CompareRunsOptions,
} from "./usecases/index.js";
export { openStore, storeExists, defaultStoreLocation, collect, type Store, type RunSummary, type AttemptQuery, type AttemptFilter } from "./store/index.js";
export { createProvider, buildEndpoint, knownProviderKinds, providerDefinition, type Provider, type ProviderDefinition, type ProviderOptions } from "./providers/index.js";
export { compareArms, comparisonId, pairByCase, type CompareArmsInput, type ArmInput, type CaseInfo, type GatesConfig } from "./compare/index.js";
export { createReporter, REPORTERS, verdictExitCode, overallStatus, caseRows, failingCaseIds, buildJsonReport, appendStepSummary, type ReportInput, type RunReport, type Reporter, type ReportFormat, type ReporterOptions, type JsonReport } from "./report/index.js";
export { buildRollout, type RolloutRequest } from "./usecases/rollout.js";
export { checkRolloutStage, type RolloutCheckRequest, type RolloutCheckReport } from "./usecases/rollout-check.js";
export { renderRollout, renderCheck, parseRolloutArtifact, decideStage, createCheckState, addRequest, type RolloutArtifact, type CheckResult } from "./rollout/index.js";
