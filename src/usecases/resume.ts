import { EvalgateError, type Run, type RunPlan } from "../core/index.js";
import type { Store } from "../store/index.js";
import { loadSuite } from "../suite/index.js";
import type { ResumeFrom } from "./run-options.js";
import { resolveRunArg } from "./run-files.js";
import { runSuite, type RunSuiteOptions, type RunSuiteResult } from "./run-suite.js";
import { openStoreForRefs, storeLocation } from "./stores.js";

/** What a resume needs from the store: the run, its plan, its resume state and its suite file. */
export interface PreparedResume {
  run: Run;
  resume: ResumeFrom;
  plan: RunPlan | undefined;
  /** The suite file the run was started from (from its stored snapshot). */
  suiteFile: string | undefined;
}

export async function prepareResume(store: Store, run: Run): Promise<PreparedResume> {
  const source = (await store.getSuiteSource(run.suiteHash)) as { file?: unknown } | undefined;
  const state = await store.resumeState(run.id);
  return {
    run,
    resume: { runId: run.id, skip: state.completed, priorSpentUsd: state.spentUsd },
    plan: await store.getRunPlan(run.id),
    suiteFile: typeof source?.file === "string" ? source.file : undefined,
  };
}

/**
 * The options that plan a resumed run as it was first planned: its stored targets, repeat,
 * filters and simulator choice override any given now, so the attempts it already stored
 * are exactly the ones skipped.
 */
export function resumeOptions(prepared: PreparedResume, simConfigFile: string | undefined): Partial<RunSuiteOptions> {
  const plan = prepared.plan;
  const everyArmSimulated = prepared.run.arms.every((a) => a.simulated);
  return {
    resume: prepared.resume,
    targets: plan ? plan.targets : [...new Set(prepared.run.arms.map((a) => a.targetId))],
    repeat: plan?.repeat,
    filterTags: plan?.filterTags,
    filterFailing: plan?.filterFailing,
    sim: plan ? plan.sim : everyArmSimulated || undefined,
    simConfigFile: plan?.simConfigFile ?? simConfigFile,
    batch: plan?.batch,
    batchSize: plan?.batchSize,
    batchJudges: plan?.batchJudges,
    tags: prepared.run.tags,
  };
}

export interface ResumeRunOptions extends Omit<RunSuiteOptions, "resume" | "targets" | "repeat" | "filterTags" | "filterFailing" | "sim" | "batch" | "batchSize" | "batchJudges" | "tags"> {
  /** The suite file, when it moved since the run started (it must be unchanged); default: the path stored with the run. */
  suiteFile?: string;
  /** `latest` and `tag:` mean this suite's (a suite name). */
  suite?: string;
}

/**
 * `evalgate resume` as a library call (docs/reliability.md): continues an interrupted or
 * budget-stopped run; the attempts it stored are never sent again.
 */
export async function resumeRun(ref: string, options: ResumeRunOptions = {}): Promise<RunSuiteResult> {
  let scope = options.suite;
  // Only `latest` and `tag:` need the suite's name; runSuite loads the file anyway.
  const scoped = ref.trim() === "latest" || ref.trim().startsWith("tag:");
  if (options.suiteFile && scope === undefined && scoped) scope = (await loadSuite(options.suiteFile, options.allowPaths ? { allowPaths: options.allowPaths } : {})).name;
  const store = options.store ?? (await openStoreForRefs(storeLocation(options.dbPath, options.env ?? process.env, options.cwd ?? process.cwd()), [ref]));
  try {
    const run = await resolveRunArg(store, ref, scope !== undefined ? { suite: scope } : {});
    const prepared = await prepareResume(store, run);
    const file = options.suiteFile ?? prepared.suiteFile;
    if (!file) {
      throw new EvalgateError("RESUME_MISMATCH", `run ${run.id} has no stored suite file path`, { hint: "give it: evalgate resume RUNREF --suite path/to/suite.yaml" });
    }
    return await runSuite(file, { ...options, store, ...resumeOptions(prepared, options.simConfigFile) });
  } finally {
    if (!options.store) await store.close();
  }
}
