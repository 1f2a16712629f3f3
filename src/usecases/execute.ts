import { batchPricingFor, contentText, EVALGATE_VERSION, EvalgateError, newRunId, pricingFor, priceUsage, type BatchJournal, type Comparison, type Output, type Pricing, type Run, type RunPlan, type RunStatus, type ToolHost } from "../core/index.js";
import { attemptFigures, createFailureTally, summarizeArms, type AttemptFigures, type FailureSummary } from "../stats/index.js";
import { gradeAttempt, type JudgeProvider } from "../graders/index.js";
import { endpointOnSim } from "../providers/index.js";
import { Runner, attachProgress, type AttemptExecutor, compileRedactions, createThrottles, redactAttempt, redactValue, type BudgetState, type Executor, type RunnerOptions } from "../runner/index.js";
import { buildAnswerIndex, createToolHost, type LoadedSuite, type Plan, type PlannedAttempt, type SuiteTarget } from "../suite/index.js";
// Not the sim index, which loads Fastify and the tokenizer: in a run they load in the simulator's thread only.
import type { PendingSimulator, SimulatorWorker } from "../sim/start-worker.js";
import type { Store } from "../store/index.js";
import { batchedJudge, batchExecutors, judgeWaves, noteBatchArms, storeJournal } from "./batch-wiring.js";
import { createRunBudget } from "./budget.js";
import { compareRuns } from "./compare-runs.js";
import { buildJudges, endpointContext, redactingCache, targetExecutor, type CallWiring } from "./endpoints.js";
import { readGitInfo, type GitInfo } from "./git-info.js";
import type { RunSuiteOptions, RunSuiteResult } from "./run-options.js";
import type { ShardPlan } from "./shard.js";
import { snapshotSuite } from "./suite-snapshot.js";
import { recordedExecutor, replayGrading, withRecordedAnswers } from "./replay.js";


export const DEFAULT_CONCURRENCY = 16;

interface ExecuteInput {
  suite: LoadedSuite;
  plan: Plan;
  plannedWith: RunPlan;
  store: Store;
  options: RunSuiteOptions;
  env: NodeJS.ProcessEnv;
  /** Set when this is one shard of a run (`--shard i/n`). */
  shardPlan?: ShardPlan;
  /** The suite's simulator (startSuiteSimulator), when a target or judge of the suite is on it; runSuite closes it. */
  simulator?: SuiteSimulator;
}

/** A simulator's thread and the server it is starting with the suite's config. */
export interface SuiteSimulator {
  thread: PendingSimulator;
  server: Promise<SimulatorWorker>;
}

/** Whether any of these targets, or a judge of the suite, runs on the simulator. */
function onSimulator(targets: readonly SuiteTarget[], suite: LoadedSuite, options: Pick<RunSuiteOptions, "sim">): boolean {
  const allOnSim = options.sim === true;
  return targets.some((t) => targetOnSim(t, allOnSim)) || suite.judges.some((j) => endpointOnSim(j, allOnSim));
}


/** A recorded target sends nothing, so it is on no endpoint, the simulator included. */
function targetOnSim(target: SuiteTarget, allOnSim: boolean): boolean {
  return target.recorded !== true && endpointOnSim(target, allOnSim);
}

/** Whether a target or judge of the suite may run on the simulator: known before planning, so its thread can start loading. */
export function suiteMayUseSimulator(suite: LoadedSuite, options: Pick<RunSuiteOptions, "sim">): boolean {
  return onSimulator(suite.targets, suite, options);
}

/**
 * Posts the suite's simulator config and answers to the simulator's thread, which starts its
 * server while this thread plans the run and stores it; the server is awaited once the run
 * is stored (executeRun), so a failed start throws there, not as an unhandled rejection before it.
 */
export function startSuiteSimulator(thread: PendingSimulator, suite: LoadedSuite): SuiteSimulator {
  const server = thread.start(suite.sim, withRecordedAnswers(suite, buildAnswerIndex(suite)), { port: 0 });
  server.catch(() => undefined);
  return { thread, server };
}

