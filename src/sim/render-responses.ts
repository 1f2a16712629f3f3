import type { Generation } from "./engine.js";
import { IdMaker } from "./ids.js";
import type { Body } from "./parse-common.js";
import { deltaLogprobs, tokenLogprobs } from "./logprobs.js";
import { callsOf } from "./render-chat.js";
import { encryptedReasoning, reasoningSummary } from "./reasoning-summary.js";
import { firstTokenDelay, timedDeltas, type SseEvent } from "./stream-plan.js";
import { responsesFailure } from "./stream-failures.js";

type Json = Record<string, unknown>;

function responsesUsage(gen: Generation) {
  const { input, cached, output, reasoning } = gen.usage;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached, cache_write_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: input + output,
  };
}

/** The request's settings, echoed on the response object as the real API does. */
function echo(body: Body, gen: Generation): Json {
  const tools = Array.isArray(body.tools)
    ? (body.tools as Json[]).map((t) => ({ type: "function", name: t.name, description: t.description ?? null, parameters: t.parameters ?? null, strict: t.strict ?? false }))
    : [];
  const text = (body.text ?? {}) as Json;
  const reasoning = (body.reasoning ?? {}) as Json;
  return {
    instructions: typeof body.instructions === "string" ? body.instructions : null,
    tools,
    tool_choice: body.tool_choice ?? "auto",
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    temperature: gen.reasoningModel ? 1 : ((body.temperature as number | undefined) ?? 1),
    top_p: (body.top_p as number | undefined) ?? 1,
    max_output_tokens: (body.max_output_tokens as number | undefined) ?? null,
    metadata: body.metadata ?? {},
    previous_response_id: typeof body.previous_response_id === "string" ? body.previous_response_id : null,
    reasoning: gen.reasoningModel ? { effort: reasoning.effort ?? "medium", summary: reasoning.summary ?? null } : null,
    text: { format: text.format ?? { type: "text" }, verbosity: text.verbosity ?? "medium" },
    store: body.store ?? true,
    truncation: "disabled",
    service_tier: "default",
    background: false,
  };
}

/** The output items of a finished generation: a reasoning item for reasoning models, then the answer. */
function outputItems(gen: Generation, ids: IdMaker): Json[] {
  const items: Json[] = [];
  if (gen.reasoningModel && gen.usage.reasoning > 0) items.push(reasoningItem(gen, ids.next("rs_")));
  const c = gen.content;
  const status = gen.finish === "length" ? "incomplete" : "completed";
  if (c.kind === "tool_call") {
    for (const call of callsOf(c)) {
      items.push({ id: ids.next("fc_"), type: "function_call", status, call_id: ids.next("call_"), name: call.name, arguments: call.arguments });
    }
  } else if (c.kind === "refusal") {
    items.push({ id: ids.next("msg_"), type: "message", status, role: "assistant", content: [{ type: "refusal", refusal: c.text }] });
  } else if (c.text.length > 0 || gen.finish !== "length") {
    const logprobs = gen.request.logprobs ? tokenLogprobs(c.text, gen.request.topLogprobs) : [];
    items.push({ id: ids.next("msg_"), type: "message", status, role: "assistant", content: [{ type: "output_text", text: c.text, annotations: [], logprobs }] });
  }
  return items;
}

/** The reasoning item: a summary when `reasoning.summary` asks for one, encrypted content when `include` does (with `store: false`). */
function reasoningItem(gen: Generation, id: string): Json {
  const item: Json = { id, type: "reasoning", summary: reasoningSummary(gen).map((text) => ({ type: "summary_text", text })) };
  if (gen.request.encryptedReasoning) item.encrypted_content = encryptedReasoning(gen, id);
  return item;
}

interface Rendered {
  final: Json;
  inProgress: Json;
  items: Json[];
}

function build(body: Body, gen: Generation, createdSec: number, seed: number): Rendered {
  const ids = new IdMaker(seed, gen.seq);
  const id = ids.next("resp_");
  const items = outputItems(gen, ids);
  const incomplete = gen.finish === "length";
  const common = { id, object: "response", created_at: createdSec, model: gen.model, error: null, ...echo(body, gen) };
  const final = {
    ...common,
    status: incomplete ? "incomplete" : "completed",
    completed_at: incomplete ? null : createdSec,
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    output: items,
    usage: responsesUsage(gen),
  };
  const inProgress = { ...common, status: "in_progress", completed_at: null, incomplete_details: null, output: [] };
  return { final, inProgress, items };
}

