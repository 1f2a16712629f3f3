import { EvalgateError, pricingFor, type Comparison } from "../core/index.js";
import "../graders/index.js";
import { endpointOnSim } from "../providers/index.js";
import { createThrottles } from "../runner/index.js";
import { startSimulator, type RunningSimulator } from "../sim/index.js";
import { openStore, type Store } from "../store/index.js";
import { buildAnswerIndex, loadSuite, type LoadedSuite, type SuiteTarget } from "../suite/index.js";
import { endpointContext } from "../usecases/endpoints.js";
import { resolvedLocation, storeLocation } from "../usecases/stores.js";
import { createCandidate } from "./candidate.js";
import { createDailyBudget, type DailyBudgetState } from "./daily-budget.js";
import { openExchangeLog } from "./exchange-log.js";
import { createMirror, type MirrorCounts } from "./mirror.js";
import { buildShadowProxy, closeDraining, type ProxyCounts } from "./proxy.js";
import { startShadowRecorder } from "./recorder.js";
import { createShadowRedactor } from "./redaction.js";
import { importRequestMapper } from "./request-mapping.js";
import type { SelectionOptions } from "./select.js";

/** `evalgate shadow` as a library call (docs/shadow.md): the options the CLI parsed. */
export interface ShadowOptions extends SelectionOptions {
  suiteFile: string;
  /** The suite target the mirror sends to. */
  targetId: string;
  upstream: string;
  port: number;
  host: string;
  token?: string;
  /** Mirrors waiting at most; more are dropped. */
  queue: number;
  /** Candidate requests at once (default: the target's `concurrency`, else 4). */
  concurrency?: number;
  budgetPerDay?: number;
  db?: string;
  log?: string;
  tags: string[];
  captureLimitBytes: number;
  bodyLimitBytes: number;
  /** How long a stop waits for the mirrors in flight before cancelling them. */
  drainMs: number;
  env: Record<string, string | undefined>;
  /** Test hook (docs/shadow.md "Testing"): the clock the daily budget reads. Default Date.now. */
  now?: () => number;
}

export interface ShadowStatus {
  run: string;
  upstream: string;
  candidate: string;
  proxy: ProxyCounts;
  mirror: MirrorCounts & { waiting: number; running: number };
  budget: DailyBudgetState | null;
}

export interface RunningShadow {
  /** Where the proxy listens (http://host:port). */
  url: string;
  /** What an application sets as its base URL: the proxy with the upstream's path. */
  baseUrl: string;
  runId: string;
  database: string;
  status(): ShadowStatus;
  /** Drains production requests in flight, drops the waiting mirrors, waits for the running ones (up to drainMs), finishes the run. */
  stop(): Promise<{ status: ShadowStatus; comparisons: Comparison[] }>;
}

export const DEFAULT_MIRROR_CONCURRENCY = 4;

export async function startShadow(options: ShadowOptions): Promise<RunningShadow> {
  const suite = await loadSuite(options.suiteFile);
  const target = candidateTarget(suite, options.targetId, options.suiteFile);
  if (options.budgetPerDay !== undefined && pricingFor(target) === null) {
    throw new EvalgateError("BAD_FLAG", `--budget-per-day needs the price of ${target.model}, which the model catalog does not know`, {
      hint: `give target ${target.id} a pricing: { input, output } (USD per 1M tokens) in ${options.suiteFile}`,
    });
  }
  const sim = endpointOnSim(target, false) ? await startSimulator(suite.sim, buildAnswerIndex(suite), { port: 0 }) : undefined;
  const concurrency = options.concurrency ?? target.concurrency ?? DEFAULT_MIRROR_CONCURRENCY;
  const location = storeLocation(options.db, options.env);
  let store: Store | undefined;
  try {
    const candidate = createCandidate(target, endpointContext({ ...(sim ? { simUrl: sim.url } : {}), allOnSim: false, env: options.env, offline: false }, createThrottles(concurrency)));
    store = await openStore(location);
    return await listen(options, suite, target, candidate, store, sim, concurrency, resolvedLocation(location));
  } catch (error) {
    await store?.close();
    await sim?.close();
    throw error;
  }
}

async function listen(options: ShadowOptions, suite: LoadedSuite, target: SuiteTarget, candidate: ReturnType<typeof createCandidate>, store: Store, sim: RunningSimulator | undefined, concurrency: number, database: string): Promise<RunningShadow> {
  const redactor = createShadowRedactor(suite.redact);
  const log = options.log ? openExchangeLog(options.log) : null;
  const flags = { models: options.models, paths: options.paths, metadata: options.metadata, mirrorStateful: options.mirrorStateful, queue: options.queue, concurrency, budgetPerDay: options.budgetPerDay ?? null };
  const recorder = await startShadowRecorder(store, suite, target, candidate.simulated, { upstream: options.upstream, share: options.share, seed: options.seed, tags: options.tags, flags }, redactor, log);
  const budget = options.budgetPerDay === undefined ? null : createDailyBudget(options.budgetPerDay, options.now ?? Date.now);
  const abort = new AbortController();
  const mirror = createMirror({ selection: options, queueCapacity: options.queue, concurrency, mapper: importRequestMapper, candidate, budget, recorder, redactor, graders: recorder.graders, signal: abort.signal, logging: log !== null });
  const status = (): ShadowStatus => ({ run: recorder.run.id, upstream: options.upstream, candidate: `${options.suiteFile}#${target.id}`, proxy: { ...proxy.counts }, mirror: mirror.counts(), budget: budget?.state() ?? null });
  const proxy = buildShadowProxy({
    upstream: options.upstream,
    captureLimitBytes: options.captureLimitBytes,
    bodyLimitBytes: options.bodyLimitBytes,
    ...(options.token ? { token: options.token } : {}),
    onExchange: (exchange, arrival) => mirror.onExchange(exchange, arrival),
    status,
  });
  try {
    await proxy.app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await recorder.finish("failed");
    throw new EvalgateError("BAD_FLAG", `cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`, { hint: "pick another --port (0 picks a free one)" });
  }
  const address = proxy.app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  let stopping: Promise<{ status: ShadowStatus; comparisons: Comparison[] }> | undefined;
  return {
    url,
    baseUrl: `${url}${new URL(options.upstream).pathname.replace(/\/$/, "")}`,
    runId: recorder.run.id,
    database,
    status,
    stop: () =>
      (stopping ??= (async () => {
        // Production first: no new connection, every request in flight answered in full.
        await closeDraining(proxy.app, proxy.counts);
        const timer = setTimeout(() => abort.abort(), options.drainMs);
        await mirror.close();
        clearTimeout(timer);
        try {
          const comparisons = await recorder.finish("completed");
          return { status: status(), comparisons };
        } finally {
          await store.close();
          await sim?.close();
        }
      })()),
  };
}

function candidateTarget(suite: LoadedSuite, id: string, file: string): SuiteTarget {
  const target = suite.targets.find((t) => t.id === id);
  if (target) return target;
  throw new EvalgateError("BAD_FLAG", `--candidate ${file}#${id}: the suite has no target '${id}'`, {
    hint: `its targets: ${suite.targets.map((t) => t.id).join(", ")}`,
  });
}