/** Runs every planned attempt, on the suite's simulator when an arm or judge needs it. */
export async function executeRun({ suite, plan, plannedWith, store, options, env, shardPlan, simulator }: ExecuteInput): Promise<Omit<RunSuiteResult, "dbPath">> {
  // The planned arms' targets only: --targets may leave the simulator's ones out.
  const needsSim = onSimulator(plan.arms.map((a) => a.target), suite, options);
  if (!needsSim) await simulator?.thread.close();
  // A new run is recorded with its repository's commit: git reads it while the run starts, not in its way.
  const starting = options.resume ? resumedRun(store, suite, options.resume.runId) : readGitInfo(suite.dir).then((git) => newRun(suite, plan, options, git));
  const allOnSim = options.sim === true;
  const redactions = compileRedactions(suite.redact);
  const budget = createRunBudget(plan, options.maxCost ?? suite.budget.max_cost, options.resume?.priorSpentUsd ?? 0, options.batch ? batchPricingFor : pricingFor);
  if (options.batch) noteBatchArms(plan);
  options.onPlan?.(plan, suite);
  const run = await starting;
  if (!options.resume) {
    await store.createRun(run, { name: suite.name, hash: suite.hash, source: redactValue(snapshotSuite(suite), redactions) }, suite.cases.map((c) => ({ id: c.id, vars: redactValue(c.vars, redactions), tags: c.tags, varsHash: c.varsHash, ...(c.group === undefined ? {} : { group: c.group }), ...(c.weight === undefined ? {} : { weight: c.weight }) })));
    await store.saveRunPlan(run.id, plannedWith);
  }
  // The run and its cases are stored while the simulator's thread starts its server: its port is needed from here on.
  const server = needsSim ? await simulator?.server : undefined;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const throttles = createThrottles(concurrency);
  const wiring: CallWiring = {
    endpoints: endpointContext({ ...(server ? { simUrl: server.url } : {}), allOnSim, env, offline: options.offline === true }, throttles),
    throttles,
    cache: redactingCache(store, redactions),
    mode: options.cache ?? "off",
    offline: options.offline === true,
  };
  // A recorded arm sends nothing, batch or not: its attempts are each case's logged reply, and
  // it needs no endpoint or key unless a case without a recording is sent live (--live-baseline).
  const live = plan.arms.filter((a) => !a.target.recorded);
  const calls: ArmCalls = options.batch
    ? batchExecutors({ ...plan, arms: live }, wiring, options.batchSize)
    : { executors: new Map(live.map((a) => [a.arm, targetExecutor(a.target, wiring)])), pricing: new Map(live.map((a) => [a.arm, pricingFor(a.target)])) };
  for (const a of plan.arms) if (a.target.recorded) calls.executors.set(a.arm, recordedExecutor(suite, () => targetExecutor(a.target, wiring)));
  // A failed write stops the run: nothing is sent that could not be stored.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // So does a simulator whose thread died: its error, not a run of connection errors, is what the user sees.
  let simulatorError: Error | undefined;
  void server?.failed.then((error) => {
    simulatorError ??= error;
    stop.abort();
  });
  const journal = options.batch ? storeJournal(store, run.id) : undefined;
  if (journal) calls.journal = journal;
  const waves = journal && options.batchJudges ? judgeWaves(suite.judges, wiring, run.id, journal, signal) : undefined;
  const judges = buildJudges(suite.judges, wiring, budget, waves ? (j, judge) => batchedJudge(judge, j.id, waves, batchPricingFor(j)) : undefined);
  if (waves) calls.gradeTogether = (chunk, tasks) => waves.gradeTogether(chunk, tasks);
  const runner = createRunner(suite, plan, run, calls, judges, { ...options, signal, concurrency }, budget);
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown;
  // A shard prints its own arms' figures: those of the attempts it sent, by the one summary.
  const own = new Map<string, AttemptFigures[]>(plan.arms.map((a) => [a.arm, []]));
  runner.on("attempt-finished", ({ attempt }) => {
    const stored = redactAttempt(attempt, redactions);
    if (shardPlan) own.get(stored.arm)?.push(attemptFigures(stored));
    // Written before the attempt's slot is taken again (not on a later turn): a run killed at
    // any moment re-sends on resume only the attempts that were in flight.
    writes = writes.then(() => store.recordAttempt(stored)).catch((error: unknown) => {
      writeError ??= error;
      stop.abort();
    });
  });
  const stopProgress = options.progress ? attachProgress(runner, { total: plan.attempts.length - (options.resume?.skip.size ?? 0), ...options.progress }) : undefined;
  const outcome = await runner.run();
  stopProgress?.();
  await writes;
  if (writeError !== undefined) throw writeError;
  if (simulatorError !== undefined) throw simulatorError;
  const finishedAt = new Date().toISOString();
  const ended = shardPlan ? await endShard(store, run.id, shardPlan, outcome.status, finishedAt, plannedWith.repeat ?? suite.repeat, suite.sim.seed ?? null) : { status: outcome.status, completedRun: true };
  await store.finishRun(run.id, ended.status, finishedAt);
  const finalRun: Run = { ...run, status: ended.status, finishedAt };
  const summary = await store.summarizeRun(run.id);
  const failures = await tallyFailures(store, run.id, new Map((summary?.arms ?? []).map((a) => [a.arm, a.attempts])));
  return {
    run: finalRun,
    suite,
    counts: outcome.counts,
    // A shard's verdict is the run's, computed by the shard that completes it (merge does it for shard files).
    comparisons: ended.completedRun ? await compareAtEnd(store, finalRun, suite, options.baseline) : [],
    ...(shardPlan ? { shard: { plan: shardPlan, arms: summarizeArms([...own.keys()], own), completedRun: ended.completedRun } } : {}),
    arms: summary?.arms ?? [],
    wallMs: outcome.wallMs,
    rateLimits: throttles.report().map((s) => ({ ...s, maxConcurrency: concurrency })),
    ...(budget ? { budget: budget.state() satisfies BudgetState } : {}),
    failures,
    ...(options.batch ? { batch: true } : {}),
  };
}

