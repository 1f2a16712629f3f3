import type { Generation } from "./engine.js";
import { IdMaker } from "./ids.js";
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

/** A `chat.completion` body [S: CreateChatCompletionResponse]. */
export function renderChatCompletion(gen: Generation, createdSec: number, seed: number): Record<string, unknown> {
  const ids = new IdMaker(seed, gen.seq);
  const id = ids.next("chatcmpl-");
  const c = gen.content;
  const message: Record<string, unknown> = {
    role: "assistant",
    content: c.kind === "text" ? c.text : null,
    refusal: c.kind === "refusal" ? c.text : null,
    annotations: [],
  };
  if (c.kind === "tool_call") {
    message.tool_calls = [{ id: ids.next("call_"), type: "function", function: { name: c.name, arguments: c.arguments } }];
  }
  return {
    id,
    object: "chat.completion",
    created: createdSec,
    model: gen.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: gen.finish }],
    usage: chatUsage(gen),
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  };
}

/** The `chat.completion.chunk` sequence (docs/design/wire.md §3), ending with the usage chunk when asked for. */
export function renderChatChunks(gen: Generation, createdSec: number, seed: number, includeUsage: boolean): SseEvent[] {
  const ids = new IdMaker(seed, gen.seq);
  const id = ids.next("chatcmpl-");
  const base = { id, object: "chat.completion.chunk", created: createdSec, model: gen.model, service_tier: "default", system_fingerprint: FINGERPRINT };
  // Every chunk is `{...base, choices, usage?}`: its JSON is written from one serialized head, byte for byte what stringifying each would give.
  const head = JSON.stringify(base).slice(0, -1);
  const usageNull = includeUsage ? ',"usage":null' : "";
  const chunk = (delta: Record<string, unknown>, finish: string | null, delayMs = 0): SseEvent => ({
    json: `${head},"choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finish)}}]${usageNull}}`,
    delayMs,
  });
  const c = gen.content;
  const events: SseEvent[] = [];
  if (c.kind === "tool_call") {
    const callId = ids.next("call_");
    events.push(chunk({ role: "assistant", content: null, refusal: null, tool_calls: [{ index: 0, id: callId, type: "function", function: { name: c.name, arguments: "" } }] }, null, firstTokenDelay(gen)));
    for (const { delta, delayMs } of timedDeltas(c.arguments, gen, false)) {
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: delta } }] }, null, delayMs));
    }
  } else if (c.kind === "refusal") {
    events.push(chunk({ role: "assistant", content: null, refusal: "" }, null));
    for (const { delta, delayMs } of timedDeltas(c.text, gen)) events.push(chunk({ refusal: delta }, null, delayMs));
  } else {
    events.push(chunk({ role: "assistant", content: "", refusal: null }, null));
    for (const { delta, delayMs } of timedDeltas(c.text, gen)) events.push(chunk({ content: delta }, null, delayMs));
  }
  events.push(chunk({}, gen.finish));
  if (includeUsage) events.push({ json: `${head},"choices":[],"usage":${JSON.stringify(chatUsage(gen))}}`, delayMs: 0 });
  return events;
}
