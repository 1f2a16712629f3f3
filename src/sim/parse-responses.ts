import { invalidRequest } from "./wire-errors.js";
import {
  asBody, checkJsonModeMentionsJson, checkToolChoice, contentText, optionalInteger, optionalObject,
  readModeChoice, readSchemaFormat, readTools, requireModel, temperatureSent, type Body,
} from "./parse-common.js";
import type { SimFormat, SimRequest, SimTool, SimToolChoice, SimTurn } from "./sim-request.js";

const MESSAGE_ROLES = new Set(["user", "assistant", "system", "developer"]);

/** Reads a `POST /v1/responses` body (docs/design/wire.md §4) into a SimRequest, rejecting what the API rejects. */
export function parseResponsesRequest(raw: unknown): SimRequest {
  const body = asBody(raw);
  const model = requireModel(body);
  const turns: SimTurn[] = [];
  if (typeof body.instructions === "string" && body.instructions.length > 0) turns.push({ role: "developer", text: body.instructions });
  turns.push(...readInput(body.input));
  const tools = readResponsesTools(body.tools);
  const toolChoice = readResponsesToolChoice(body.tool_choice, tools);
  const text = optionalObject(body.text, "text");
  const format = readTextFormat(text?.format);
  checkJsonModeMentionsJson(format, turns.map((t) => t.text), "text.format");
  const reasoning = optionalObject(body.reasoning, "reasoning");
  return {
    api: "responses",
    model,
    turns,
    tools,
    toolChoice,
    format,
    maxOutputTokens: optionalInteger(body.max_output_tokens, "max_output_tokens", 16),
    temperatureSent: temperatureSent(body),
    legacyMaxTokensSent: false,
    reasoningEffort: typeof reasoning?.effort === "string" ? reasoning.effort : null,
    stream: body.stream === true,
    includeUsage: true,
  };
}

function readInput(value: unknown): SimTurn[] {
  if (value === undefined || value === null) throw invalidRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter");
  if (typeof value === "string") return [{ role: "user", text: value }];
  if (!Array.isArray(value)) throw invalidRequest("Invalid type for 'input': expected a string or an array of input items.", "input", "invalid_type");
  if (value.length === 0) {
    throw invalidRequest("Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.", "input", "empty_array");
  }
  return value.flatMap((item, i) => readItem(item, i));
}

function readItem(value: unknown, i: number): SimTurn[] {
  const item = optionalObject(value, `input[${i}]`);
  if (!item) throw invalidRequest(`Invalid 'input[${i}]': expected an object.`, `input[${i}]`, "invalid_type");
  const type = item.type ?? "message";
  if (type === "message") {
    if (typeof item.role !== "string" || !MESSAGE_ROLES.has(item.role)) {
      throw invalidRequest(
        `Invalid value for 'input[${i}].role': expected one of 'user', 'assistant', 'system' or 'developer'.`,
        `input[${i}].role`,
        "invalid_value",
      );
    }
    return [{ role: item.role as SimTurn["role"], text: contentText(item.content) }];
  }
  if (type === "function_call") return [{ role: "assistant", text: `${String(item.name ?? "")}(${String(item.arguments ?? "")})` }];
  if (type === "function_call_output") {
    if (typeof item.call_id !== "string") {
      throw invalidRequest(`Missing required parameter: 'input[${i}].call_id'.`, `input[${i}].call_id`, "missing_required_parameter");
    }
    return [{ role: "tool", text: contentText(item.output) }];
  }
  // Reasoning items and references carry no text the simulator reads.
  if (type === "reasoning" || type === "item_reference") return [];
  throw invalidRequest(`Invalid value for 'input[${i}].type': '${String(type)}' is not supported by the simulator.`, `input[${i}].type`, "invalid_value");
}

function readResponsesTools(value: unknown): SimTool[] {
  return readTools(value, (tool, param) => ({ fn: tool, param }));
}

function readResponsesToolChoice(value: unknown, tools: SimTool[]): SimToolChoice {
  if (value === undefined || value === null) return tools.length > 0 ? "auto" : "none";
  const mode = readModeChoice(value);
  if (mode) return checkToolChoice(mode, tools);
  const obj = optionalObject(value, "tool_choice") as Body;
  if (obj.type === "function" && typeof obj.name === "string") return checkToolChoice({ name: obj.name }, tools);
  if (obj.type === "allowed_tools") return checkToolChoice(obj.mode === "required" ? "required" : "auto", tools);
  throw invalidRequest("Invalid value for 'tool_choice'.", "tool_choice", "invalid_value");
}

function readTextFormat(value: unknown): SimFormat {
  const fmt = optionalObject(value, "text.format");
  if (!fmt || fmt.type === "text") return { type: "text" };
  if (fmt.type === "json_object") return { type: "json_object" };
  if (fmt.type === "json_schema") {
    if (fmt.schema === undefined) {
      throw invalidRequest("Missing required parameter: 'text.format.schema'.", "text.format.schema", "missing_required_parameter");
    }
    return readSchemaFormat(fmt, "text.format");
  }
  throw invalidRequest(
    `Invalid value: '${String(fmt.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
    "text.format.type",
    "invalid_value",
  );
}
