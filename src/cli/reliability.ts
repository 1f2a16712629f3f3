import { EvalgateError, type Pricing, type Run } from "../core/index.js";
import { attemptFigures, type AttemptFigures } from "../stats/index.js";
import { renderRequest } from "../providers/index.js";
import {
  Budget,
  EndpointThrottle,
  createCachingExecutor,
  createThrottledExecutor,
  loadRunPlan,
  redactValue,
  worstCaseCostUsd,
  type AttemptExecutor,
  type BudgetState,
  type CacheMode,
  type ResponseCache,
  type StoredRunPlan,
  type ThrottleStats,
} from "../runner/index.js";
import { responseCacheKey, type Store } from "../store/index.js";
import type { LoadedSuite, Plan, PlannedAttempt } from "../suite/index.js";

/**
 * The run's reliability wiring (docs/reliability.md): resume, the per-endpoint backoff,
 * the budget and record / replay, adapted from the store for the runner, which imports
 * no store.
 */

/** Continuing a stored run: its id and what it already holds. */
export interface ResumeFrom {
  runId: string;
  /** Attempts stored already (completedAttemptKeys): never sent again. */
  skip: ReadonlySet<string>;
  /** What the stored attempts cost: counted against the budget. */
  priorSpentUsd: number;
}

export interface PreparedResume {
  run: Run;
  resume: ResumeFrom;
  plan: StoredRunPlan | undefined;
  /** The suite file the run was started from (from its stored snapshot). */
  suiteFile: string | undefined;
}

/** Reads what a resume needs from the store: the run, its plan flags, its stored attempts and spend. */
export function prepareResume(store: Store, run: Run): PreparedResume {
  const source = store.getSuiteSource(run.suiteHash) as { file?: unknown } | undefined;
  const { attempts } = store.listAttempts(run.id, { limit: Number.MAX_SAFE_INTEGER, offset: 0 });
  const spent = attempts.reduce((sum, a) => sum + (a.status === "ok" && !a.replayed ? (a.cost.usd ?? 0) : 0), 0);
  return {
    run,
    resume: { runId: run.id, skip: store.completedAttemptKeys(run.id), priorSpentUsd: spent },
    plan: loadRunPlan(storeCache(store), run.id),
    suiteFile: typeof source?.file === "string" ? source.file : undefined,
  };
}

/** The stored run to continue, after checking the suite is the one it was started from. */
export function resumedRun(store: Store, suite: LoadedSuite, resume: ResumeFrom): Run {
  const run = store.getRun(resume.runId);
  if (!run) throw new EvalgateError("RUNREF_NOT_FOUND", `run ${resume.runId} is not in the database`, { hint: "check --db" });
  if (run.suiteHash !== suite.hash) {
    throw new EvalgateError(
      "RESUME_MISMATCH",
      `run ${run.id} was started from a different version of ${suite.file} (suite hash ${run.suiteHash.slice(0, 12)}, now ${suite.hash.slice(0, 12)}): resuming would mix two suites in one run`,
      { hint: "restore the suite (and its datasets and prompt files) as they were, or start a new run with `evalgate run`" },
    );
  }
  return { ...run, status: "running", finishedAt: null };
}

/** The store's key/value response cache, as the runner sees it; `redact` patterns mask what it records. */
export function storeCache(store: Pick<Store, "cacheGet" | "cachePut">, redactions: readonly RegExp[] = []): ResponseCache {
  return { get: (key) => store.cacheGet(key), put: (key, value) => store.cachePut(key, redactValue(value, redactions)) };
}

export interface EndpointThrottles {
  (endpoint: string): EndpointThrottle;
  /** Per endpoint that met rate limits: how often, and how far its concurrency went down and back. */
  report(): Array<ThrottleStats & { endpoint: string }>;
}

/** One shared throttle per endpoint URL: a 429 on one target slows every target on that endpoint. */
export function createThrottles(maxConcurrency: number): EndpointThrottles {
  const byEndpoint = new Map<string, EndpointThrottle>();
  const throttleFor = (endpoint: string) => {
    let throttle = byEndpoint.get(endpoint);
    if (!throttle) byEndpoint.set(endpoint, (throttle = new EndpointThrottle({ maxConcurrency })));
    return throttle;
  };
  throttleFor.report = () => [...byEndpoint].map(([endpoint, t]) => ({ endpoint, ...t.stats() })).filter((s) => s.rateLimits > 0);
  return throttleFor;
}

