import type { Api, ModelParams } from "./request.js";

export type RunStatus = "running" | "completed" | "interrupted" | "budget-stopped" | "failed";

/** One arm as it was run: the resolved target and what was dropped from it. */
export interface ArmInfo {
  arm: string;
  promptId: string;
  targetId: string;
  api: Api;
  model: string;
  params: ModelParams;
  /** Params the target's model can't take, dropped with a warning (docs/design/architecture.md §4). */
  warnings: string[];
  simulated: boolean;
  /** A recorded arm: its attempts are the cases' logged replies, nothing was sent (docs/suite-format.md "Replaying traffic"). */
  recorded?: boolean;
}

export interface Run {
  id: string;
  suite: string;
  suiteHash: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  gitCommit: string | null;
  gitDirty: boolean | null;
  evalgateVersion: string;
  /** Version of the stored run's shape; bumped when it changes. */
  schemaVersion: number;
  tags: string[];
  arms: ArmInfo[];
  simulated: boolean;
}

/** The flags that shaped a run's plan: what `resume` needs to plan the same attempts again. */
export interface RunPlan {
  v: 1;
  targets?: string[];
  repeat?: number;
  filterTags?: string[];
  /** `--filter-failing RUNREF`, as given. */
  filterFailing?: string;
  /** Every target on the simulator (`--sim`). */
  sim?: boolean;
  simConfigFile?: string;
  /** Sent through the Batch API (`--batch`). */
  batch?: boolean;
  /** Requests per batch input file (`--batch-size`): the chunks a resume must cut again. */
  batchSize?: number;
  /** The batch arms' judge calls went through the Batch API too (`--batch-judges`). */
  batchJudges?: boolean;
}

/** A plan with only the flags that were given (no `undefined` keys), versioned. */
export function runPlan(flags: Omit<RunPlan, "v">): RunPlan {
  const plan: RunPlan = { v: 1 };
  for (const key of ["targets", "repeat", "filterTags", "filterFailing", "sim", "simConfigFile", "batch", "batchSize", "batchJudges"] as const) {
    if (flags[key] !== undefined) (plan as unknown as Record<string, unknown>)[key] = flags[key];
  }
  return plan;
}

/**
 * Where responses are recorded and replayed (docs/design/architecture.md §8): the store's
 * key/value cache as the runner and the judges see it, wired once by the use cases (with
 * the suite's `redact` patterns applied to whatever is put).
 */
export interface ResponseCache {
  get(key: string): Promise<unknown | undefined>;
  put(key: string, value: unknown): Promise<void>;
}
