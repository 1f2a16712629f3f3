import { batchPricingFor, EvalgateError, type BatchIntent, type BatchJournal, type Pricing } from "../core/index.js";
import { judgeCacheKey, type JudgeProvider } from "../graders/index.js";
import { buildBatchEndpoint } from "../providers/index.js";
import { judgeCustomId, JudgeWaves, type BatchExecutor } from "../runner/index.js";
import type { SuiteJudge } from "../suite/index.js";
import type { Store } from "../store/index.js";
import type { Plan } from "../suite/index.js";
import type { CallWiring } from "./endpoints.js";
import type { RunSuiteOptions } from "./run-options.js";

/** What a batch arm is told at run start, and keeps on the arm. */
export const BATCH_STREAM_WARNING = "stream: sent without streaming through the Batch API (a batch has no stream, so no time to first token)";

/**
 * Refuses what `--batch` cannot express, before anything is planned or written: a batch is
 * its own record of every call, so replay flags have nothing to replay, and shards of one
 * run would cut the same chunk ids from different cases.
 */
export function assertBatchable(options: Pick<RunSuiteOptions, "batch" | "batchSize" | "batchJudges" | "offline" | "cache" | "shard">): void {
  if (!options.batch) {
    if (options.batchSize !== undefined) throw new EvalgateError("BAD_FLAG", "--batch-size sizes the files of a --batch run", { hint: "add --batch, or drop --batch-size" });
    if (options.batchJudges) throw new EvalgateError("BAD_FLAG", "--batch-judges sends the judge calls of a --batch run through the Batch API", { hint: "add --batch, or drop --batch-judges" });
    return;
  }
  const clash = options.offline ? "--offline" : options.cache && options.cache !== "off" ? `--cache ${options.cache}` : options.shard ? "--shard" : null;
  if (clash) {
    throw new EvalgateError("BAD_FLAG", `--batch cannot be combined with ${clash}`, {
      hint: clash === "--shard" ? "run the whole suite with --batch: the Batch API runs it in parallel already" : "a batch sends every attempt to the Batch API; record and replay apply to live runs",
    });
  }
}

/**
 * A tool loop cannot go through the Batch API: each step's request is made of the step
 * before's reply. Refused, naming the arm, before anything is written.
 */
export function assertBatchablePlan(plan: Plan): void {
  const loop = plan.attempts.find((a) => a.loop !== undefined);
  if (loop) {
    throw new EvalgateError("BAD_FLAG", `--batch cannot run ${loop.arm}: its prompt is a tool loop, whose every step is made of the reply before it`, {
      hint: "run the suite live, or pick the arms without tool loops with --targets",
    });
  }
}

/** A batch arm's warning that it is sent without streaming (docs/reliability.md "Batch runs"), recorded on the arm. */
export function noteBatchArms(plan: Plan): void {
  for (const arm of plan.arms) if (arm.target.stream && !arm.warnings.includes(BATCH_STREAM_WARNING)) arm.warnings.push(BATCH_STREAM_WARNING);
}

/** One batch executor per arm, built like a live target's endpoint (same keys, limits and throttle), priced at the Batch API's rate. */
export function batchExecutors(plan: Plan, wiring: CallWiring, maxRequestsPerFile?: number): { executors: Map<string, BatchExecutor>; pricing: Map<string, Pricing | null> } {
  const executors = new Map<string, BatchExecutor>();
  const pricing = new Map<string, Pricing | null>();
  for (const a of plan.arms) {
    executors.set(a.arm, buildBatchEndpoint({ ...a.target, role: "target" }, wiring.endpoints, maxRequestsPerFile));
    pricing.set(a.arm, batchPricingFor(a.target));
  }
  return { executors, pricing };
}

/** The run's batch chunks as the store keeps them (Store.saveBatchIntent). */
export function storeJournal(store: Pick<Store, "saveBatchIntent" | "listBatchIntents">, runId: string): BatchJournal & { list(): Promise<BatchIntent[]> } {
  return {
    get: async (chunk) => (await store.listBatchIntents(runId)).find((i) => i.chunk === chunk),
    put: (intent) => store.saveBatchIntent(runId, intent),
    list: () => store.listBatchIntents(runId),
  };
}

/**
 * `--batch-judges` (docs/reliability.md "Batch runs"): the waves a batch chunk's gradings send
 * their judge calls in, through each generating judge's batch endpoint (built like a
 * target's), recorded in the run's journal. Embeddings judges still call live.
 */
export function judgeWaves(judges: readonly SuiteJudge[], wiring: CallWiring, runId: string, journal: BatchJournal & { list(): Promise<BatchIntent[]> }, signal: AbortSignal): JudgeWaves {
  const executors = new Map<string, BatchExecutor>();
  for (const j of judges) if (j.api !== "embeddings") executors.set(j.id, buildBatchEndpoint({ ...j, role: "judge" }, wiring.endpoints));
  return new JudgeWaves({ runId, executorFor: (id) => executors.get(id)!, journal, signal });
}

/**
 * A judge whose calls made while a batch chunk is graded go into that chunk's waves (one
 * line each, its custom id the attempt tag and a hash of the request), priced at the batch
 * rate; outside a chunk (a recorded arm's attempts) it calls live at its own price.
 */
export function batchedJudge(judge: JudgeProvider, judgeId: string, waves: JudgeWaves, batchPricing: Pricing | null): JudgeProvider {
  if (judge.api === "embeddings") return judge;
  return {
    ...judge,
    batchPricing,
    generate: (request, signal) =>
      waves.active() ? waves.call(judgeId, { ...request, stream: false, attempt: judgeCustomId(request.attempt, judgeCacheKey(request, "generate")) }) : judge.generate(request, signal),
  };
}
