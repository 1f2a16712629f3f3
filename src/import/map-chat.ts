import type { CaseRequest, NeutralMessage, NeutralToolCall } from "../core/index.js";
import { apiName, argumentsMap, isMap, mapWith, passthroughOf, sampling, skip, splitInstructions, textContent, toolChoiceOf, type Mapped } from "./map-common.js";

/**
 * A logged Chat Completions request → the neutral prompt: the inverse of
 * providers/openai/render-chat.ts (docs/translation.md "Import"). Fields with no neutral form
 * are kept verbatim for chat arms; content that cannot be kept (images, audio, custom
 * tools, the deprecated `function` role) leaves the exchange out, with the reason counted.
 */
const HANDLED = new Set([
  "model", "messages", "tools", "tool_choice", "response_format", "temperature", "top_p", "max_completion_tokens", "max_tokens",
  "reasoning_effort", "seed", "stop", "store", "stream", "stream_options", "metadata",
]);

export function mapChatRequest(r: Record<string, unknown>): Mapped {
  return mapWith((notes) => {
    const messages = (r.messages as unknown[]).map((m, i) => chatMessage(m, i, notes));
    if (messages.length === 0) skip("the request has no messages");
    const split = splitInstructions(messages);
    if (split.messages.length === 0) skip("the request holds only a system message");
    const out: CaseRequest = { messages: split.messages as CaseRequest["messages"], params: sampling(r, r.max_completion_tokens ?? r.max_tokens, r.reasoning_effort) };
    if (typeof r.model === "string") out.model = r.model;
    if (split.instructions !== undefined) out.instructions = split.instructions;
    if (typeof r.seed === "number" && Number.isInteger(r.seed)) out.params.seed = r.seed;
    if (typeof r.stop === "string" || (Array.isArray(r.stop) && r.stop.every((s) => typeof s === "string"))) out.params.stop = r.stop as string | string[];
    if (Array.isArray(r.tools) && r.tools.length) out.tools = r.tools.map(chatTool);
    const choice = toolChoiceOf(r.tool_choice, (c) => (isMap(c.function) ? c.function.name : undefined));
    const handled = new Set(HANDLED);
    // An effort the neutral params do not name (`max`) is kept verbatim for chat arms.
    if (typeof r.reasoning_effort === "string" && out.params.reasoning_effort === undefined) handled.delete("reasoning_effort");
    if (choice !== undefined) out.tool_choice = choice;
    else if (r.tool_choice !== undefined) handled.delete("tool_choice");
    const format = r.response_format;
    if (isMap(format) && format.type === "json_schema" && isMap(format.json_schema)) {
      const js = format.json_schema;
      out.output = { name: apiName(js.name, "output schema"), schema: isMap(js.schema) ? js.schema : {}, strict: js.strict === true };
    } else if (isMap(format) && format.type !== "text") handled.delete("response_format");
    const passthrough = passthroughOf(r, handled, "chat", notes);
    if (passthrough) out.passthrough = passthrough;
    return out;
  });
}

function chatMessage(m: unknown, i: number, notes: string[]): NeutralMessage {
  if (!isMap(m)) return skip(`message ${i} is not an object`);
  const where = `message ${i} (${String(m.role)})`;
  if (m.name !== undefined && m.name !== null) notes.push("a message's `name` has no neutral form: dropped");
  switch (m.role) {
    case "system":
    case "developer":
    case "user":
      return { role: m.role, content: textContent(m.content, ["text"], where) };
    case "tool":
      if (typeof m.tool_call_id !== "string" || m.tool_call_id === "") skip(`${where} has no tool_call_id`);
      return { role: "tool", tool_call_id: m.tool_call_id, content: textContent(m.content, ["text"], where) };
    case "assistant": {
      const content = m.content === null || m.content === undefined ? null : textContent(m.content, ["text", "refusal"], where);
      const calls = Array.isArray(m.tool_calls) ? m.tool_calls.map((c) => chatToolCall(c, where)) : [];
      return calls.length ? { role: "assistant", content, tool_calls: calls } : { role: "assistant", content: content ?? "" };
    }
    default:
      return skip(`${where}: the role has no neutral form`);
  }
}

function chatToolCall(c: unknown, where: string): NeutralToolCall {
  if (!isMap(c) || c.type !== "function" || !isMap(c.function)) return skip(`${where} has a tool call that is not a function call`);
  const name = apiName(c.function.name, "tool");
  if (typeof c.id !== "string" || c.id === "") skip(`${where} has a tool call without an id`);
  return { id: c.id, name, arguments: argumentsMap(c.function.arguments, name) };
}

function chatTool(t: unknown): NonNullable<CaseRequest["tools"]>[number] {
  if (!isMap(t) || t.type !== "function" || !isMap(t.function)) return skip(`a tool of type \`${isMap(t) ? String(t.type) : typeof t}\` has no neutral form`);
  const fn = t.function;
  return {
    name: apiName(fn.name, "tool"),
    ...(typeof fn.description === "string" ? { description: fn.description } : {}),
    ...(isMap(fn.parameters) ? { parameters: fn.parameters } : {}),
    strict: fn.strict === true,
  };
}