/**
 * The causes of the run's failed and errored attempts, read from the store (stats/failure-causes):
 * every stored attempt of the run, so a resumed run's earlier attempts count too. Only the
 * failures are read; `totals` (each arm's attempts) comes from the run's summary.
 */
export async function tallyFailures(store: Store, runId: string, totals: ReadonlyMap<string, number>): Promise<FailureSummary[]> {
  const tally = createFailureTally();
  for (const status of ["error", "fail"] as const) for await (const a of store.streamAttempts(runId, { status })) tally.add(a);
  return tally.summaries(totals);
}

/**
 * Records how this shard ended; the run is completed when every shard has completed (the
 * store counts them with the run locked, so exactly one shard sees that), else it stays
 * running — or takes this shard's status when the shard did not complete.
 */
async function endShard(store: Store, runId: string, plan: ShardPlan, status: RunStatus, finishedAt: string, repeat: number, seed: number | null): Promise<{ status: RunStatus; completedRun: boolean }> {
  const { completed } = await store.recordShard(runId, { index: plan.shard.index, count: plan.shard.count, status, finishedAt, repeat, seed });
  if (status !== "completed") return { status, completedRun: false };
  return completed >= plan.shard.count ? { status: "completed", completedRun: true } : { status: "running", completedRun: false };
}

/** How each arm is called and priced: live (one attempt a call) or through the Batch API (with the journal of its chunks). */
interface ArmCalls {
  executors: Map<string, Executor>;
  pricing: Map<string, Pricing | null>;
  journal?: BatchJournal;
  /** `--batch-judges`: a chunk's attempts graded together, their judge calls in batches (runner/judge-waves.ts). */
  gradeTogether?: RunnerOptions<PlannedAttempt>["gradeTogether"];
}

function createRunner(
  suite: LoadedSuite,
  plan: Plan,
  run: Run,
  calls: ArmCalls,
  judges: Map<string, JudgeProvider>,
  options: RunSuiteOptions & { signal: AbortSignal; concurrency: number },
  budget: ReturnType<typeof createRunBudget>,
): Runner<PlannedAttempt> {
  const armById = new Map(plan.arms.map((a) => [a.arm, a]));
  const caseById = new Map(suite.cases.map((c) => [c.id, c]));
  const promptById = new Map(suite.prompts.map((p) => [p.id, p]));
  // A tool loop's tools run for the attempt's case (docs/suite-format.md, "Tool loops").
  const toolHost = (a: PlannedAttempt): ToolHost => createToolHost(promptById.get(armById.get(a.arm)!.promptId)!.loop!, caseById.get(a.caseId)!);
  const replay = replayGrading(suite);
  return new Runner<PlannedAttempt>({
    runId: run.id,
    attempts: plan.attempts,
    executorFor: (a) => calls.executors.get(a.arm)!,
    ...(calls.journal ? { batchJournal: calls.journal } : {}),
    ...(calls.gradeTogether ? { gradeTogether: calls.gradeTogether } : {}),
    costOf: (a, output) => priceUsage(output.usage, armById.get(a.arm)!.target.recorded ? recordedPricing(armById.get(a.arm)!.target, output.model) : (calls.pricing.get(a.arm) ?? null)),
    grade: (a, output, cost) =>
      gradeAttempt(output, a.graders, {
        caseId: a.caseId,
        vars: caseById.get(a.caseId)?.vars ?? {},
        cost,
        outputSchema: a.request.output?.schema ?? promptById.get(armById.get(a.arm)!.promptId)?.output?.schema,
        ...(replay && !armById.get(a.arm)!.target.recorded ? replayContext(replay, a) : {}),
        judge: (id) => judges.get(id),
        input: lastUserText(a),
        attempt: a.request.attempt,
        suiteDir: suite.dir,
        signal: options.signal,
      }),
    toolHost,
    simulated: (a) => targetOnSim(armById.get(a.arm)!.target, options.sim === true),
    concurrency: options.concurrency,
    targetConcurrency: (targetId) => suite.targets.find((t) => t.id === targetId)?.concurrency,
    signal: options.signal,
    budget,
    skip: options.resume?.skip,
  });
}

