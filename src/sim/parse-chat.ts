import { invalidRequest } from "./wire-errors.js";
import {
  asBody, checkJsonModeMentionsJson, checkToolChoice, contentText, optionalInteger, optionalObject,
  readModeChoice, readSchemaFormat, readTools, requireModel, temperatureSent, type Body,
} from "./parse-common.js";
import type { SimFormat, SimRequest, SimTool, SimToolChoice, SimTurn } from "./sim-request.js";

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

/** Reads a `POST /v1/chat/completions` body (docs/design/wire.md §1) into a SimRequest, rejecting what the API rejects. */
export function parseChatRequest(raw: unknown): SimRequest {
  const body = asBody(raw);
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
  const cap = optionalInteger(body.max_completion_tokens, "max_completion_tokens", 1) ?? optionalInteger(body.max_tokens, "max_tokens", 1);
  return {
    api: "chat",
    model,
    turns,
    tools,
    toolChoice,
    format,
    maxOutputTokens: cap,
    temperatureSent: temperatureSent(body),
    legacyMaxTokensSent: body.max_tokens !== undefined && body.max_tokens !== null,
    reasoningEffort: typeof body.reasoning_effort === "string" ? body.reasoning_effort : null,
    stream,
    includeUsage: streamOptions?.include_usage === true,
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
  return value.map((m, i) => readMessage(m, i));
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
  if (role === "tool") {
    if (typeof m.tool_call_id !== "string") {
      throw invalidRequest(`Missing required parameter: 'messages[${i}].tool_call_id'.`, `messages[${i}].tool_call_id`, "missing_required_parameter");
    }
    return { role: "tool", text: contentText(m.content) };
  }
  if (role === "assistant") return { role: "assistant", text: assistantText(m) };
  if (role === "function") return { role: "tool", text: contentText(m.content) };
  if (m.content === undefined || m.content === null) {
    throw invalidRequest(`Missing required parameter: 'messages[${i}].content'.`, `messages[${i}].content`, "missing_required_parameter");
  }
  return { role: role as SimTurn["role"], text: contentText(m.content) };
}

function assistantText(m: Body): string {
  const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
  const callTexts = calls.map((c) => {
    const fn = (c as Body).function as Body | undefined;
    return `${String(fn?.name ?? "")}(${String(fn?.arguments ?? "")})`;
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
    return readSchemaFormat(inner, "response_format.json_schema");
  }
  throw invalidRequest(
    `Invalid value: '${String(fmt.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
    "response_format.type",
    "invalid_value",
  );
}
