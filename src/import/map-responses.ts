import type { CaseRequest, NeutralMessage } from "../core/index.js";
import { apiName, argumentsMap, isMap, mapWith, passthroughOf, sampling, skip, textContent, toolChoiceOf, type Mapped } from "./map-common.js";

/**
 * A logged Responses request → the neutral prompt: the inverse of
 * providers/openai/render-responses.ts (docs/translation.md "Import"). A request that
 * continues stored state (`previous_response_id`, `conversation`) cannot be replayed alone
 * and is left out; reasoning items are dropped (a replay reasons afresh).
 */
const HANDLED = new Set([
  "model", "input", "instructions", "tools", "tool_choice", "text", "temperature", "top_p", "max_output_tokens", "reasoning",
  "store", "stream", "stream_options", "metadata", "background",
]);

export function mapResponsesRequest(r: Record<string, unknown>): Mapped {
  return mapWith((notes) => {
    if (r.previous_response_id || r.conversation) skip("the request continues stored state (previous_response_id or conversation), which a replay cannot send alone");
    const messages = responsesInput(r.input, notes);
    if (messages.length === 0) skip("the request has no input");
    const reasoning = isMap(r.reasoning) ? r.reasoning : {};
    const out: CaseRequest = { messages: messages as CaseRequest["messages"], params: sampling(r, r.max_output_tokens, reasoning.effort) };
    if (typeof r.model === "string") out.model = r.model;
    if (typeof r.instructions === "string") out.instructions = r.instructions;
    else if (r.instructions !== undefined && r.instructions !== null) skip("`instructions` is not text");
    if (reasoning.summary !== undefined && reasoning.summary !== null) notes.push("`reasoning.summary` has no neutral form: dropped");
    if (Array.isArray(r.tools) && r.tools.length) out.tools = r.tools.map(responsesTool);
    const handled = new Set(HANDLED);
    const choice = toolChoiceOf(r.tool_choice, (c) => c.name);
    if (choice !== undefined) out.tool_choice = choice;
    else if (r.tool_choice !== undefined) handled.delete("tool_choice");
    const text = isMap(r.text) ? r.text : {};
    const format = isMap(text.format) ? text.format : undefined;
    if (format?.type === "json_schema") {
      out.output = { name: apiName(format.name, "output schema"), schema: isMap(format.schema) ? format.schema : {}, strict: format.strict === true };
      if (text.verbosity !== undefined && text.verbosity !== null) notes.push("`text.verbosity` beside a JSON schema has no neutral form: dropped");
    } else if ((format && format.type !== "text") || (text.verbosity !== undefined && text.verbosity !== null)) handled.delete("text");
    const passthrough = passthroughOf(r, handled, "responses", notes);
    if (passthrough) out.passthrough = passthrough;
    return out;
  });
}

/** `input`: a string (one user turn) or items; an assistant turn's function_call items fold into it, as the renderer split them. */
function responsesInput(input: unknown, notes: string[]): NeutralMessage[] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  if (!Array.isArray(input)) return skip("`input` is neither text nor a list of items");
  const out: NeutralMessage[] = [];
  input.forEach((item, i) => {
    if (!isMap(item)) skip(`input item ${i} is not an object`);
    const type = item.type ?? "message";
    const where = `input item ${i} (${String(type)})`;
    if (type === "message") {
      const role = item.role;
      if (role !== "user" && role !== "system" && role !== "developer" && role !== "assistant") skip(`${where}: role ${JSON.stringify(role)} has no neutral form`);
      out.push({ role, content: textContent(item.content, ["input_text", "output_text", "text"], where) } as NeutralMessage);
    } else if (type === "function_call") {
      const name = apiName(item.name, "tool");
      if (typeof item.call_id !== "string" || item.call_id === "") skip(`${where} has no call_id`);
      const call = { id: item.call_id, name, arguments: argumentsMap(item.arguments, name) };
      const last = out.at(-1);
      if (last?.role === "assistant") last.tool_calls = [...(last.tool_calls ?? []), call];
      else out.push({ role: "assistant", content: null, tool_calls: [call] });
    } else if (type === "function_call_output") {
      if (typeof item.call_id !== "string" || item.call_id === "") skip(`${where} has no call_id`);
      out.push({ role: "tool", tool_call_id: item.call_id, content: textContent(item.output, ["input_text", "output_text", "text"], where) });
    } else if (type === "reasoning") {
      notes.push("reasoning input items have no neutral form: dropped (a replay reasons afresh)");
    } else skip(`${where} has no neutral form`);
  });
  return out;
}

function responsesTool(t: unknown): NonNullable<CaseRequest["tools"]>[number] {
  if (!isMap(t) || t.type !== "function") return skip(`a tool of type \`${isMap(t) ? String(t.type) : typeof t}\` has no neutral form`);
  return {
    name: apiName(t.name, "tool"),
    ...(typeof t.description === "string" ? { description: t.description } : {}),
    ...(isMap(t.parameters) ? { parameters: t.parameters } : {}),
    strict: t.strict === true,
  };
}
