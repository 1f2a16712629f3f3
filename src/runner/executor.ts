import type { AttemptError, BatchChunk, BatchJournal, GenerateRequest, Output } from "../core/index.js";

/**
 * How the runner reaches a provider (docs/design/architecture.md §6, "The executor contract").
 * Two shapes: one attempt per call (the default), and a batch that submits many attempts at
 * once and reports them later (the Batch API, `run --batch`).
 */

export type GenerateOutcome =
  | { ok: true; output: Output; tries: number; /** Served from the response cache. */ replayed?: boolean }
  | { ok: false; error: AttemptError; tries: number };

/** One call per attempt, retries included, never throws; settled before the attempt is recorded. */
export interface AttemptExecutor {
  readonly mode?: "one-at-a-time";
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateOutcome>;
}

/** A batch the provider accepted (or an earlier process had): what `collect` waits for. */
export interface BatchHandle {
  /** The provider kind that can collect it. */
  kind: string;
  batchId: string;
  chunk: BatchChunk;
}

/**
 * Many attempts at once, answered later. `split` cuts an arm's attempts into input files at
 * the provider's limits (the runner names them `ARM#N`); `submit` records the chunk's intent
 * in the journal before it creates a batch — or finds the batch an earlier process created
 * for it — and returns a handle; `collect` waits for the batch to end and yields each
 * attempt's outcome, an attempt the batch never answered as an error outcome, so every
 * submitted attempt ends recorded, once. Either may throw when the provider cannot be
 * reached after its retries: the run stops, and a resume takes the journal up again.
 */
export interface BatchExecutor {
  readonly mode: "batch";
  split<T extends { request: GenerateRequest }>(items: readonly T[]): T[][];
  submit(chunk: BatchChunk, journal: BatchJournal, signal?: AbortSignal): Promise<BatchHandle>;
  collect(handle: BatchHandle, signal?: AbortSignal): AsyncIterable<{ attempt: string; outcome: GenerateOutcome }>;
}

export type Executor = AttemptExecutor | BatchExecutor;

export function isBatchExecutor(executor: Executor): executor is BatchExecutor {
  return executor.mode === "batch";
}
