import type { Api } from "./request.js";

/** Why generation ended, the same vocabulary for both APIs. */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "refusal" | "error";

export interface Usage {
  inputTokens: number;
  /** Part of inputTokens served from the prompt cache. */
  cachedInputTokens: number;
  /** Includes reasoningTokens. */
  outputTokens: number;
  reasoningTokens: number;
  totalTokens: number;
}

export interface OutputToolCall {
  id: string;
  name: string;
  /** Parsed arguments, or null when `rawArguments` is not valid JSON. */
  arguments: Record<string, unknown> | null;
  rawArguments: string;
}

export interface Latency {
  /** Time to first token (first content or tool-call delta); null when not streamed. */
  ttftMs: number | null;
  totalMs: number;
  /**
   * When the figures above are the simulator's modelled latency (MODELLED_LATENCY_HEADER): the
   * wall-clock latency observed. observed − modelled is the harness's own overhead.
   */
  observed?: { ttftMs: number | null; totalMs: number };
}

/**
 * `x-evalgate-modelled-latency: total_ms=…; ttft_ms=…`: the latency the simulator's behaviour
 * model drew for a reply, deterministic under its seed. The client takes it as the attempt's
 * latency and keeps the wall clock in `observed`, so load on the machine does not move a
 * simulated arm's latency figures or gates (docs/simulator.md).
 */
export const MODELLED_LATENCY_HEADER = "x-evalgate-modelled-latency";

/** The header's value parsed; null when absent or malformed (the wall clock is used then). */
export function parseModelledLatency(value: string | null | undefined): { totalMs: number; ttftMs: number } | null {
  if (!value) return null;
  const total = /(?:^|;)\s*total_ms=([0-9.]+)/.exec(value)?.[1];
  const ttft = /(?:^|;)\s*ttft_ms=([0-9.]+)/.exec(value)?.[1];
  const totalMs = Number(total);
  const ttftMs = Number(ttft);
  return total !== undefined && ttft !== undefined && Number.isFinite(totalMs) && Number.isFinite(ttftMs) ? { totalMs, ttftMs } : null;
}

/** One normalized output, whichever API produced it (STYLE.md habit 5). */
export interface Output {
  api: Api;
  /** The model the endpoint says answered. */
  model: string;
  text: string;
  /** The parsed JSON when a schema was requested (or the text parses as an object). */
  json?: unknown;
  /** Why `text` did not parse, when JSON was expected. */
  jsonError?: string;
  toolCalls: OutputToolCall[];
  refusal: string | null;
  finish: FinishReason;
  usage: Usage | null;
  latency: Latency;
  requestId: string | null;
  /** The wire request and response (or the assembled stream events), redacted. */
  raw: { request: unknown; response: unknown };
  /**
   * Set when a Batch API job answered (`run --batch`): its batch and the line's custom_id.
   * Nothing timed the request, so `latency` is not a latency (core attemptLatencyMs is null).
   */
  batch?: { batchId: string; customId: string };
}

export type AttemptErrorKind =
  | "rate_limit"
  | "server_error"
  | "timeout"
  | "stream_ended_early"
  | "connection"
  | "auth"
  | "bad_request"
  | "not_found"
  | "content_filter"
  | "budget_exceeded"
  | "cache_miss"
  /** A batch ended (failed, expired, cancelled) without answering the request. */
  | "batch_unanswered"
  | "cancelled"
  | "unknown";

/** An attempt that produced no output after its retries: an error, never a failure. */
export interface AttemptError {
  kind: AttemptErrorKind;
  message: string;
  status: number | null;
  requestId: string | null;
  /** Whether another try could succeed. */
  retryable: boolean;
  /** A timeout of ours: the deadline that elapsed, so latency keeps the attempt, censored at it (docs/verdict.md). */
  timeoutMs?: number;
}

/** USD; null = unknown (the model has no known price), never silently zero. */
export interface Cost {
  usd: number | null;
  inputUsd: number | null;
  outputUsd: number | null;
}
