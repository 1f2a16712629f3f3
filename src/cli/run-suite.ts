import { resolve } from "node:path";
import {
  EVALGATE_VERSION,
  EvalgateError,
  newRunId,
  priceUsage,
  type Attempt,
  type Comparison,
  type Run,
} from "../core/index.js";
import { attemptFigures, summarizeArms, type ArmSummary, type AttemptFigures } from "../stats/index.js";
import { gradeAttempt, type JudgeProvider } from "../graders/index.js";
import { createOpenAIProvider } from "../providers/index.js";
import { Runner, attachProgress, compileRedactions, redactAttempt, redactValue, saveRunPlan, type AttemptExecutor, type AttemptBudget, type BudgetState, type CacheMode, type RunCounts, type RunnerEmitter } from "../runner/index.js";
import { startSimulator } from "../sim/index.js";
import { openSqliteStore, defaultDbPath, type Store } from "../store/index.js";
import { buildAnswerIndex, loadSuite, planSuite, type LoadedSuite, type Plan, type PlannedAttempt, type SuiteTarget } from "../suite/index.js";
import { compareRuns } from "./commands/compare.js";
import { failingCaseIds } from "../report/index.js";
import { readGitInfo } from "./git-info.js";
import { buildJudges, judgeCacheMode, judgeOnSim, targetPricing } from "./judges.js";
import { openStoreForRefs, resolveRunArg } from "./runref.js";
import { snapshotSuite } from "./suite-snapshot.js";
import { createRunBudget, createThrottledExecutor, createThrottles, formatThrottles, resumedRun, type EndpointThrottles, storeCache, storedFigures, throttleHooks, withCache, type ResumeFrom } from "./reliability.js";

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
  dbPath?: string;
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
  /** Continue a stored run (`--resume`, `evalgate resume`): its stored attempts are not sent again. */
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
  arms: ArmSummary[];
  /** The suite's `compare:` entries and `--baseline`, computed and stored when the run ended. */
  comparisons: Comparison[];
  dbPath: string;
  wallMs: number;
  /** Spend and what remains, when the run had a budget. */
  budget?: BudgetState;
  /** Lines about endpoints that sent 429s: how the shared backoff lowered concurrency. */
  rateLimits?: string[];
  /** The first attempt error of this invocation, `kind: message` (shown when every attempt errored). */
  firstError?: string;
}

const SIM_KEY = "sk-evalgate-simulator";
/** `--offline` sends nothing, so it needs no key. */
const OFFLINE_KEY = "sk-evalgate-offline";
const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const DEFAULT_CONCURRENCY = 16;

/** `evalgate run` as a library call: load, plan, run, grade, store, summarize. */
export async function runSuite(file: string, options: RunSuiteOptions = {}): Promise<RunSuiteResult> {
  const env = options.env ?? process.env;
  const suite = await loadSuite(file, { ...(options.simConfigFile ? { simConfigFile: options.simConfigFile } : {}), ...(options.allowPaths ? { allowPaths: options.allowPaths } : {}) });
  const plan = planSuite(suite, { targets: options.targets, filterTags: options.filterTags, repeat: options.repeat });
  if (options.filterFailing) plan.attempts = onlyFailingCases(plan, options.filterFailing, options.dbPath ?? defaultDbPath(env, options.cwd ?? process.cwd()));
  if (plan.attempts.length === 0) {
    throw new EvalgateError("BAD_FLAG", `nothing to run: the plan of ${file} has no attempts`, {
      hint: "check --targets and --filter-tag against the suite's target ids and case tags",
    });
  }
  // A --baseline that names no run fails now, before a single attempt is paid for.
  if (options.baseline) checkBaseline(options.baseline, suite.name, options.dbPath ?? defaultDbPath(env, options.cwd ?? process.cwd()));
  const redactions = compileRedactions(suite.redact);
  const budget = createRunBudget(plan, options.maxCost ?? suite.budget.max_cost, options.resume?.priorSpentUsd ?? 0, (arm) => targetPricing(plan.arms.find((a) => a.arm === arm)!.target));
  options.onPlan?.(plan, suite);
  const onSim = (t: SuiteTarget) => options.sim === true || t.base_url === "sim";
  const needsSim = plan.arms.some((a) => onSim(a.target)) || suite.judges.some((j) => judgeOnSim(j, options.sim === true));
  const simulator = needsSim ? await startSimulator(suite.sim, buildAnswerIndex(suite), { port: 0 }) : undefined;
  const dbPath = options.dbPath ?? defaultDbPath(env, options.cwd ?? process.cwd());
  let store: Store | undefined;
  try {
    const throttleFor = createThrottles(options.concurrency ?? DEFAULT_CONCURRENCY);
    const executors = new Map(plan.arms.map((a) => [a.targetId, makeExecutor(a.target, onSim(a.target) ? simulator?.url : undefined, env, throttleFor, options.offline === true)]));
    store = openSqliteStore(dbPath);
    const run = options.resume ? resumedRun(store, suite, options.resume) : newRun(suite, plan, options, onSim);
    if (!options.resume) {
      store.createRun(run, { name: suite.name, hash: suite.hash, source: redactValue(snapshotSuite(suite), redactions) }, suite.cases.map((c) => ({ id: c.id, vars: redactValue(c.vars, redactions), tags: c.tags, varsHash: c.varsHash })));
      saveRunPlan(storeCache(store), run.id, { targets: options.targets, repeat: options.repeat, filterTags: options.filterTags, filterFailing: options.filterFailing, sim: options.sim, simConfigFile: options.simConfigFile && resolve(options.simConfigFile) });
    }
    const judges = buildJudges(suite.judges, {
      simUrl: simulator?.url,
      allOnSim: options.sim === true,
      env,
      cache: judgeCacheMode(storeCache(store, redactions), options),
      ...(budget ? { budget } : {}),
    });
    const result = await execute({ suite, plan, run, store, executors, judges, options, dbPath, onSim, budget, redactions });
    return { ...result, rateLimits: formatThrottles(throttleFor.report(), options.concurrency ?? DEFAULT_CONCURRENCY) };
  } finally {
    store?.close();
    await simulator?.close();
  }
}

