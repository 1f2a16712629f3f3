import { pricingFor, priceUsage, type CaseRequest, type GenerateRequest, type GraderSpec } from "../core/index.js";
import type { LoggedExchangeLine } from "../import/index.js";
import { productionRequest } from "./arms.js";
import type { Candidate } from "./candidate.js";
import type { DailyBudget } from "./daily-budget.js";
import type { Exchange } from "./exchange.js";
import { gradeShadowPair } from "./grading.js";
import { buildShadowPair } from "./pair.js";
import { createMirrorQueue } from "./queue.js";
import { normalizeRecordedReply, type RecordedReply } from "./recorded-reply.js";
import type { ShadowRecorder } from "./recorder.js";
import type { Redactor } from "./redaction.js";
import type { RequestMapper } from "./request-mapping.js";
import { selectForMirror, type SelectionOptions, type SkipReason } from "./select.js";

/**
 * From a passed-through exchange to a stored pair (docs/shadow.md "Mirroring"): select,
 * map to the neutral prompt (import's mapping), reserve the day's budget, queue; a worker
 * sends the candidate request, normalizes the recorded reply, grades (the replay graders)
 * and stores the pair. Nothing here can
 * reach a production reply: it runs after the reply was sent, and every failure is counted
 * (and, for the candidate's, stored as its attempt's error), never thrown.
 */
export interface MirrorCounts {
  /** Chosen by the draw and handed to the queue. */
  selected: number;
  stored: number;
  candidateErrors: number;
  /** Pairs that could not be written (the store's error is counted, the proxy goes on). */
  storeErrors: number;
  dropped: { queueFull: number; budget: number; shutdown: number };
  skipped: Record<SkipReason | "unmappable", number>;
  /** The last store error's message, for the status route. */
  lastStoreError: string | null;
}

export interface Mirror {
  onExchange(exchange: Exchange, arrival: number): void;
  counts(): MirrorCounts & { waiting: number; running: number };
  /** Drops what waits (counted) and resolves when the mirrors in flight are stored. */
  close(): Promise<void>;
}

export interface MirrorDeps {
  selection: SelectionOptions;
  queueCapacity: number;
  concurrency: number;
  mapper: RequestMapper;
  candidate: Candidate;
  budget: DailyBudget | null;
  recorder: ShadowRecorder;
  redactor: Redactor;
  /** The graders of the shadow run (its stored suite's): the `agreement` grader against the recording. */
  graders: readonly GraderSpec[];
  /** Aborts the mirrors in flight when the proxy must stop at once. */
  signal: AbortSignal;
  /** Whether `--log` is on (the pair's log line is built only then). */
  logging: boolean;
}

interface Job {
  exchange: Exchange;
  arrival: number;
  wireRequest: Record<string, unknown>;
  logged: CaseRequest;
  neutral: GenerateRequest;
  request: GenerateRequest;
  settle(actualUsd: number | null): void;
}

export function createMirror(deps: MirrorDeps): Mirror {
  const counts: MirrorCounts = {
    selected: 0,
    stored: 0,
    candidateErrors: 0,
    storeErrors: 0,
    dropped: { queueFull: 0, budget: 0, shutdown: 0 },
    skipped: { route: 0, stateful: 0, production_error: 0, too_large: 0, unparsable: 0, filtered: 0, not_drawn: 0, unmappable: 0 },
    lastStoreError: null,
  };
  const queue = createMirrorQueue<Job>({ capacity: deps.queueCapacity, concurrency: deps.concurrency, run: (job) => runJob(deps, counts, job) });
  return {
    onExchange(exchange, arrival) {
      const selection = selectForMirror(deps.selection, exchange, arrival);
      if (!selection.mirror) {
        counts.skipped[selection.reason]++;
        return;
      }
      const mapped = deps.mapper.toNeutral(exchange.api!, selection.body);
      if (!mapped.ok) {
        counts.skipped.unmappable++;
        return;
      }
      counts.selected++;
      const caseId = caseIdOf(arrival);
      const neutral = productionRequest(exchange.api!, mapped.request, caseId, selection.body.stream === true);
      const request = deps.candidate.requestFor(mapped.request, caseId);
      let settle: Job["settle"] = () => undefined;
      if (deps.budget) {
        const reservation = deps.budget.reserve(deps.candidate.worstCaseUsd(request) ?? Number.POSITIVE_INFINITY);
        if (!reservation) {
          counts.dropped.budget++;
          return;
        }
        settle = (usd) => reservation.settle(usd);
      }
      const job: Job = { exchange, arrival, wireRequest: selection.body, logged: mapped.request, neutral, request, settle };
      if (!queue.offer(job)) {
        settle(0);
        counts.dropped.queueFull++;
      }
    },
    counts: () => ({ ...counts, dropped: { ...counts.dropped }, skipped: { ...counts.skipped }, waiting: queue.waiting, running: queue.running }),
    async close() {
      const { dropped, settled } = queue.close();
      for (const job of dropped) job.settle(0);
      counts.dropped.shutdown += dropped.length;
      await settled;
    },
  };
}

