import { resolve } from "node:path";
import { EvalgateError, runPlan } from "../core/index.js";
import { failingCaseIds } from "../report/index.js";
import { openStore, type Store } from "../store/index.js";
import { loadSuite, planSuite, type LoadedSuite, type Plan, type PlannedAttempt } from "../suite/index.js";
import { spawnSimulatorWorker } from "../sim/start-worker.js";
import { assertBatchable, assertBatchablePlan } from "./batch-wiring.js";
import { DEFAULT_CONCURRENCY, executeRun, startSuiteSimulator, suiteMayUseSimulator, type SuiteSimulator } from "./execute.js";
import { concurrencyShare, shardOfCase, shardRunId, shareOf, type Shard, type ShardPlan } from "./shard.js";
import type { RunSuiteOptions, RunSuiteResult } from "./run-options.js";
import { resolveRunArg } from "./run-files.js";
import { openStoreForRefs, resolvedLocation, storeLocation } from "./stores.js";

export type { ResumeFrom, RunSuiteOptions, RunSuiteResult } from "./run-options.js";

/** `evalgate run` as a library call: load, plan, run, grade, store, summarize, compare. */
export async function runSuite(file: string, options: RunSuiteOptions = {}): Promise<RunSuiteResult> {
  assertBatchable(options);
  // The simulator's thread loads its modules on another core while this one reads the suite
  // (with --sim), and starts its server while this one plans the run, opens the store and
  // stores the run. Closed on every way out.
  let thread = options.simulator ?? (options.sim === true ? spawnSimulatorWorker() : undefined);
  try {
    const suite = await loadSuite(file, { ...(options.simConfigFile ? { simConfigFile: options.simConfigFile } : {}), ...(options.allowPaths ? { allowPaths: options.allowPaths } : {}) });
    const simulator = suiteMayUseSimulator(suite, options) ? startSuiteSimulator((thread ??= spawnSimulatorWorker()), suite) : undefined;
    return await runLoadedSuite(file, suite, options, simulator);
  } finally {
    await thread?.close();
  }
}

async function runLoadedSuite(file: string, suite: LoadedSuite, options: RunSuiteOptions, simulator: SuiteSimulator | undefined): Promise<RunSuiteResult> {
  const env = options.env ?? process.env;
  const plan = planSuite(suite, { targets: options.targets, filterTags: options.filterTags, repeat: options.repeat });
  if (options.batch) assertBatchablePlan(plan);
  const location = storeLocation(options.dbPath, env, options.cwd ?? process.cwd());
  // RUNREFs are checked before anything is written: a wrong one leaves no database behind.
  const refs = [options.filterFailing, options.baseline].filter((r): r is string => r !== undefined);
  let store = options.store ?? (refs.length ? await openStoreForRefs(location, refs) : undefined);
  try {
    if (options.filterFailing && store) plan.attempts = await onlyFailingCases(store, plan, options.filterFailing);
    if (plan.attempts.length === 0) {
      throw new EvalgateError("BAD_FLAG", `nothing to run: the plan of ${file} has no attempts`, {
        hint: "check --targets and --filter-tag against the suite's target ids and case tags",
      });
    }
    // `latest` is the latest run of this suite (what the comparison at the end will take).
    if (options.baseline && store) await resolveRunArg(store, options.baseline, options.baseline === "latest" ? { suite: suite.name } : {});
    const shardPlan = options.shard ? shardThePlan(plan, suite, options, env) : undefined;
    if (shardPlan) options.onShard?.(shardPlan);
    store ??= await openStore(location);
    const plannedWith = runPlan({
      targets: options.targets,
      repeat: options.repeat,
      filterTags: options.filterTags,
      filterFailing: options.filterFailing,
      sim: options.sim,
      simConfigFile: options.simConfigFile && resolve(options.simConfigFile),
      batch: options.batch || undefined,
      batchSize: options.batch ? options.batchSize : undefined,
      batchJudges: (options.batch && options.batchJudges) || undefined,
    });
    const runOptions = shardPlan
      ? { ...options, runId: shardPlan.runId, concurrency: shardPlan.concurrency, ...(shardPlan.maxCost === null ? {} : { maxCost: shardPlan.maxCost }) }
      : options;
    const result = await executeRun({ suite, plan, plannedWith, store, options: runOptions, env, ...(shardPlan ? { shardPlan } : {}), ...(simulator ? { simulator } : {}) });
    return { ...result, dbPath: resolvedLocation(location) };
  } finally {
    if (!options.store) await store?.close();
  }
}

/** Keeps the shard's cases (every arm and repeat of each) and works out its shares of the run's budget and concurrency. */
function shardThePlan(plan: Plan, suite: LoadedSuite, options: RunSuiteOptions, env: NodeJS.ProcessEnv): ShardPlan {
  const shard = options.shard as Shard;
  const totalCases = new Set(plan.attempts.map((a) => a.caseId)).size;
  plan.attempts = plan.attempts.filter((a) => shardOfCase(a.caseId, shard.count) === shard.index);
  const totalConcurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const totalMaxCost = options.maxCost ?? suite.budget.max_cost ?? null;
  return {
    shard,
    runId: shardRunId(suite.hash, env, options.runId),
    cases: new Set(plan.attempts.map((a) => a.caseId)).size,
    totalCases,
    concurrency: concurrencyShare(totalConcurrency, shard),
    totalConcurrency,
    maxCost: totalMaxCost === null ? null : shareOf(totalMaxCost, shard),
    totalMaxCost,
  };
}

/** The planned attempts of the cases that failed (or errored) in another run. */
async function onlyFailingCases(store: Store, plan: Plan, ref: string): Promise<PlannedAttempt[]> {
  const run = await resolveRunArg(store, ref);
  const attempts = [];
  for await (const a of store.streamAttempts(run.id)) attempts.push(a);
  const failing = new Set(failingCaseIds(attempts));
  return plan.attempts.filter((a) => failing.has(a.caseId));
}
