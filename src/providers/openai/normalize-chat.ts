import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";
import type { FinishReason, Output, OutputToolCall, Usage } from "../../core/index.js";
import { parseOutputJson, streamEndedEarly, toolCall, type NormalizeContext, type NormalizeResult } from "./normalize-common.js";

/** A Chat Completions response (assembled from a stream or not) → the normalized Output. */
export function normalizeChatCompletion(
  completion: ChatCompletion,
  ctx: NormalizeContext,
  rawResponse: unknown = completion,
): NormalizeResult<Output> {
  const choice = completion.choices[0];
  if (!choice) {
    return { ok: false, error: { kind: "unknown", message: "the completion has no choices", status: null, requestId: ctx.requestId, retryable: false } };
  }
  const message = choice.message;
  const text = message.content ?? "";
  const refusal = message.refusal ?? null;
  const toolCalls: OutputToolCall[] = [];
  for (const c of message.tool_calls ?? []) {
    if (c.type === "function") toolCalls.push(toolCall(c.id, c.function.name, c.function.arguments));
  }
  const finish = chatFinish(choice.finish_reason, refusal, toolCalls.length);
  const output: Output = {
    api: "chat",
    model: completion.model,
    text,
    ...(refusal === null ? parseOutputJson(text, ctx.request.output !== undefined) : {}),
    toolCalls,
    refusal,
    finish,
    usage: completion.usage ? chatUsage(completion.usage) : null,
    latency: ctx.latency,
    requestId: ctx.requestId,
    raw: { request: ctx.body, response: rawResponse },
  };
  return { ok: true, output };
}

function chatFinish(reason: string | null, refusal: string | null, toolCalls: number): FinishReason {
  if (refusal !== null) return "refusal";
  switch (reason) {
    case "length":
      return "length";
    case "content_filter":
      return "content_filter";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    default:
      return toolCalls > 0 ? "tool_calls" : "stop";
  }
}

export function chatUsage(u: NonNullable<ChatCompletion["usage"]>): Usage {
  return {
    inputTokens: u.prompt_tokens,
    cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: u.completion_tokens,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: u.total_tokens,
  };
}

interface ToolCallParts {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Folds chat chunks into one ChatCompletion: content and refusal joined, tool-call
 * fragments merged by index, the finish reason and the usage chunk kept. `finish()` refuses
 * a stream that never ended its choice (or never sent `[DONE]`, when the transport says so).
 */
export class ChatStreamAssembler {
  /** Chunks seen (the caller keeps the chunks themselves, for the raw response). */
  private seen = 0;
  /** Milliseconds (on the caller's clock) of the first content, refusal or tool-call delta. */
  firstTokenAt: number | null = null;
  private content = "";
  private refusal: string | null = null;
  private readonly toolCalls = new Map<number, ToolCallParts>();
  private finishReason: ChatCompletion.Choice["finish_reason"] | null = null;
  private usage: ChatCompletion["usage"] | null = null;
  private head: ChatCompletionChunk | null = null;

  push(chunk: ChatCompletionChunk, nowMs: number): void {
    this.seen++;
    this.head ??= chunk;
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) return;
    const d = choice.delta;
    const carries = Boolean(d.content) || Boolean(d.refusal) || (d.tool_calls?.length ?? 0) > 0;
    if (carries && this.firstTokenAt === null) this.firstTokenAt = nowMs;
    if (d.content) this.content += d.content;
    if (d.refusal) this.refusal = (this.refusal ?? "") + d.refusal;
    for (const t of d.tool_calls ?? []) {
      const parts = this.toolCalls.get(t.index) ?? { id: "", name: "", arguments: "" };
      if (t.id) parts.id = t.id;
      if (t.function?.name) parts.name += t.function.name;
      if (t.function?.arguments) parts.arguments += t.function.arguments;
      this.toolCalls.set(t.index, parts);
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  /** The assembled completion, or why the stream cannot count as an answer. */
  finish(sawDone: boolean | undefined, requestId: string | null): NormalizeResult<ChatCompletion> {
    if (!this.head) return { ok: false, error: streamEndedEarly("no chunk arrived", requestId) };
    if (this.finishReason === null) {
      return { ok: false, error: streamEndedEarly(`no finish_reason after ${this.seen} chunks`, requestId) };
    }
    if (sawDone === false) return { ok: false, error: streamEndedEarly("no [DONE] after the finish_reason", requestId) };
    const tool_calls = [...this.toolCalls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, p]) => ({ id: p.id, type: "function" as const, function: { name: p.name, arguments: p.arguments } }));
    const completion: ChatCompletion = {
      id: this.head.id,
      object: "chat.completion",
      created: this.head.created,
      model: this.head.model,
      choices: [
        {
          index: 0,
          finish_reason: this.finishReason,
          logprobs: null,
          message: {
            role: "assistant",
            content: this.content === "" && (this.refusal !== null || tool_calls.length > 0) ? null : this.content,
            refusal: this.refusal,
            ...(tool_calls.length > 0 ? { tool_calls } : {}),
          },
        },
      ],
      ...(this.usage ? { usage: this.usage } : {}),
    };
    return { ok: true, output: completion };
  }
}