/** "rate limits: 231 × 429 from http://…/v1; concurrency lowered to 2, now 9 (of 32)". */
export function formatThrottles(stats: Array<ThrottleStats & { endpoint: string }>, maxConcurrency: number): string[] {
  return stats.map((s) => `rate limits: ${s.rateLimits} × 429 from ${s.endpoint}; concurrency lowered to ${s.lowestLimit}, ended at ${s.limit} (of ${maxConcurrency})`);
}

/** The provider options that route its retry waits and 429s through the endpoint's throttle. */
export function throttleHooks(throttle: EndpointThrottle) {
  return {
    sleep: throttle.sleep,
    onRetry: (info: { error: { kind: string }; waitMs: number }) => {
      if (info.error.kind === "rate_limit") throttle.onRateLimit(info.waitMs);
    },
  };
}

export { createThrottledExecutor };

/**
 * The run's budget, or undefined without one. Every arm must have a known price and a
 * bounded output: an attempt whose worst case is unknown cannot be held to a cap.
 */
export function createRunBudget(plan: Plan, maxUsd: number | undefined, priorSpentUsd: number, pricingOf: (arm: string) => Pricing | null): Budget<PlannedAttempt> | undefined {
  if (maxUsd === undefined) return undefined;
  for (const arm of plan.arms) {
    const sample = plan.attempts.find((a) => a.arm === arm.arm);
    if (sample && worstCaseCostUsd(sample.request, pricingOf(arm.arm)) === null) {
      throw new EvalgateError("BAD_FLAG", `a budget is set, but arm ${arm.arm} has no known price for model ${arm.target.model}, so its attempts' cost cannot be bounded`, {
        hint: `give target ${arm.targetId} \`pricing: { input, output }\` (USD per 1M tokens), or run without --max-cost / budget.max_cost`,
      });
    }
  }
  return new Budget<PlannedAttempt>(maxUsd, (a) => worstCaseCostUsd(a.request, pricingOf(a.arm)) ?? Number.POSITIVE_INFINITY, priorSpentUsd);
}

export interface CacheWiring {
  mode: CacheMode;
  offline: boolean;
  cache: ResponseCache;
}

/**
 * Record / replay around a target's executor. The key is the wire body, the endpoint
 * (the built-in simulator counts as one, whatever its port, so its replies are never
 * replayed as a real endpoint's) and the repeat index; never a credential.
 */
export function withCache(inner: AttemptExecutor, endpoint: string, wiring: CacheWiring): AttemptExecutor {
  if (wiring.mode === "off" && !wiring.offline) return inner;
  return createCachingExecutor(inner, {
    cache: wiring.cache,
    mode: wiring.mode,
    offline: wiring.offline,
    keyOf: (request) => responseCacheKey({ endpoint, body: renderRequest(request).body }, repeatOf(request.attempt)),
  });
}

/** CASE/REPEAT → REPEAT (case ids may contain slashes; the repeat is after the last). */
function repeatOf(attemptTag: string): number {
  const n = Number(attemptTag.slice(attemptTag.lastIndexOf("/") + 1));
  return Number.isInteger(n) ? n : 0;
}

/** Figures of every stored attempt of a run: a resumed run's summary covers all of it. */
export function storedFigures(store: Store, runId: string): Map<string, AttemptFigures[]> {
  const byArm = new Map<string, AttemptFigures[]>();
  const { attempts } = store.listAttempts(runId, { limit: Number.MAX_SAFE_INTEGER, offset: 0 });
  for (const a of attempts) {
    let list = byArm.get(a.arm);
    if (!list) byArm.set(a.arm, (list = []));
    list.push(attemptFigures(a));
  }
  return byArm;
}

/** "budget: spent $0.012300 of $0.050000, $0.037700 remains; 212 attempts not sent". */
export function formatBudget(state: BudgetState, notSent: number): string {
  const usd = (n: number) => `$${n.toFixed(6)}`;
  const tail = notSent > 0 ? `; ${notSent} attempt${notSent === 1 ? "" : "s"} not sent` : "";
  return `budget: spent ${usd(state.spentUsd)} of ${usd(state.maxUsd)}, ${usd(state.remainingUsd)} remains${tail}`;
}
