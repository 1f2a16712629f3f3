import { EvalgateError } from "../../core/index.js";
import { verdictExitCode } from "../../report/index.js";
import { formatRunSummary } from "../../report/run-summary.js";
import { combineFailures, describeCause, dominantCause } from "../../stats/index.js";
import type { CacheMode } from "../../runner/index.js";
import { openStore, parseStoreLocation, type Store } from "../../store/index.js";
import { openStoreForRefs, resumeRun, runReportInput, runSuite, storeLocation, type RunSuiteOptions, type RunSuiteResult, type Shard, type ShardPlan } from "../../usecases/index.js";
import type { PendingSimulator } from "../../sim/start-worker.js";
import { reporterSpecs, type ReporterSpec } from "../reporter-flags.js";
import { checkReporters, writeReports } from "../reporters.js";
import { interruptOnSigint, reportRunEnd } from "../run-output.js";

export interface RunFlags {
  targets?: string[];
  repeat?: number;
  concurrency?: number;
  tag?: string[];
  filterTag?: string[];
  sim?: boolean;
  simConfig?: string;
  db?: string;
  json?: string;
  junit?: string;
  markdown?: string;
  reporter?: ReporterSpec[];
  baseline?: string;
  filterFailing?: string;
  resume?: string;
  maxCost?: number;
  cache?: CacheMode;
  offline?: boolean;
  allowPath?: string[];
  shard?: Shard;
  runId?: string;
  batch?: boolean;
  batchSize?: number;
  batchJudges?: boolean;
}

/** `evalgate run`'s action: each suite run (or resumed), printed and reported; returns the worst exit code. */
export async function runAction(suites: string[], flags: RunFlags, simulator?: PendingSimulator): Promise<number> {
  const specs = reporterSpecs(flags);
  await checkReporters(specs);
  const controller = interruptOnSigint();
  try {
    let worst = 0;
    for (const [i, file] of suites.entries()) {
      // A simulator thread spawned before this module loaded serves the first suite.
      const result = await runOne(file, flags, specs, controller.signal, i === 0 ? simulator : undefined);
      worst = Math.max(worst, exitCodeFor(result));
    }
    return worst;
  } finally {
    controller.dispose();
  }
}

/** What a shard says before it sends anything: its cases and its shares. */
function printShardPlan(p: ShardPlan): void {
  const budget = p.maxCost === null ? "" : `; budget $${p.maxCost.toFixed(4)} of $${(p.totalMaxCost ?? 0).toFixed(4)}`;
  process.stderr.write(`shard ${p.shard.index}/${p.shard.count} of run ${p.runId}: ${p.cases} of ${p.totalCases} cases; concurrency ${p.concurrency} of ${p.totalConcurrency}${budget}\n`);
}

/** The options every run (and resume) takes from its flags and the terminal. */
export function commonRunOptions(file: string, flags: Pick<RunFlags, "concurrency" | "allowPath" | "maxCost" | "cache" | "offline" | "simConfig">, signal: AbortSignal): Partial<RunSuiteOptions> {
  return {
    concurrency: flags.concurrency,
    ...(flags.allowPath ? { allowPaths: flags.allowPath } : {}),
    ...(flags.maxCost !== undefined ? { maxCost: flags.maxCost } : {}),
    ...(flags.cache ? { cache: flags.cache } : {}),
    ...(flags.offline ? { offline: true } : {}),
    ...(flags.simConfig ? { simConfigFile: flags.simConfig } : {}),
    signal,
    progress: { tty: process.stderr.isTTY === true && !process.env.CI, write: (t) => process.stderr.write(t) },
    onPlan: (plan) => {
      for (const arm of plan.arms) for (const w of arm.warnings) process.stderr.write(`warning: ${arm.arm}: ${w}\n`);
      process.stderr.write(`${file}: ${plan.arms.length} arms, ${plan.attempts.length} attempts\n`);
    },
  };
}

