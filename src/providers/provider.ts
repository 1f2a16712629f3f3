import type { AttemptError, BatchChunk, BatchJournal, EmbeddingRequest, GenerateRequest, Output, Usage } from "../core/index.js";

/** The wire request and (as far as it came) the response of an attempt that errored. */
export interface RawCall {
  request: unknown;
  response?: unknown;
}

/** One attempt's result: an output, or the classified error after the retries. */
export type GenerateResult =
  | { ok: true; output: Output; tries: number }
  | { ok: false; error: AttemptError; tries: number; raw?: RawCall };

export interface Embeddings {
  model: string;
  /** One vector per input, in input order. */
  vectors: number[][];
  usage: Pick<Usage, "inputTokens" | "totalTokens"> | null;
  latencyMs: number;
  requestId: string | null;
  raw: RawCall;
}

export type EmbedResult =
  | { ok: true; embeddings: Embeddings; tries: number }
  | { ok: false; error: AttemptError; tries: number; raw?: RawCall };

/**
 * A model endpoint (docs/design/architecture.md §6). `generate` never throws for endpoint errors: they come
 * back classified in the result, with the number of requests sent. A cancelled signal
 * gives an error of kind "cancelled".
 */
export interface Provider {
  readonly kind: string;
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult>;
  embed?(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbedResult>;
}

/** A batch a provider accepted: its id and the chunk it holds (the runner's BatchHandle). */
export interface BatchHandleShape {
  kind: string;
  batchId: string;
  chunk: BatchChunk;
}

/**
 * A provider kind's batch endpoint (docs/reliability.md "Batch runs"), in the runner's
 * BatchExecutor shape: `split` at the kind's file limits, `submit` (intent first, then the
 * batch, or the one an earlier process made), `collect` every request's result, an
 * unanswered one as an error. Throws only when the endpoint cannot be reached after retries.
 */
export interface BatchProvider {
  readonly mode: "batch";
  readonly kind: string;
  split<T extends { request: GenerateRequest }>(items: readonly T[]): T[][];
  submit(chunk: BatchChunk, journal: BatchJournal, signal?: AbortSignal): Promise<BatchHandleShape>;
  collect(handle: BatchHandleShape, signal?: AbortSignal): AsyncIterable<{ attempt: string; outcome: GenerateResult }>;
}
