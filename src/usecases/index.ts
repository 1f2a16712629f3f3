/**
 * The use cases (docs/design/architecture.md §3): what a user asks evalgate to do — run a
 * suite, resume a run, compare two runs, export and import run files — as library calls.
 * Between the domain folders and `cli`, which turns argv into one of these and prints the
 * result.
 */
export { runSuite, type RunSuiteOptions, type RunSuiteResult, type ResumeFrom } from "./run-suite.js";
export { resumeRun, prepareResume, resumeOptions, type PreparedResume, type ResumeRunOptions } from "./resume.js";
export { parseShard, shardOfCase, shardRunId, MAX_SHARDS, type Shard, type ShardPlan } from "./shard.js";
export { mergeShards, type MergeResult, type MergedRun } from "./merge.js";
export { compareRuns, pairArms, findArm, type ArmPair, type CompareRunsOptions } from "./compare-runs.js";
export { exportRunFile, importRunFile, isRunFileRef, readRunFile, reportInputFromFile, reportInputFromStore, resolveRunArg, storedRunReport } from "./run-files.js";
export { openStoreForRefs, resolvedLocation, storeLocation, withStore } from "./stores.js";
export { attemptCacheKey, buildJudges, redactingCache, targetExecutor } from "./endpoints.js";
export { createRunBudget } from "./budget.js";
export { runReportInput } from "./run-report.js";
