import type { Api, GenerateRequest, ModelParams, NeutralContent, NeutralContentPart, NeutralMessage, NeutralTool, NeutralToolCall, OutputSchema, ToolChoice } from "../core/index.js";

/**
 * A logged Chat Completions or Responses request mapped back to evalgate's neutral prompt
 * (docs/shadow.md "What is mirrored"): what a candidate on either API is rendered from, and
 * the request the recorded production reply is normalized against. The import branch
 * (issue 18, src/import/) owns the full mapping; this folder reaches it only through
 * `RequestMapper`, so the swap at merge is one line in shadow-run.ts.
 */
export type MappedRequest = { ok: true; request: GenerateRequest } | { ok: false; reason: string };

export interface RequestMapper {
  toNeutral(api: Api, body: unknown): MappedRequest;
}

/** Fields that change what the model is asked and have no neutral form: a request carrying one is not mirrored. */
const UNMAPPABLE: Record<Api, readonly string[]> = {
  chat: ["n", "logprobs", "top_logprobs", "audio", "modalities", "prediction", "logit_bias", "frequency_penalty", "presence_penalty", "functions", "function_call", "web_search_options"],
  responses: ["conversation", "prompt", "include", "top_logprobs", "background", "max_tool_calls"],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Unmappable extends Error {}
const refuse = (why: string): never => {
  throw new Unmappable(why);
};

/** The minimal mapper of this folder: the fields evalgate's neutral prompt has, both APIs. */
export const builtinRequestMapper: RequestMapper = {
  toNeutral(api, body) {
    try {
      if (!isObj(body)) refuse("the request body is not a JSON object");
      const b = body as Obj;
      for (const key of UNMAPPABLE[api]) if (b[key] !== undefined && b[key] !== null && !(key === "n" && b[key] === 1) && !(key === "logprobs" && b[key] === false)) refuse(`${key} has no neutral form`);
      if (typeof b.model !== "string" || b.model === "") refuse("the request names no model");
      return { ok: true, request: api === "chat" ? fromChat(b) : fromResponses(b) };
    } catch (e) {
      if (e instanceof Unmappable) return { ok: false, reason: e.message };
      throw e;
    }
  },
};

function fromChat(b: Obj): GenerateRequest {
  if (!Array.isArray(b.messages) || b.messages.length === 0) refuse("messages is missing");
  const messages = (b.messages as unknown[]).map(chatMessage);
  let instructions: string | undefined;
  const first = messages[0];
  if (first?.role === "system" && typeof first.content === "string") {
    instructions = first.content;
    messages.shift();
  }
  const format = isObj(b.response_format) ? b.response_format : undefined;
  const output = format && format.type !== "text" ? schemaOf(format.type === "json_schema" ? format.json_schema : undefined) : undefined;
  return {
    api: "chat",
    model: b.model as string,
    ...(instructions === undefined ? {} : { instructions }),
    messages,
    ...(output ? { output } : {}),
    ...tools(b.tools, (t) => (isObj(t) && t.type === "function" && isObj(t.function) ? t.function : refuse(`a tool of type ${String(isObj(t) ? t.type : t)} has no neutral form`))),
    ...toolChoice(b.tool_choice, (c) => (isObj(c.function) ? c.function.name : undefined)),
    params: params(b, b.max_completion_tokens ?? b.max_tokens, b.reasoning_effort),
    attempt: "",
    stream: b.stream === true,
  };
}

function fromResponses(b: Obj): GenerateRequest {
  if (b.previous_response_id !== undefined && b.previous_response_id !== null) refuse("previous_response_id continues a response the candidate does not hold");
  const messages = typeof b.input === "string" ? [{ role: "user" as const, content: b.input }] : Array.isArray(b.input) ? responsesItems(b.input) : refuse("input is missing");
  const format = isObj(b.text) && isObj(b.text.format) ? b.text.format : undefined;
  const output = format && format.type !== "text" ? schemaOf(format.type === "json_schema" ? format : undefined) : undefined;
  const reasoning = isObj(b.reasoning) ? b.reasoning.effort : undefined;
  return {
    api: "responses",
    model: b.model as string,
    ...(typeof b.instructions === "string" ? { instructions: b.instructions } : {}),
    messages,
    ...(output ? { output } : {}),
    ...tools(b.tools, (t) => (isObj(t) && t.type === "function" ? t : refuse(`a tool of type ${String(isObj(t) ? t.type : t)} has no neutral form`))),
    ...toolChoice(b.tool_choice, (c) => c.name),
    params: params(b, b.max_output_tokens, reasoning),
    attempt: "",
    stream: b.stream === true,
  };
}

function chatMessage(m: unknown): NeutralMessage {
  if (!isObj(m)) return refuse("a message is not an object");
  switch (m.role) {
    case "system":
    case "developer":
    case "user":
      return { role: m.role, content: content(m.content) };
    case "tool":
      return { role: "tool", tool_call_id: String(m.tool_call_id ?? ""), content: typeof m.content === "string" ? m.content : textOnly(m.content) };
    case "assistant": {
      const calls = Array.isArray(m.tool_calls) ? m.tool_calls.map((c) => (isObj(c) && isObj(c.function) ? call(c.id, c.function.name, c.function.arguments) : refuse("an assistant tool call has no function"))) : [];
      const text = m.content === null || m.content === undefined ? null : typeof m.content === "string" ? m.content : textOnly(m.content);
      return calls.length ? { role: "assistant", content: text, tool_calls: calls } : { role: "assistant", content: text };
    }
    default:
      return refuse(`a message with role ${String(m.role)} has no neutral form`);
  }
}

/** Responses input items → messages: an assistant's function calls join its message; outputs become tool turns. */
function responsesItems(items: unknown[]): NeutralMessage[] {
  const out: NeutralMessage[] = [];
  for (const item of items) {
    if (!isObj(item)) refuse("an input item is not an object");
    const i = item as Obj;
    const type = i.type ?? "message";
    if (type === "message") {
      if (i.role === "assistant") out.push({ role: "assistant", content: typeof i.content === "string" ? i.content : textOnly(i.content) });
      else if (i.role === "user" || i.role === "system" || i.role === "developer") out.push({ role: i.role, content: content(i.content) });
      else refuse(`an input message with role ${String(i.role)} has no neutral form`);
    } else if (type === "function_call") {
      const last = out.at(-1);
      const c = call(i.call_id, i.name, i.arguments);
      if (last?.role === "assistant") last.tool_calls = [...(last.tool_calls ?? []), c];
      else out.push({ role: "assistant", content: null, tool_calls: [c] });
    } else if (type === "function_call_output") {
      out.push({ role: "tool", tool_call_id: String(i.call_id ?? ""), content: typeof i.output === "string" ? i.output : textOnly(i.output) });
    } else refuse(`an input item of type ${String(type)} has no neutral form`);
  }
  return out;
}

function content(c: unknown): NeutralContent {
  if (typeof c === "string") return c;
  if (!Array.isArray(c)) return refuse("a message's content is neither text nor parts");
  return c.map((p): NeutralContentPart => {
    if (!isObj(p)) return refuse("a content part is not an object");
    if ((p.type === "text" || p.type === "input_text") && typeof p.text === "string") return { type: "text", text: p.text };
    const url = p.type === "image_url" && isObj(p.image_url) ? p.image_url.url : p.type === "input_image" ? p.image_url : undefined;
    const detail = p.type === "image_url" && isObj(p.image_url) ? p.image_url.detail : p.detail;
    if (typeof url === "string") return { type: "image", url, detail: detail === "low" || detail === "high" ? detail : "auto" };
    return refuse(`a content part of type ${String(p.type)} has no neutral form`);
  });
}

function textOnly(c: unknown): string {
  const parts = content(c);
  if (typeof parts === "string") return parts;
  if (parts.some((p) => p.type !== "text")) refuse("an assistant or tool turn holds an image");
  return parts.map((p) => (p.type === "text" ? p.text : "")).join("");
}

function call(id: unknown, name: unknown, args: unknown): NeutralToolCall {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof args === "string" && args !== "" ? args : "{}");
  } catch {
    refuse("a tool call's arguments are not JSON");
  }
  if (!isObj(parsed)) refuse("a tool call's arguments are not a JSON object");
  return { id: String(id ?? ""), name: String(name ?? ""), arguments: parsed as Obj };
}

