import { resolve } from "node:path";
import { EvalgateError, runPlan, type Comparison, type Run } from "../core/index.js";
import { failingCaseIds } from "../report/index.js";
import type { BudgetState, CacheMode, RunCounts } from "../runner/index.js";
import type { ArmSummary } from "../stats/index.js";
import { openStore, type Store } from "../store/index.js";
import { loadSuite, planSuite, type LoadedSuite, type Plan, type PlannedAttempt } from "../suite/index.js";
import { executeRun, type ResumeFrom } from "./execute.js";
import { resolveRunArg } from "./run-files.js";
import { openStoreForRefs, resolvedLocation, storeLocation } from "./stores.js";

export type { ResumeFrom };

export interface RunSuiteOptions {
  targets?: string[];
  repeat?: number;
  concurrency?: number;
  /** Labels for the run (`--tag`). */
  tags?: string[];
  /** Selects cases (`--filter-tag`). */
  filterTags?: string[];
  /** Every target on the simulator (`--sim`). */
  sim?: boolean;
  simConfigFile?: string;
  /** Folders besides the project root that the suite may read (`--allow-path`). */
  allowPaths?: string[];
  /** Where runs are stored: a path or a store location (`sqlite:PATH`, `memory:`); default EVALGATE_DB or .evalgate/evalgate.db. */
  dbPath?: string;
  /** An open store to use instead (left open: the caller reads the run from it afterwards). */
  store?: Store;
  signal?: AbortSignal;
  /** Progress output; none when omitted. */
  progress?: { tty: boolean; write: (text: string) => void };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Only the cases that did not pass in this run (`--filter-failing RUNREF`). */
  filterFailing?: string;
  /** A run to compare this run's arms with (`--baseline RUNREF`), besides the suite's `compare:`. */
  baseline?: string;
  /** Called before attempts are sent, e.g. to print the params dropped per arm. */
  onPlan?: (plan: Plan, suite: LoadedSuite) => void;
  /** Continue a stored run (`resumeRun`): its stored attempts are not sent again. */
  resume?: ResumeFrom;
  /** USD cap for the run (`--max-cost`); the suite's `budget.max_cost` otherwise. */
  maxCost?: number;
  /** Record / replay responses (`--cache`); off by default. */
  cache?: CacheMode;
  /** Never call an endpoint: replay from the cache, a miss is an attempt error (`--offline`). */
  offline?: boolean;
}

export interface RunSuiteResult {
  run: Run;
  suite: LoadedSuite;
  counts: RunCounts;
  /** The store's summary of the run's arms (stats/arm-summary): what `runs` and the dashboard show. */
  arms: ArmSummary[];
  /** The suite's `compare:` entries and `--baseline`, computed and stored when the run ended. */
  comparisons: Comparison[];
  /** Where the run is stored (resolved). */
  dbPath: string;
  wallMs: number;
  /** Spend and what remains, when the run had a budget. */
  budget?: BudgetState;
  /** Per endpoint that sent 429s: how the shared backoff lowered concurrency. */
  rateLimits?: Array<{ endpoint: string; rateLimits: number; lowestLimit: number; limit: number }>;
  /** The first attempt error of this invocation, `kind: message` (shown when every attempt errored). */
  firstError?: string;
}

/** `evalgate run` as a library call: load, plan, run, grade, store, summarize, compare. */
export async function runSuite(file: string, options: RunSuiteOptions = {}): Promise<RunSuiteResult> {
  const env = options.env ?? process.env;
  const suite = await loadSuite(file, { ...(options.simConfigFile ? { simConfigFile: options.simConfigFile } : {}), ...(options.allowPaths ? { allowPaths: options.allowPaths } : {}) });
  const plan = planSuite(suite, { targets: options.targets, filterTags: options.filterTags, repeat: options.repeat });
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
    store ??= await openStore(location);
    const plannedWith = runPlan({
      targets: options.targets,
      repeat: options.repeat,
      filterTags: options.filterTags,
      filterFailing: options.filterFailing,
      sim: options.sim,
      simConfigFile: options.simConfigFile && resolve(options.simConfigFile),
    });
    const result = await executeRun({ suite, plan, plannedWith, store, options, env });
    return { ...result, dbPath: resolvedLocation(location) };
  } finally {
    if (!options.store) await store?.close();
  }
}

/** The planned attempts of the cases that failed (or errored) in another run. */
async function onlyFailingCases(store: Store, plan: Plan, ref: string): Promise<PlannedAttempt[]> {
  const run = await resolveRunArg(store, ref);
  const attempts = [];
  for await (const a of store.streamAttempts(run.id)) attempts.push(a);
  const failing = new Set(failingCaseIds(attempts));
  return plan.attempts.filter((a) => failing.has(a.caseId));
}
