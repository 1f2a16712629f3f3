/**
 * A tool loop played at the wire level against the simulator, as a hand-written client
 * would: every reply kept for validation, the calls and the final text read from each
 * API's own shape (streamed or not), the conversation kept in full or continued with
 * `previous_response_id`.
 */
import type { AnswerIndex } from "../../src/core/index.js";
import { parseSse, postJson, type RawResponse } from "./sim-client.js";

export type LoopApi = "chat" | "responses" | "responses-previous";

export const ORDER_TOOLS: Array<{ name: string; description: string; parameters: Record<string, unknown> }> = [
  { name: "lookup_order", description: "Find an order by id", parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"], additionalProperties: false } },
  { name: "get_shipping_status", description: "Status of a shipment", parameters: { type: "object", properties: { tracking_id: { type: "string" } }, required: ["tracking_id"], additionalProperties: false } },
];

export const loopKey = (i: number) => `Where is my order ORD-${7000 + i}? It has not arrived yet.`;

/** `n` order-lookup cases: two calls, then the answer. */
export function loopIndex(n: number): AnswerIndex {
  return {
    entries: Array.from({ length: n }, (_, i) => ({
      caseId: `loop-${i}`,
      keys: [loopKey(i)],
      answer: {
        calls: [
          { tool: "lookup_order", arguments: { order_id: `ORD-${7000 + i}` } },
          { tool: "get_shipping_status", arguments: { tracking_id: `TRK-${900 + i}` } },
        ],
        then: `Order ORD-${7000 + i} is in transit with tracking TRK-${900 + i}.`,
      },
    })),
  };
}

interface Call {
  id: string;
  name: string;
  arguments: string;
}

/** What one reply holds: its calls, its text, its response id (Responses). */
export function readReply(api: "chat" | "responses", stream: boolean, res: RawResponse): { calls: Call[]; text: string; id: string | null } {
  if (!stream) {
    const body = JSON.parse(res.text);
    if (api === "chat") {
      const m = body.choices[0].message;
      return { calls: (m.tool_calls ?? []).map((c: { id: string; function: { name: string; arguments: string } }) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })), text: m.content ?? m.refusal ?? "", id: null };
    }
    return fromResponse(body);
  }
  const messages = parseSse(res.text);
  if (api === "responses") {
    const terminal = messages.map((m) => JSON.parse(m.data)).find((e) => e.type === "response.completed" || e.type === "response.incomplete");
    return fromResponse(terminal.response);
  }
  const calls: Call[] = [];
  let text = "";
  for (const m of messages) {
    if (m.data === "[DONE]") continue;
    const delta = JSON.parse(m.data).choices[0]?.delta ?? {};
    text += delta.content ?? delta.refusal ?? "";
    for (const c of delta.tool_calls ?? []) {
      const at = (calls[c.index] ??= { id: "", name: "", arguments: "" });
      at.id ||= c.id ?? "";
      at.name ||= c.function?.name ?? "";
      at.arguments += c.function?.arguments ?? "";
    }
  }
  return { calls, text, id: null };
}

function fromResponse(r: { id: string; output: Array<Record<string, unknown>> }): { calls: Call[]; text: string; id: string } {
  const calls: Call[] = [];
  let text = "";
  for (const item of r.output) {
    if (item.type === "function_call") calls.push({ id: item.call_id as string, name: item.name as string, arguments: item.arguments as string });
    if (item.type === "message") for (const part of item.content as Array<{ text?: string; refusal?: string }>) text += part.text ?? part.refusal ?? "";
  }
  return { calls, text, id: r.id };
}

export interface LoopRun {
  replies: RawResponse[];
  calls: string[];
  text: string;
  responseIds: string[];
}

/** Plays the loop (at most `maxSteps` requests); each tool result is `{"ok":true,"tool":NAME}`. */
export async function driveLoop(url: string, o: { api: LoopApi; stream: boolean; model: string; user: string; attempt: string; maxSteps?: number }): Promise<LoopRun> {
  const wire = o.api === "chat" ? "chat" : "responses";
  const history: unknown[] = wire === "chat" ? [{ role: "system", content: "You track orders." }, { role: "user", content: o.user }] : [{ role: "user", content: o.user }];
  const run: LoopRun = { replies: [], calls: [], text: "", responseIds: [] };
  let fresh: unknown[] = history;
  let previous: string | null = null;
  for (let step = 0; step < (o.maxSteps ?? 5); step++) {
    const res = await postJson(url, wire === "chat" ? "/chat/completions" : "/responses", body(o, wire, previous === null ? history : fresh, previous), { "x-evalgate-attempt": o.attempt });
    run.replies.push(res);
    if (res.status !== 200) return run;
    const reply = readReply(wire, o.stream, res);
    if (reply.id) run.responseIds.push(reply.id);
    if (reply.calls.length === 0) {
      run.text = reply.text;
      return run;
    }
    run.calls.push(...reply.calls.map((c) => c.name));
    const results = reply.calls.map((c) => ({ id: c.id, output: JSON.stringify({ ok: true, tool: c.name }) }));
    if (wire === "chat") {
      history.push({ role: "assistant", content: null, tool_calls: reply.calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) });
      history.push(...results.map((r) => ({ role: "tool", tool_call_id: r.id, content: r.output })));
    } else {
      const outputs = results.map((r) => ({ type: "function_call_output", call_id: r.id, output: r.output }));
      history.push(...reply.calls.map((c) => ({ type: "function_call", call_id: c.id, name: c.name, arguments: c.arguments })), ...outputs);
      fresh = outputs;
      if (o.api === "responses-previous") previous = reply.id;
    }
  }
  return run;
}

function body(o: { api: LoopApi; stream: boolean; model: string }, wire: "chat" | "responses", messages: unknown[], previous: string | null): Record<string, unknown> {
  if (wire === "chat") {
    const b: Record<string, unknown> = { model: o.model, messages, tools: ORDER_TOOLS.map((t) => ({ type: "function", function: { ...t, strict: true } })), store: false };
    return o.stream ? { ...b, stream: true, stream_options: { include_usage: true } } : b;
  }
  const b: Record<string, unknown> = { model: o.model, instructions: "You track orders.", input: messages, tools: ORDER_TOOLS.map((t) => ({ type: "function", ...t, strict: true })), store: o.api === "responses-previous" };
  if (previous !== null) b.previous_response_id = previous;
  return o.stream ? { ...b, stream: true } : b;
}