function newRun(suite: LoadedSuite, plan: Plan, options: RunSuiteOptions, onSim: (t: SuiteTarget) => boolean): Run {
  const git = readGitInfo(suite.dir);
  const arms = plan.arms.map((a) => ({
    arm: a.arm,
    promptId: a.promptId,
    targetId: a.targetId,
    api: a.target.api,
    model: a.target.model,
    params: a.params,
    warnings: a.warnings,
    simulated: onSim(a.target),
  }));
  return {
    id: newRunId(),
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

function makeExecutor(target: SuiteTarget, simUrl: string | undefined, env: NodeJS.ProcessEnv, throttleFor: EndpointThrottles, offline: boolean): AttemptExecutor {
  const apiKeyEnv = target.api_key_env ?? "OPENAI_API_KEY";
  const apiKey = simUrl ? SIM_KEY : (env[apiKeyEnv] || (offline ? OFFLINE_KEY : undefined));
  if (!apiKey) {
    throw new EvalgateError("BAD_FLAG", `target ${target.id} needs an API key in $${apiKeyEnv}, which is not set`, {
      hint: `export ${apiKeyEnv}=sk-… (or put it in .env), or run on the simulator with --sim / base_url: sim`,
    });
  }
  const baseURL = simUrl ?? target.base_url ?? DEFAULT_BASE_URL;
  const throttle = throttleFor(baseURL);
  const provider = createOpenAIProvider({
    baseURL,
    apiKey,
    timeoutMs: target.timeout_ms ?? 60_000,
    maxRetries: target.max_retries ?? 4,
    ...throttleHooks(throttle),
  });
  return createThrottledExecutor(provider, throttle);
}

interface ExecuteContext {
  suite: LoadedSuite;
  plan: Plan;
  run: Run;
  store: Store;
  executors: Map<string, AttemptExecutor>;
  judges: Map<string, JudgeProvider>;
  options: RunSuiteOptions;
  dbPath: string;
  onSim: (t: SuiteTarget) => boolean;
  budget: (AttemptBudget<PlannedAttempt> & { state(): BudgetState }) | undefined;
  redactions: RegExp[];
}

async function execute(ctx: ExecuteContext): Promise<RunSuiteResult> {
  const { suite, plan, run, store, executors, options } = ctx;
  const armById = new Map(plan.arms.map((a) => [a.arm, a]));
  const caseById = new Map(suite.cases.map((c) => [c.id, c]));
  const promptById = new Map(suite.prompts.map((p) => [p.id, p]));
  const pricing = new Map(plan.arms.map((a) => [a.arm, targetPricing(a.target)]));
  const wiring = { mode: options.cache ?? "off", offline: options.offline === true, cache: storeCache(store, ctx.redactions) } as const;
  const cached = new Map(plan.arms.map((a) => [a.arm, withCache(executors.get(a.targetId)!, ctx.onSim(a.target) ? "sim" : (a.target.base_url ?? DEFAULT_BASE_URL), wiring)]));
  const runner = new Runner<PlannedAttempt>({
    runId: run.id,
    attempts: plan.attempts,
    executorFor: (a) => cached.get(a.arm)!,
    costOf: (a, output) => priceUsage(output.usage, pricing.get(a.arm) ?? null),
    grade: (a, output, cost) =>
      gradeAttempt(output, a.graders, {
        caseId: a.caseId,
        vars: caseById.get(a.caseId)?.vars ?? {},
        cost,
        outputSchema: promptById.get(armById.get(a.arm)!.promptId)?.output?.schema,
        judge: (id) => ctx.judges.get(id),
        input: lastUserText(a),
        attempt: a.request.attempt,
        suiteDir: suite.dir,
        signal: options.signal,
      }),
    simulated: (a) => ctx.onSim(armById.get(a.arm)!.target),
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    targetConcurrency: (targetId) => suite.targets.find((t) => t.id === targetId)?.concurrency,
    signal: options.signal,
    budget: ctx.budget,
    skip: options.resume?.skip,
  });
  const figures = collectFigures(runner);
  let firstError: string | undefined;
  runner.on("attempt-finished", ({ attempt }) => {
    const stored = redactAttempt(attempt, ctx.redactions);
    store.recordAttempt(stored);
    // Shown when every attempt errored: the stored (masked) message, as the reports have it.
    if (firstError === undefined && stored.error) firstError = `${stored.error.kind}: ${stored.error.message}`;
  });
  const stopProgress = options.progress ? attachProgress(runner, { total: plan.attempts.length - (options.resume?.skip.size ?? 0), ...options.progress }) : undefined;
  const outcome = await runner.run();
  stopProgress?.();
  const finishedAt = new Date().toISOString();
  store.finishRun(run.id, outcome.status, finishedAt);
  const finalRun: Run = { ...run, status: outcome.status, finishedAt };
  return {
    run: finalRun,
    suite,
    counts: outcome.counts,
    comparisons: compareAtEnd(store, finalRun, suite, options.baseline),
    arms: summarizeArms(plan.arms.map((a) => a.arm), options.resume ? storedFigures(store, run.id) : figures),
    dbPath: resolve(ctx.dbPath),
    wallMs: outcome.wallMs,
    ...(ctx.budget ? { budget: ctx.budget.state() } : {}),
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

function collectFigures(runner: RunnerEmitter): Map<string, AttemptFigures[]> {
  const byArm = new Map<string, AttemptFigures[]>();
  runner.on("attempt-finished", ({ attempt }: { attempt: Attempt }) => {
    let list = byArm.get(attempt.arm);
    if (!list) byArm.set(attempt.arm, (list = []));
    list.push(attemptFigures(attempt));
  });
  return byArm;
}

/** The suite's `compare:` entries within the run, then `--baseline` against another run. */
function compareAtEnd(store: Store, run: Run, suite: LoadedSuite, baseline: string | undefined): Comparison[] {
  if (run.status === "failed") return [];
  const within = suite.compare.length > 0 ? compareRuns(store, run.id, run.id, []).comparisons : [];
  const across = baseline ? compareRuns(store, baseline, run.id, []).comparisons : [];
  return [...within, ...across];
}

function checkBaseline(ref: string, suiteName: string, dbPath: string): void {
  const store = openStoreForRefs(dbPath, [ref]);
  try {
    // `latest` is the latest run of this suite (what the comparison at the end will take).
    resolveRunArg(store, ref, ref === "latest" ? { suite: suiteName } : {});
  } finally {
    store.close();
  }
}

/** The planned attempts of the cases that failed (or errored) in another run. */
function onlyFailingCases(plan: Plan, ref: string, dbPath: string): PlannedAttempt[] {
  const store = openStoreForRefs(dbPath, [ref]);
  try {
    const run = resolveRunArg(store, ref);
    const { attempts } = store.listAttempts(run.id, { limit: Number.MAX_SAFE_INTEGER, offset: 0 });
    const failing = new Set(failingCaseIds(attempts));
    return plan.attempts.filter((a) => failing.has(a.caseId));
  } finally {
    store.close();
  }
}

/** The case's input as a judge sees it: the request's last user turn. */
function lastUserText(a: PlannedAttempt): string {
  for (let i = a.request.messages.length - 1; i >= 0; i--) {
    const m = a.request.messages[i];
    if (m?.role === "user") return m.content;
  }
  return "";
}

