import type { ResponseCache } from "./cache.js";

/** The flags that shaped a run's plan: what `resume` needs to plan the same attempts again. */
export interface StoredRunPlan {
  v: 1;
  targets?: string[];
  repeat?: number;
  filterTags?: string[];
  /** `--filter-failing RUNREF`, as given. */
  filterFailing?: string;
  /** Every target on the simulator (`--sim`). */
  sim?: boolean;
  simConfigFile?: string;
}

/** Kept in the store's key/value response cache under a key no response hash can take. */
export function runPlanKey(runId: string): string {
  return `run-plan:${runId}`;
}

export function saveRunPlan(cache: ResponseCache, runId: string, plan: Omit<StoredRunPlan, "v">): void {
  const clean: StoredRunPlan = { v: 1 };
  if (plan.targets !== undefined) clean.targets = plan.targets;
  if (plan.repeat !== undefined) clean.repeat = plan.repeat;
  if (plan.filterTags !== undefined) clean.filterTags = plan.filterTags;
  if (plan.filterFailing !== undefined) clean.filterFailing = plan.filterFailing;
  if (plan.sim !== undefined) clean.sim = plan.sim;
  if (plan.simConfigFile !== undefined) clean.simConfigFile = plan.simConfigFile;
  cache.put(runPlanKey(runId), clean);
}

export function loadRunPlan(cache: ResponseCache, runId: string): StoredRunPlan | undefined {
  const value = cache.get(runPlanKey(runId)) as Partial<StoredRunPlan> | undefined;
  return value && value.v === 1 ? (value as StoredRunPlan) : undefined;
}
