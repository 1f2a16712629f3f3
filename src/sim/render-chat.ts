import type { Choice, Generation } from "./engine.js";
import type { ReplyContent } from "./compose.js";
import { IdMaker } from "./ids.js";
import { tokenLogprobs } from "./logprobs.js";
import { chatFailure } from "./stream-failures.js";
import { firstTokenDelay, timedDeltas, type SseEvent } from "./stream-plan.js";

const FINGERPRINT = "fp_evalgate_sim";

function chatUsage(gen: Generation) {
  const { input, cached, output, reasoning } = gen.usage;
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** The calls of a tool-call reply, first and parallel alike. */
export function callsOf(c: Extract<ReplyContent, { kind: "tool_call" }>): Array<{ name: string; arguments: string }> {
  return [{ name: c.name, arguments: c.arguments }, ...(c.more ?? [])];
}

/** A choice's `logprobs` [S: ChatCompletionResponse choices.logprobs]: null unless asked for. */
function choiceLogprobs(gen: Generation, text: string, refusal: boolean): Record<string, unknown> | null {
  if (!gen.request.logprobs) return null;
  const entries = tokenLogprobs(text, gen.request.topLogprobs);
  return refusal ? { content: null, refusal: entries } : { content: entries, refusal: null };
}

function message(c: ReplyContent, ids: IdMaker): Record<string, unknown> {
  const m: Record<string, unknown> = {
    role: "assistant",
    content: c.kind === "text" ? c.text : null,
    refusal: c.kind === "refusal" ? c.text : null,
    annotations: [],
  };
  if (c.kind === "tool_call") {
    m.tool_calls = callsOf(c).map((call) => ({ id: ids.next("call_"), type: "function", function: { name: call.name, arguments: call.arguments } }));
  }
  return m;
}

/** A `chat.completion` body [S: CreateChatCompletionResponse]: one choice per `n`. */
export function renderChatCompletion(gen: Generation, createdSec: number, seed: number): Record<string, unknown> {
  const ids = new IdMaker(seed, gen.seq);
  const id = ids.next("chatcmpl-");
  const choices = gen.choices.map((choice, index) => ({
    index,
    message: message(choice.content, ids),
    logprobs: choice.content.kind === "tool_call" ? null : choiceLogprobs(gen, choice.content.text, choice.content.kind === "refusal"),
    finish_reason: choice.finish,
  }));
  return {
    id,
    object: "chat.completion",
    created: createdSec,
    model: gen.model,
    choices,
    usage: chatUsage(gen),
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  };
}

type Chunk = (index: number, delta: Record<string, unknown>, finish: string | null, delayMs?: number, logprobs?: unknown) => SseEvent;

/** The `chat.completion.chunk` sequence (docs/design/wire.md §3): each choice in turn, then the usage chunk when asked for. */
export function renderChatChunks(gen: Generation, createdSec: number, seed: number, includeUsage: boolean): SseEvent[] {
  const ids = new IdMaker(seed, gen.seq);
  const id = ids.next("chatcmpl-");
  const base = { id, object: "chat.completion.chunk", created: createdSec, model: gen.model, service_tier: "default", system_fingerprint: FINGERPRINT };
  // Every chunk is `{...base, choices, usage?}`: its JSON is written from one serialized head, byte for byte what stringifying each would give.
  const head = JSON.stringify(base).slice(0, -1);
  const usageNull = includeUsage ? ',"usage":null' : "";
  const chunk: Chunk = (index, delta, finish, delayMs = 0, logprobs = null) => ({
    json: `${head},"choices":[{"index":${index},"delta":${JSON.stringify(delta)},"logprobs":${JSON.stringify(logprobs)},"finish_reason":${JSON.stringify(finish)}}]${usageNull}}`,
    delayMs,
  });
  const events: SseEvent[] = [];
  gen.choices.forEach((choice, index) => choiceChunks(gen, choice, index, ids, chunk, events));
  if (includeUsage) events.push({ json: `${head},"choices":[],"usage":${JSON.stringify(chatUsage(gen))}}`, delayMs: 0 });
  return gen.fault === "stream_error" || gen.fault === "response_failed" ? chatFailure(events) : events;
}

function choiceChunks(gen: Generation, choice: Choice, index: number, ids: IdMaker, chunk: Chunk, events: SseEvent[]): void {
  const c = choice.content;
  const lp = (text: string, refusal: boolean) => choiceLogprobs(gen, text, refusal);
  if (c.kind === "tool_call") {
    callsOf(c).forEach((call, k) => {
      const opening = { index: k, id: ids.next("call_"), type: "function", function: { name: call.name, arguments: "" } };
      const delta = k === 0 ? { role: "assistant", content: null, refusal: null, tool_calls: [opening] } : { tool_calls: [opening] };
      events.push(chunk(index, delta, null, k === 0 ? firstTokenDelay(gen) : 0));
      for (const { delta: args, delayMs } of timedDeltas(call.arguments, gen, false)) {
        events.push(chunk(index, { tool_calls: [{ index: k, function: { arguments: args } }] }, null, delayMs));
      }
    });
  } else if (c.kind === "refusal") {
    events.push(chunk(index, { role: "assistant", content: null, refusal: "" }, null));
    for (const { delta, delayMs } of timedDeltas(c.text, gen)) events.push(chunk(index, { refusal: delta }, null, delayMs, lp(delta, true)));
  } else {
    events.push(chunk(index, { role: "assistant", content: "", refusal: null }, null));
    for (const { delta, delayMs } of timedDeltas(c.text, gen)) events.push(chunk(index, { content: delta }, null, delayMs, lp(delta, false)));
  }
  events.push(chunk(index, {}, choice.finish));
}
