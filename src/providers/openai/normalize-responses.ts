import type { Response, ResponseOutputItem, ResponseStreamEvent } from "openai/resources/responses/responses";
import type { AttemptError, FinishReason, Output, OutputToolCall, Usage } from "../../core/index.js";
import { parseOutputJson, streamEndedEarly, toolCall, type NormalizeContext, type NormalizeResult } from "./normalize-common.js";

/** A Responses object (non-streamed, or from the stream's terminal event) → the normalized Output. */
export function normalizeResponse(
  response: Response,
  ctx: NormalizeContext,
  rawResponse: unknown = response,
): NormalizeResult<Output> {
  if (response.status === "failed") return { ok: false, error: responseFailure(response.error, ctx.requestId) };
  let text = "";
  let refusal: string | null = null;
  const toolCalls: OutputToolCall[] = [];
  for (const item of response.output) {
    if (item.type === "message") {
      for (const part of item.content) {
        if (part.type === "output_text") text += part.text;
        else if (part.type === "refusal") refusal = (refusal ?? "") + part.refusal;
      }
    } else if (item.type === "function_call") {
      toolCalls.push(toolCall(item.call_id, item.name, item.arguments));
    }
  }
  const output: Output = {
    api: "responses",
    model: response.model,
    text,
    ...(refusal === null ? parseOutputJson(text, ctx.request.output !== undefined) : {}),
    toolCalls,
    refusal,
    finish: responseFinish(response, refusal, toolCalls.length),
    usage: response.usage ? responseUsage(response.usage) : null,
    latency: ctx.latency,
    requestId: ctx.requestId,
    ...(response.id ? { responseId: response.id } : {}),
    raw: { request: ctx.body, response: rawResponse },
  };
  return { ok: true, output };
}

function responseFinish(r: Response, refusal: string | null, toolCalls: number): FinishReason {
  if (refusal !== null) return "refusal";
  if (r.status === "incomplete") {
    return r.incomplete_details?.reason === "content_filter" ? "content_filter" : "length";
  }
  if (r.status === "completed" || r.status === undefined) return toolCalls > 0 ? "tool_calls" : "stop";
  return "error";
}

export function responseUsage(u: NonNullable<Response["usage"]>): Usage {
  return {
    inputTokens: u.input_tokens,
    cachedInputTokens: u.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: u.output_tokens,
    reasoningTokens: u.output_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: u.total_tokens,
  };
}

/** `response.failed` or an `error` event: the model failed, an attempt error by its code. */
export function responseFailure(
  error: { code?: string | null; message: string } | null | undefined,
  requestId: string | null,
): AttemptError {
  const code = error?.code ?? null;
  const message = `the response failed${code ? ` (${code})` : ""}: ${error?.message ?? "no error given"}`;
  if (code === "rate_limit_exceeded") return { kind: "rate_limit", message, status: null, requestId, retryable: true };
  if (code === null || code === "server_error" || code === "vector_store_timeout") {
    return { kind: "server_error", message, status: null, requestId, retryable: true };
  }
  return { kind: "bad_request", message, status: null, requestId, retryable: false };
}

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);
const FIRST_TOKEN = new Set(["response.output_text.delta", "response.refusal.delta", "response.function_call_arguments.delta"]);

/**
 * Follows a Responses stream's events to its terminal response. `finish()` refuses a stream
 * without `response.completed` / `.incomplete` / `.failed` (the SDK ends those quietly).
 */
export class ResponsesStreamAssembler {
  /** Events seen (the caller keeps the events themselves, for the raw response). */
  private seen = 0;
  firstTokenAt: number | null = null;
  private terminal: Response | null = null;
  private errorEvent: { code: string | null; message: string } | null = null;
  private readonly doneItems: ResponseOutputItem[] = [];

  push(event: ResponseStreamEvent, nowMs: number): void {
    this.seen++;
    const addsCall = event.type === "response.output_item.added" && event.item.type === "function_call";
    if (this.firstTokenAt === null && (FIRST_TOKEN.has(event.type) || addsCall)) this.firstTokenAt = nowMs;
    if (event.type === "response.output_item.done") this.doneItems.push(event.item);
    if (TERMINAL.has(event.type) && "response" in event) this.terminal = event.response;
    if (event.type === "error") this.errorEvent = { code: event.code, message: event.message };
  }

  finish(requestId: string | null): NormalizeResult<Response> {
    if (this.errorEvent) return { ok: false, error: responseFailure(this.errorEvent, requestId) };
    if (!this.terminal) {
      return { ok: false, error: streamEndedEarly(`no response.completed, .incomplete or .failed after ${this.seen} events`, requestId) };
    }
    // Some compatible servers send the items only as they finish, not again at the end.
    if (this.terminal.output.length === 0 && this.doneItems.length > 0) {
      return { ok: true, output: { ...this.terminal, output: this.doneItems } };
    }
    return { ok: true, output: this.terminal };
  }
}
