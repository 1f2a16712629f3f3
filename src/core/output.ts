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
  /** Responses: the reply's `id` (a tool loop's next step may continue from it with `previous_response_id`). */
  responseId?: string;
  /**
   * A tool loop's steps and how it ended (src/runner/tool-loop.ts). The fields above are then
   * the final step's, except usage and latency: summed over the steps (TTFT is the first step's).
   */
  trajectory?: Trajectory;
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

// Tool loops (docs/design/architecture.md §13; the loop itself: src/runner/tool-loop.ts).

/** How a target keeps the conversation between a loop's steps. */
export type LoopState = "history" | "previous_response_id";

/** How a loop ended: with the model's answer, or (a graded failure) without one. */
export type LoopEnd = "answer" | "max_steps" | "unknown_tool";

/** What evalgate sent back for one tool call. */
export interface ToolResult {
  callId: string;
  name: string;
  /** The text sent to the model as the tool's output. */
  output: string;
  /** Set when the implementation failed (threw, timed out, got bad arguments): `output` then says so to the model. */
  error?: string;
}

/** One model call of a loop: its reply and what evalgate ran for the calls it proposed. */
export interface LoopStep {
  /** 1-based. */
  index: number;
  text: string;
  toolCalls: OutputToolCall[];
  results: ToolResult[];
  finish: FinishReason;
  usage: Usage | null;
  latency: Latency;
  requestId: string | null;
  /** The Responses `id` of the reply (what the next step's `previous_response_id` names). */
  responseId?: string;
  /** The wire request and response of this step, redacted like an attempt's. */
  raw: { request: unknown; response: unknown };
}

/** A loop attempt's trajectory, on its Output: every step, and how the loop ended. */
export interface Trajectory {
  end: LoopEnd;
  /** Why it ended, stated for a reader ("the model answered after 3 steps", "max_steps 4 reached …"). */
  reason: string;
  /** The prompt's `max_steps`. */
  maxSteps: number;
  state: LoopState;
  steps: LoopStep[];
}
