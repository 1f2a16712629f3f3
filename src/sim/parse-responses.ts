import { invalidRequest } from "./wire-errors.js";
import { checkBody } from "./param-rules.js";
import { RESPONSES_PARAMS, RESPONSES_RULES, responsesUnknownParam } from "./params-table.js";
import { checkResponsesContent } from "./content-parts.js";
import { checkResponsesToolPairing } from "./tool-pairing.js";
import {
  asBody, checkJsonModeMentionsJson, checkToolChoice, contentText, optionalObject,
  readModeChoice, readSchemaFormat, readTools, requireModel, type Body,
} from "./parse-common.js";
import type { SimFormat, SimRequest, SimTool, SimToolChoice, SimTurn } from "./sim-request.js";

const MESSAGE_ROLES = new Set(["user", "assistant", "system", "developer"]);

/**
 * Reads a `POST /v1/responses` body (docs/design/wire.md §4) into a SimRequest, rejecting
 * what the API rejects: the parameter table first (Chat's parameters among the unknown
 * ones), then the input items, their content parts and tool pairing, the tools and the format.
 */
export function parseResponsesRequest(raw: unknown): SimRequest {
  const body = asBody(raw);
  checkBody(body, RESPONSES_RULES, RESPONSES_PARAMS, responsesUnknownParam);
  const model = requireModel(body);
  const turns: SimTurn[] = [];
  if (typeof body.instructions === "string" && body.instructions.length > 0) turns.push({ role: "developer", text: body.instructions });
  // Continuing a stored response, an output may answer one of its calls: StoredResponses checks the pairing then.
  turns.push(...readInput(body.input, typeof body.previous_response_id !== "string"));
  const tools = readResponsesTools(body.tools);
  const toolChoice = readResponsesToolChoice(body.tool_choice, tools);
  const text = optionalObject(body.text, "text");
  const format = readTextFormat(text?.format);
  checkJsonModeMentionsJson(format, turns.map((t) => t.text), "text.format");
  const reasoning = optionalObject(body.reasoning, "reasoning");
  const include = Array.isArray(body.include) ? (body.include as string[]) : [];
  return {
    api: "responses",
    model,
    turns,
    tools,
    toolChoice,
    format,
    maxOutputTokens: (body.max_output_tokens ?? null) as number | null,
    reasoningEffort: typeof reasoning?.effort === "string" ? reasoning.effort : null,
    stream: body.stream === true,
    includeUsage: true,
    n: 1,
    stop: [],
    logprobs: include.includes("message.output_text.logprobs"),
    topLogprobs: typeof body.top_logprobs === "number" ? body.top_logprobs : 0,
    parallelToolCalls: body.parallel_tool_calls !== false,
    seed: null,
    reasoningSummary: typeof reasoning?.summary === "string" ? (reasoning.summary as SimRequest["reasoningSummary"]) : null,
    encryptedReasoning: include.includes("reasoning.encrypted_content") && body.store === false,
  };
}

function readInput(value: unknown, checkPairing: boolean): SimTurn[] {
  if (value === undefined || value === null) throw invalidRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter");
  if (typeof value === "string") return [{ role: "user", text: value }];
  if (!Array.isArray(value)) throw invalidRequest("Invalid type for 'input': expected a string or an array of input items.", "input", "invalid_type");
  if (value.length === 0) {
    throw invalidRequest("Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.", "input", "empty_array");
  }
  const turns = value.flatMap((item, i) => readItem(item, i));
  if (checkPairing) checkResponsesToolPairing(value as Body[]);
  return turns;
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
    checkResponsesContent(item.role, item.content, `input[${i}].content`);
    return [{ role: item.role as SimTurn["role"], text: contentText(item.content) }];
  }
  if (type === "function_call") {
    for (const field of ["call_id", "name", "arguments"]) {
      if (typeof item[field] !== "string") {
        throw invalidRequest(`Missing required parameter: 'input[${i}].${field}'.`, `input[${i}].${field}`, "missing_required_parameter");
      }
    }
    return [{ role: "assistant", text: `${String(item.name)}(${String(item.arguments)})` }];
  }
  if (type === "function_call_output") {
    if (typeof item.call_id !== "string") {
      throw invalidRequest(`Missing required parameter: 'input[${i}].call_id'.`, `input[${i}].call_id`, "missing_required_parameter");
    }
    checkResponsesContent("function_call_output", item.output, `input[${i}].output`);
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
    return readSchemaFormat(fmt, "text.format", "text.format.schema");
  }
  throw invalidRequest(
    `Invalid value: '${String(fmt.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
    "text.format.type",
    "invalid_value",
  );
}
