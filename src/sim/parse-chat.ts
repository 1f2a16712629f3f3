import { invalidRequest } from "./wire-errors.js";
import { checkBody } from "./param-rules.js";
import { CHAT_PARAMS, CHAT_RULES, chatUnknownParam } from "./params-table.js";
import { checkChatContent } from "./content-parts.js";
import { checkChatToolPairing } from "./tool-pairing.js";
import {
  asBody, checkJsonModeMentionsJson, checkToolChoice, contentText, optionalObject,
  readModeChoice, readSchemaFormat, readTools, requireModel, type Body,
} from "./parse-common.js";
import type { SimFormat, SimRequest, SimTool, SimToolChoice, SimTurn } from "./sim-request.js";

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

/**
 * Reads a `POST /v1/chat/completions` body (docs/design/wire.md §1) into a SimRequest,
 * rejecting what the API rejects: the parameter table first (src/sim/params-table.ts), then
 * the messages, their content parts and tool pairing, the tools and the format. What a
 * model's family refuses is checked apart (src/sim/family-rules.ts).
 */
export function parseChatRequest(raw: unknown): SimRequest {
  const body = asBody(raw);
  checkBody(body, CHAT_RULES, CHAT_PARAMS, chatUnknownParam);
  const model = requireModel(body);
  const turns = readMessages(body.messages);
  const tools = readChatTools(body.tools);
  const toolChoice = readChatToolChoice(body.tool_choice, tools);
  const format = readResponseFormat(body.response_format);
  checkJsonModeMentionsJson(format, turns.map((t) => t.text), "response_format");
  const stream = body.stream === true;
  const streamOptions = optionalObject(body.stream_options, "stream_options");
  if (streamOptions && !stream) {
    throw invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "invalid_value");
  }
  const logprobs = body.logprobs === true;
  if (typeof body.top_logprobs === "number" && !logprobs) {
    throw invalidRequest("Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.", "top_logprobs", "invalid_value");
  }
  const cap = (body.max_completion_tokens ?? body.max_tokens ?? null) as number | null;
  return {
    api: "chat",
    model,
    turns,
    tools,
    toolChoice,
    format,
    maxOutputTokens: cap,
    reasoningEffort: typeof body.reasoning_effort === "string" ? body.reasoning_effort : null,
    stream,
    includeUsage: streamOptions?.include_usage === true,
    n: typeof body.n === "number" ? body.n : 1,
    stop: typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? (body.stop as string[]) : [],
    logprobs,
    topLogprobs: typeof body.top_logprobs === "number" ? body.top_logprobs : 0,
    parallelToolCalls: body.parallel_tool_calls !== false,
    seed: typeof body.seed === "number" ? body.seed : null,
    reasoningSummary: null,
    encryptedReasoning: false,
  };
}

function readMessages(value: unknown): SimTurn[] {
  if (value === undefined || value === null) throw invalidRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
  if (!Array.isArray(value)) {
    throw invalidRequest(`Invalid type for 'messages': expected an array of objects, but got ${typeof value} instead.`, "messages", "invalid_type");
  }
  if (value.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  const turns = value.map((m, i) => readMessage(m, i));
  checkChatToolPairing(value as Body[]);
  return turns;
}

function readMessage(value: unknown, i: number): SimTurn {
  const m = optionalObject(value, `messages[${i}]`);
  const role = m?.role;
  if (!m || typeof role !== "string" || !ROLES.has(role)) {
    throw invalidRequest(
      `Invalid value for 'messages[${i}].role': expected one of 'system', 'developer', 'user', 'assistant', 'tool' or 'function'.`,
      `messages[${i}].role`,
      "invalid_value",
    );
  }
  checkChatContent(role, m.content, `messages[${i}].content`);
  if (role === "tool") {
    if (typeof m.tool_call_id !== "string") {
      throw invalidRequest(`Missing required parameter: 'messages[${i}].tool_call_id'.`, `messages[${i}].tool_call_id`, "missing_required_parameter");
    }
    return { role: "tool", text: contentText(m.content) };
  }
  if (role === "assistant") return { role: "assistant", text: assistantText(m, i) };
  if (role === "function") return { role: "tool", text: contentText(m.content) };
  if (m.content === undefined || m.content === null) {
    throw invalidRequest(`Missing required parameter: 'messages[${i}].content'.`, `messages[${i}].content`, "missing_required_parameter");
  }
  return { role: role as SimTurn["role"], text: contentText(m.content) };
}

function assistantText(m: Body, i: number): string {
  const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
  if (calls.length === 0 && (m.content === undefined || m.content === null)) {
    throw invalidRequest(`Missing required parameter: 'messages[${i}].content'.`, `messages[${i}].content`, "missing_required_parameter");
  }
  const callTexts = calls.map((c, k) => {
    const fn = optionalObject((c as Body)?.function, `messages[${i}].tool_calls[${k}].function`);
    if (typeof (c as Body)?.id !== "string" || typeof fn?.name !== "string") {
      throw invalidRequest(`Missing required parameter: 'messages[${i}].tool_calls[${k}].id'.`, `messages[${i}].tool_calls[${k}].id`, "missing_required_parameter");
    }
    return `${fn.name}(${String(fn.arguments ?? "")})`;
  });
  return [contentText(m.content), ...callTexts].filter((s) => s.length > 0).join("\n");
}

function readChatTools(value: unknown): SimTool[] {
  return readTools(value, (tool, param) => ({ fn: optionalObject(tool.function, `${param}.function`), param: `${param}.function` }));
}

function readChatToolChoice(value: unknown, tools: SimTool[]): SimToolChoice {
  if (value === undefined || value === null) return tools.length > 0 ? "auto" : "none";
  const mode = readModeChoice(value);
  if (mode) return checkToolChoice(mode, tools);
  const obj = optionalObject(value, "tool_choice");
  const fn = optionalObject(obj?.function, "tool_choice.function");
  if (obj?.type === "function" && typeof fn?.name === "string") return checkToolChoice({ name: fn.name }, tools);
  if (obj?.type === "allowed_tools") {
    const allowed = optionalObject(obj.allowed_tools, "tool_choice.allowed_tools");
    return checkToolChoice(allowed?.mode === "required" ? "required" : "auto", tools);
  }
  throw invalidRequest("Invalid value for 'tool_choice'.", "tool_choice", "invalid_value");
}

function readResponseFormat(value: unknown): SimFormat {
  const fmt = optionalObject(value, "response_format");
  if (!fmt || fmt.type === "text") return { type: "text" };
  if (fmt.type === "json_object") return { type: "json_object" };
  if (fmt.type === "json_schema") {
    const inner = optionalObject(fmt.json_schema, "response_format.json_schema");
    if (!inner) {
      throw invalidRequest("Missing required parameter: 'response_format.json_schema'.", "response_format.json_schema", "missing_required_parameter");
    }
    return readSchemaFormat(inner, "response_format.json_schema", "response_format");
  }
  throw invalidRequest(
    `Invalid value: '${String(fmt.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
    "response_format.type",
    "invalid_value",
  );
}
