import { invalidRequest } from "./wire-errors.js";
import type { RuleTable } from "./param-rules.js";

/**
 * Each API's parameters, from the request schemas of the vendored spec
 * (CreateChatCompletionRequest, CreateResponse and what they `allOf`): the names it knows,
 * and the rules the simulator checks their values against. A name outside the list is the
 * API's unknown-parameter error.
 */
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
const SERVICE_TIERS = ["auto", "default", "flex", "scale", "priority", "fast"];
const VERBOSITY = ["low", "medium", "high"];

/** Shared by both APIs (ModelResponseProperties). */
const SHARED: RuleTable = {
  temperature: { kind: "number", min: 0, max: 2 },
  top_p: { kind: "number", min: 0, max: 1 },
  top_logprobs: { kind: "integer", min: 0, max: 20 },
  metadata: { kind: "metadata" },
  service_tier: { kind: "enum", values: SERVICE_TIERS },
  safety_identifier: { kind: "string", maxLength: 64 },
  stream: { kind: "boolean" },
  store: { kind: "boolean" },
  parallel_tool_calls: { kind: "boolean" },
};

export const CHAT_RULES: RuleTable = {
  ...SHARED,
  n: { kind: "integer", min: 1, max: 128 },
  max_completion_tokens: { kind: "integer", min: 1 },
  max_tokens: { kind: "integer", min: 1 },
  seed: { kind: "integer", min: Number.MIN_SAFE_INTEGER },
  stop: { kind: "stop" },
  logprobs: { kind: "boolean" },
  frequency_penalty: { kind: "number", min: -2, max: 2 },
  presence_penalty: { kind: "number", min: -2, max: 2 },
  reasoning_effort: { kind: "enum", values: REASONING_EFFORTS },
  verbosity: { kind: "enum", values: VERBOSITY },
  stream_options: { kind: "object", keys: ["include_usage", "include_obfuscation"] },
  "stream_options.include_usage": { kind: "boolean" },
};

export const CHAT_PARAMS: ReadonlySet<string> = new Set([
  "model", "messages", "metadata", "top_logprobs", "temperature", "top_p", "user", "safety_identifier", "prompt_cache_key",
  "prompt_cache_retention", "prompt_cache_options", "service_tier", "modalities", "verbosity", "reasoning_effort",
  "max_completion_tokens", "frequency_penalty", "presence_penalty", "web_search_options", "response_format", "audio", "store",
  "moderation", "stream", "stop", "logit_bias", "logprobs", "max_tokens", "n", "prediction", "seed", "stream_options", "tools",
  "tool_choice", "parallel_tool_calls", "function_call", "functions",
]);

export const INCLUDABLE = [
  "file_search_call.results", "web_search_call.results", "web_search_call.action.sources", "message.input_image.image_url",
  "computer_call_output.output.image_url", "code_interpreter_call.outputs", "reasoning.encrypted_content", "message.output_text.logprobs",
] as const;

export const RESPONSES_RULES: RuleTable = {
  ...SHARED,
  max_output_tokens: { kind: "integer", min: 16 },
  max_tool_calls: { kind: "integer", min: 1 },
  include: { kind: "enums", values: INCLUDABLE },
  truncation: { kind: "enum", values: ["auto", "disabled"] },
  background: { kind: "boolean" },
  instructions: { kind: "string" },
  previous_response_id: { kind: "string" },
  reasoning: { kind: "object", keys: ["mode", "effort", "summary", "context", "generate_summary"] },
  "reasoning.effort": { kind: "enum", values: REASONING_EFFORTS },
  "reasoning.summary": { kind: "enum", values: ["auto", "concise", "detailed"] },
  "reasoning.context": { kind: "enum", values: ["auto", "current_turn", "all_turns"] },
  text: { kind: "object", keys: ["format", "verbosity"] },
  "text.verbosity": { kind: "enum", values: VERBOSITY },
  stream_options: { kind: "object", keys: ["include_obfuscation"] },
};

export const RESPONSES_PARAMS: ReadonlySet<string> = new Set([
  "model", "input", "metadata", "top_logprobs", "temperature", "top_p", "user", "safety_identifier", "prompt_cache_key",
  "prompt_cache_retention", "prompt_cache_options", "previous_response_id", "background", "max_tool_calls", "text", "tools",
  "tool_choice", "prompt", "service_tier", "truncation", "reasoning", "include", "parallel_tool_calls", "store", "instructions",
  "moderation", "stream", "stream_options", "conversation", "context_management", "max_output_tokens",
]);

/** Chat Completions parameters whose Responses counterpart has another name: the API says where they went. */
const MOVED_IN_RESPONSES: Readonly<Record<string, string>> = {
  response_format: "text.format",
  max_tokens: "max_output_tokens",
  max_completion_tokens: "max_output_tokens",
  messages: "input",
  reasoning_effort: "reasoning.effort",
  verbosity: "text.verbosity",
};

/** Chat's wording for a name it does not know: no `param`, no `code`. */
export function chatUnknownParam(param: string): never {
  throw invalidRequest(`Unrecognized request argument supplied: ${param}`);
}

/** Responses' wording: a moved Chat parameter says where it went; anything else is unknown. */
export function responsesUnknownParam(param: string): never {
  const moved = MOVED_IN_RESPONSES[param];
  if (moved) {
    throw invalidRequest(
      `Unsupported parameter: '${param}'. In the Responses API, this parameter has moved to '${moved}'. Try again with the new parameter.`,
      param,
      "unsupported_parameter",
    );
  }
  throw invalidRequest(`Unknown parameter: '${param}'.`, param, "unknown_parameter");
}