function newRun(suite: LoadedSuite, plan: Plan, options: RunSuiteOptions, git: GitInfo): Run {
  const arms = plan.arms.map((a) => ({
    arm: a.arm,
    promptId: a.promptId,
    targetId: a.targetId,
    api: a.target.api,
    model: a.target.model,
    params: a.params,
    warnings: a.warnings,
    simulated: targetOnSim(a.target, options.sim === true),
    ...(a.target.recorded ? { recorded: true } : {}),
  }));
  return {
    id: options.runId ?? newRunId(),
    suite: suite.name,
    suiteHash: suite.hash,
    status: "running",
    startedAt: new Date().toISOString(),
    finishedAt: null,
    gitCommit: git.commit,
    gitDirty: git.dirty,
    evalgateVersion: EVALGATE_VERSION,
    schemaVersion: 1,
    tags: options.tags ?? [],
    arms,
    simulated: arms.every((a) => a.simulated),
  };
}

/** The stored run to continue, after checking the suite is the one it was started from. */
async function resumedRun(store: Store, suite: LoadedSuite, runId: string): Promise<Run> {
  const run = await store.getRun(runId);
  if (!run) throw new EvalgateError("RUNREF_NOT_FOUND", `run ${runId} is not in ${store.location}`, { hint: "check --db" });
  if (run.suiteHash !== suite.hash) {
    throw new EvalgateError(
      "RESUME_MISMATCH",
      `run ${run.id} was started from a different version of ${suite.file} (suite hash ${run.suiteHash.slice(0, 12)}, now ${suite.hash.slice(0, 12)}): resuming would mix two suites in one run`,
      { hint: "restore the suite (and its datasets and prompt files) as they were, or start a new run with `evalgate run`" },
    );
  }
  return { ...run, status: "running", finishedAt: null };
}

/** The suite's `compare:` entries within the run, then `--baseline` against another run. */
async function compareAtEnd(store: Store, run: Run, suite: LoadedSuite, baseline: string | undefined): Promise<Comparison[]> {
  if (run.status === "failed") return [];
  const within = suite.compare.length > 0 ? (await compareRuns(store, run.id, run.id, { requirePairs: false })).comparisons : [];
  const across = baseline ? (await compareRuns(store, baseline, run.id)).comparisons : [];
  return [...within, ...across];
}

/** What the agreement grader needs of an attempt of a live arm: the case's recording, and the masking it was stored with. */
function replayContext(replay: NonNullable<ReturnType<typeof replayGrading>>, a: PlannedAttempt): { recorded?: Output; redact: (text: string) => string } {
  const recorded = replay.recordedFor(a.caseId, a.request);
  return { ...(recorded ? { recorded } : {}), redact: replay.redact };
}

/** A recording is priced as what production paid: the target's `pricing`, else the catalog's for the model that answered. */
function recordedPricing(target: SuiteTarget, answeredBy: string): Pricing | null {
  return target.pricing ? pricingFor(target) : pricingFor({ model: answeredBy });
}

/** The case's input as a judge sees it: the request's last user turn. */
function lastUserText(a: PlannedAttempt): string {
  for (let i = a.request.messages.length - 1; i >= 0; i--) {
    const m = a.request.messages[i];
    if (m?.role === "user") return contentText(m.content);
  }
  return "";
}