/** One suite: run (or resume) it on an open store, print its summary, write its reports from the same store. */
async function runOne(file: string, flags: RunFlags, specs: ReporterSpec[], signal: AbortSignal, simulator?: PendingSimulator): Promise<RunSuiteResult> {
  // RUNREFs are checked before anything is written: a wrong one leaves no database behind.
  const refs = [flags.resume, flags.baseline, flags.filterFailing].filter((r): r is string => r !== undefined);
  const location = storeLocation(flags.db);
  // Otherwise the run opens its store once the suite and its plan are known good: a suite
  // or flag mistake leaves no database behind. A memory: store lives in this process, so it
  // is opened here, for the summary below to read the run from it.
  let store = refs.length ? await openStoreForRefs(flags.db, refs) : parseStoreLocation(location).kind === "memory" ? await openStore(location) : undefined;
  try {
    const common = { ...commonRunOptions(file, flags, signal), ...(store ? { store } : {}), dbPath: flags.db };
    const result = flags.resume
      ? await resumeRun(flags.resume, { ...common, suiteFile: file })
      : await runSuite(file, {
          ...common,
          targets: flags.targets,
          repeat: flags.repeat,
          tags: flags.tag,
          filterTags: flags.filterTag,
          sim: flags.sim,
          baseline: flags.baseline,
          filterFailing: flags.filterFailing,
          ...(flags.batch ? { batch: true } : {}),
          ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
          ...(flags.batchJudges ? { batchJudges: true } : {}),
          ...(flags.shard ? { shard: flags.shard, onShard: printShardPlan } : {}),
          ...(flags.runId !== undefined ? { runId: flags.runId } : {}),
          ...(simulator ? { simulator } : {}),
        });
    store ??= await openStore(location);
    await printRunResult(result, store, specs);
    return result;
  } finally {
    await store?.close();
  }
}

/** The summary, the run-end lines, the verdicts on the console and the reports asked for, read from the run's store. */
export async function printRunResult(result: RunSuiteResult, store: Store, specs: ReporterSpec[]): Promise<void> {
  if (result.shard) {
    // A shard shows its own arms and no verdict: the run's is the merge's (or, on a shared store, the last shard's, stored).
    const { shard, plan } = { shard: result.shard, plan: result.shard.plan };
    process.stdout.write(`${formatRunSummary({ run: result.run, arms: shard.arms })}\n`);
    reportRunEnd(result);
    process.stdout.write(
      shard.completedRun
        ? `\nshard ${plan.shard.index}/${plan.shard.count} completed run ${result.run.id}: its verdict is stored (evalgate report ${result.run.id})\n`
        : `\nshard ${plan.shard.index}/${plan.shard.count} of run ${result.run.id} done; the verdict comes when every shard is in (evalgate merge, or the last shard on a shared store)\n`,
    );
    return;
  }
  process.stdout.write(`${formatRunSummary(result)}\n`);
  reportRunEnd(result);
  const wantsReports = specs.length > 0 || process.env.GITHUB_STEP_SUMMARY;
  if (result.comparisons.length === 0 && !wantsReports) return;
  const input = await runReportInput(store, result);
  if (result.comparisons.length > 0) process.stdout.write("\n");
  await writeReports(input, specs, { console: result.comparisons.length > 0 });
}

/** "; 4 of 4 attempts errored: connection: …", or the most common cause when no cause is most of them. */
function causeOfRun(result: RunSuiteResult): string {
  const run = combineFailures(result.failures);
  const top = dominantCause(run) ?? run.causes[0];
  if (!top) return "";
  return `; ${dominantCause(run) ? "" : "the most common cause: "}${describeCause(top, run.attempts)}`;
}

export function exitCodeFor(result: RunSuiteResult): number {
  if (result.run.status === "failed") {
    throw new EvalgateError("ALL_ATTEMPTS_FAILED", `every attempt of run ${result.run.id} errored${causeOfRun(result)}`, {
      hint: "check the endpoint, the API key and the errors stored with the attempts (evalgate report)",
    });
  }
  // Stopped by Ctrl-C: the shell's convention (128 + SIGINT), so scripts see it did not finish.
  if (result.run.status === "interrupted") return 130;
  // A shard decides nothing: its part is stored, the verdict is the whole run's.
  if (result.shard) return 0;
  const verdict = verdictExitCode(result.comparisons);
  // A budget-stopped run is incomplete: a PASS on part of the cases is not evidence enough
  // to ship (exit 4, resume with a larger budget); a FAIL seen on part of them still fails.
  if (result.run.status === "budget-stopped" && verdict === 0) return 4;
  return verdict;
}