function schemaOf(f: unknown): OutputSchema {
  if (!isObj(f) || typeof f.name !== "string" || !isObj(f.schema)) return refuse("only a json_schema response format has a neutral form");
  return { name: f.name, schema: f.schema, strict: f.strict === true };
}

function tools(list: unknown, fnOf: (t: unknown) => Obj): { tools?: NeutralTool[] } {
  if (!Array.isArray(list) || list.length === 0) return {};
  return {
    tools: list.map((t) => {
      const fn = fnOf(t);
      if (typeof fn.name !== "string") refuse("a function tool has no name");
      return {
        name: fn.name as string,
        ...(typeof fn.description === "string" ? { description: fn.description } : {}),
        ...(isObj(fn.parameters) ? { parameters: fn.parameters } : {}),
        strict: fn.strict === true,
      };
    }),
  };
}

function toolChoice(c: unknown, nameOf: (c: Obj) => unknown): { toolChoice?: ToolChoice } {
  if (c === undefined || c === null) return {};
  if (c === "auto" || c === "none" || c === "required") return { toolChoice: c };
  const name = isObj(c) && c.type === "function" ? nameOf(c) : undefined;
  return typeof name === "string" ? { toolChoice: { name } } : refuse("this tool_choice has no neutral form");
}

const EFFORTS = new Set(["none", "minimal", "low", "medium", "high", "xhigh"]);

function params(b: Obj, maxTokens: unknown, effort: unknown): ModelParams {
  const p: ModelParams = {};
  if (typeof b.temperature === "number") p.temperature = b.temperature;
  if (typeof b.top_p === "number") p.top_p = b.top_p;
  if (typeof maxTokens === "number") p.max_output_tokens = maxTokens;
  if (typeof effort === "string") p.reasoning_effort = EFFORTS.has(effort) ? (effort as ModelParams["reasoning_effort"]) : refuse(`reasoning effort ${effort} has no neutral form`);
  if (typeof b.seed === "number") p.seed = b.seed;
  if (typeof b.stop === "string" || Array.isArray(b.stop)) p.stop = b.stop as string | string[];
  if (typeof b.store === "boolean") p.store = b.store;
  return p;
}
