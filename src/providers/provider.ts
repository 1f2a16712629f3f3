import type { AttemptError, EmbeddingRequest, GenerateRequest, Output, Usage } from "../core/index.js";

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