/** Case ids sort in arrival order: the request's number at the proxy. */
export function caseIdOf(arrival: number): string {
  return `req-${String(arrival).padStart(8, "0")}`;
}

async function runJob(deps: MirrorDeps, counts: MirrorCounts, job: Job): Promise<void> {
  const startedAt = new Date().toISOString();
  const result = await deps.candidate.generate(job.request, deps.signal);
  const finishedAt = new Date().toISOString();
  const cost = deps.candidate.costOf(result);
  job.settle(result.ok ? cost.usd : 0);
  if (!result.ok && result.error.kind === "cancelled") {
    counts.dropped.shutdown++;
    return;
  }
  if (!result.ok) counts.candidateErrors++;
  const recorded = normalizeRecordedReply(job.exchange, job.neutral, job.wireRequest);
  // A recording is priced at what production paid: the catalog's price of the model that answered (as a replay run prices it).
  const productionCost = recorded.ok ? priceUsage(recorded.output.usage, pricingFor({ model: recorded.output.model })) : { usd: 0, inputUsd: 0, outputUsd: 0 };
  const grading = await gradeShadowPair({
    specs: deps.graders,
    caseId: caseIdOf(job.arrival),
    production: { output: recorded.ok ? recorded.output : null, request: job.neutral, cost: productionCost },
    candidate: { output: result.ok ? result.output : null, request: job.request, cost },
    redactor: deps.redactor,
  });
  const run = deps.recorder.run;
  const pair = buildShadowPair({
    runId: run.id,
    caseId: caseIdOf(job.arrival),
    productionArm: deps.recorder.productionArm,
    candidateArm: deps.recorder.candidateArm,
    exchange: job.exchange,
    wireRequest: job.wireRequest,
    neutral: job.neutral,
    recorded,
    productionCost,
    candidate: { result, cost, startedAt, finishedAt, simulated: deps.candidate.simulated },
    grading,
    redactor: deps.redactor,
  });
  try {
    await deps.recorder.record(pair, deps.logging ? logLine(job, recorded, pair.candidate, result.ok ? null : (result.raw?.request ?? null), run.id) : null);
    counts.stored++;
  } catch (error) {
    counts.storeErrors++;
    counts.lastStoreError = error instanceof Error ? error.message : String(error);
  }
}

/** The pair as one line of the logged-exchange format (import's): production's exchange, the candidate's beside it. */
function logLine(job: Job, recorded: RecordedReply, candidate: ReturnType<typeof buildShadowPair>["candidate"], failedRequest: unknown, runId: string): LoggedExchangeLine {
  const out = candidate.output;
  return {
    request: job.wireRequest,
    // A reply that cannot be read is logged as none: import leaves the line out (counted) rather than stopping on it.
    response: recorded.ok ? recorded.reply : null,
    metadata: { evalgate_shadow_run: runId, evalgate_case: caseIdOf(job.arrival) },
    latency_ms: job.exchange.capture.endedAt ?? 0,
    created: Math.floor(Date.parse(job.exchange.receivedAt) / 1000),
    api: job.neutral.api,
    candidate: {
      request: out?.raw.request ?? failedRequest,
      ...(out ? { response: out.raw.response, latency_ms: out.latency.totalMs } : {}),
      api: job.request.api,
      ...(candidate.error ? { error: { kind: candidate.error.kind, message: candidate.error.message, status: candidate.error.status } } : {}),
    },
  };
}
