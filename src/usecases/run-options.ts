import type { PendingSimulator } from "../sim/start-worker.js";
import type { Comparison, Run } from "../core/index.js";
import type { BudgetState, CacheMode, RunCounts } from "../runner/index.js";
import type { ArmSummary, FailureSummary } from "../stats/index.js";
import type { Store } from "../store/index.js";
import type { LoadedSuite, Plan } from "../suite/index.js";
import type { Shard, ShardPlan } from "./shard.js";

/** Continuing a stored run: its id and what it already holds. */
export interface ResumeFrom {
  runId: string;
  /** Attempts stored already (the store's resume state): never sent again. */
  skip: ReadonlySet<string>;
  /** What the stored attempts cost: counted against the budget. */
  priorSpentUsd: number;
}

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
  /**
   * A simulator thread the caller spawned before loading this module's dependencies, so it
   * loads on the other core meanwhile (`evalgate run` does). The run starts it if the suite
   * needs a simulator and closes it either way.
   */
  simulator?: PendingSimulator;
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
  /**
   * Send the arms through the Batch API (`--batch`, docs/reliability.md "Batch runs"): at its
   * price, resumable by the chunks' intents; judges call live unless `batchJudges`.
   */
  batch?: boolean;
  /** With `batch`: the judge calls of the batch arms' grading go through the Batch API too (`--batch-judges`). */
  batchJudges?: boolean;
  /** At most this many requests per batch input file (`--batch-size`; the API's 50,000 otherwise). */
  batchSize?: number;
  /** Run one shard of the cases (`--shard i/n`) under the run id all shards share. */
  shard?: Shard;
  /** The run's id (`--run-id`): what shards share; new otherwise. */
  runId?: string;
  /** Called before a shard sends anything, with its cases and shares. */
  onShard?: (plan: ShardPlan) => void;
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
  rateLimits?: Array<{ endpoint: string; rateLimits: number; lowestLimit: number; limit: number; maxConcurrency: number }>;
  /** Sent through the Batch API (`--batch`). */
  batch?: boolean;
  /**
   * Each arm's failed and errored attempts by cause (stats/failure-causes), over every attempt
   * the store holds for the run (a resumed run's earlier ones included): the run summary says
   * the dominant cause first, and `run` names it when every attempt errored.
   */
  failures: FailureSummary[];
  /**
   * A shard's own part: its plan, its arms' figures (over its attempts only) and whether it
   * was the shard that completed the run (then `comparisons` holds the run's verdict).
   */
  shard?: { plan: ShardPlan; arms: ArmSummary[]; completedRun: boolean };
}