/** A `response` body [S: Response]. */
export function renderResponse(body: Body, gen: Generation, createdSec: number, seed: number): Json {
  return build(body, gen, createdSec, seed).final;
}

/** The Responses event sequence (docs/design/wire.md §6), each with its `sequence_number`; a failure's (src/sim/stream-failures.ts) when the fault says. */
export function renderResponseEvents(body: Body, gen: Generation, createdSec: number, seed: number): SseEvent[] {
  const { final, inProgress, items } = build(body, gen, createdSec, seed);
  const events = responseEvents(gen, final, inProgress, items);
  return gen.fault === "stream_error" || gen.fault === "response_failed" ? responsesFailure(gen.fault, events, inProgress) : events;
}

function responseEvents(gen: Generation, final: Json, inProgress: Json, items: Json[]): SseEvent[] {
  const events: SseEvent[] = [];
  const push = (type: string, fields: Json, delayMs = 0) => events.push({ event: type, json: JSON.stringify({ type, sequence_number: events.length, ...fields }), delayMs });
  push("response.created", { response: inProgress });
  push("response.in_progress", { response: inProgress });
  items.forEach((item, outputIndex) => itemEvents(item, outputIndex, gen, push));
  push(gen.finish === "length" ? "response.incomplete" : "response.completed", { response: final });
  return events;
}

type Push = (type: string, fields: Json, delayMs?: number) => void;

/** A reasoning item in a stream: its summary parts, each opened, written and closed, between the item's added and done events. */
function reasoningEvents(item: Json, output_index: number, push: Push): void {
  const item_id = item.id as string;
  const { encrypted_content: _encrypted, ...opening } = item;
  push("response.output_item.added", { output_index, item: { ...opening, summary: [] } });
  (item.summary as Array<{ type: string; text: string }>).forEach((part, summary_index) => {
    push("response.reasoning_summary_part.added", { item_id, output_index, summary_index, part: { type: "summary_text", text: "" } });
    push("response.reasoning_summary_text.delta", { item_id, output_index, summary_index, delta: part.text });
    push("response.reasoning_summary_text.done", { item_id, output_index, summary_index, text: part.text });
    push("response.reasoning_summary_part.done", { item_id, output_index, summary_index, part });
  });
  push("response.output_item.done", { output_index, item });
}

function itemEvents(item: Json, output_index: number, gen: Generation, push: Push): void {
  const item_id = item.id as string;
  if (item.type === "reasoning") return reasoningEvents(item, output_index, push);
  if (item.type === "function_call") {
    push("response.output_item.added", { output_index, item: { ...item, arguments: "", status: "in_progress" } }, firstTokenDelay(gen));
    for (const { delta, delayMs } of timedDeltas(item.arguments as string, gen, false)) {
      push("response.function_call_arguments.delta", { item_id, output_index, delta }, delayMs);
    }
    push("response.function_call_arguments.done", { item_id, output_index, name: item.name, arguments: item.arguments });
    push("response.output_item.done", { output_index, item });
    return;
  }
  push("response.output_item.added", { output_index, item: { ...item, status: "in_progress", content: [] } });
  const part = (item.content as Json[])[0]!;
  const content_index = 0;
  if (part.type === "refusal") {
    push("response.content_part.added", { item_id, output_index, content_index, part: { type: "refusal", refusal: "" } });
    for (const { delta, delayMs } of timedDeltas(part.refusal as string, gen)) {
      push("response.refusal.delta", { item_id, output_index, content_index, delta }, delayMs);
    }
    push("response.refusal.done", { item_id, output_index, content_index, refusal: part.refusal });
  } else {
    push("response.content_part.added", { item_id, output_index, content_index, part: { type: "output_text", text: "", annotations: [], logprobs: [] } });
    const lp = (text: string) => (gen.request.logprobs ? deltaLogprobs(text, gen.request.topLogprobs) : []);
    for (const { delta, delayMs } of timedDeltas(part.text as string, gen)) {
      push("response.output_text.delta", { item_id, output_index, content_index, delta, logprobs: lp(delta) }, delayMs);
    }
    push("response.output_text.done", { item_id, output_index, content_index, text: part.text, logprobs: lp(part.text as string) });
  }
  push("response.content_part.done", { item_id, output_index, content_index, part });
  push("response.output_item.done", { output_index, item });
}
