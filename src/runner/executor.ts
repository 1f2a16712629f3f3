import type { AttemptError, GenerateRequest, Output } from "../core/index.js";

/**
 * How the runner reaches a provider (docs/design/architecture.md §6, "The executor contract").
 * Two shapes: one attempt per call (every provider today), and a batch that submits many
 * attempts at once and reports them later (the Batch API of the replay issue).
 */

export type GenerateOutcome =
  | { ok: true; output: Output; tries: number; /** Served from the response cache. */ replayed?: boolean }
  | { ok: false; error: AttemptError; tries: number };

/** One call per attempt, retries included, never throws; settled before the attempt is recorded. */
export interface AttemptExecutor {
  readonly mode?: "one-at-a-time";
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateOutcome>;
}

/** What a batch provider returns when it has accepted requests: kept with the run, so a crash between submit and collect loses nothing. */
export interface BatchHandle {
  /** The provider kind that can collect it. */
  kind: string;
  /** The provider's own reference (a batch id, input file ids…): JSON, stored as is. */
  ref: unknown;
  /** The attempt tags (CASE/REPEAT) the batch holds, per arm. */
  attempts: Array<{ arm: string; attempt: string }>;
}

/**
 * Many attempts at once, answered later. `submit` returns a handle the store keeps;
 * `collect` yields each attempt's outcome as the provider reports it (completion order),
 * and an attempt the batch never answers as an error outcome, so every submitted attempt
 * ends recorded, once. Declared now so the runner and the store keep room for it; the
 * runner drives one-at-a-time executors only (`assertOneAtATime`).
 */
export interface BatchExecutor {
  readonly mode: "batch";
  submit(requests: readonly GenerateRequest[], signal?: AbortSignal): Promise<BatchHandle>;
  collect(handle: BatchHandle, signal?: AbortSignal): AsyncIterable<{ attempt: string; outcome: GenerateOutcome }>;
}

export type Executor = AttemptExecutor | BatchExecutor;

export function isBatchExecutor(executor: Executor): executor is BatchExecutor {
  return executor.mode === "batch";
}
