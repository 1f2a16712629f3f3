/**
 * Requests the real API rejects, each with the status, `code` and `param` it answers (the
 * `type` is always `invalid_request_error`). docs/simulator.md "What it rejects" lists the
 * same families; tests/sim/invalid-requests.test.ts sends every row to the simulator.
 *
 * Models: `gpt-*` and `o3` are the catalog's (src/core/catalog.ts); `sim-plain` and
 * `sim-reasoner` are configured in the test's `sim.models`, one of each family.
 */
export interface InvalidRow {
  name: string;
  path: string;
  method?: "GET" | "POST";
  body?: Record<string, unknown>;
  status: number;
  code: string | null;
  param: string | null;
}

type Body = Record<string, unknown>;
const msgs = (content: unknown = "Where is order 7?") => [{ role: "user", content }];
const chat = (extra: Body = {}, model = "gpt-4.1-mini"): Body => ({ model, messages: msgs(), ...extra });
const resp = (extra: Body = {}, model = "gpt-4.1-mini"): Body => ({ model, input: "Where is order 7?", ...extra });

const loose = { type: "object", properties: { team: { type: "string" } }, required: ["team"] };
const optional = { type: "object", properties: { team: { type: "string" }, note: { type: "string" } }, required: ["team"], additionalProperties: false };
const nestedOpen = {
  type: "object",
  properties: { address: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
  required: ["address"],
  additionalProperties: false,
};
const minLength = { type: "object", properties: { team: { type: "string", minLength: 2 } }, required: ["team"], additionalProperties: false };
const allOf = { type: "object", properties: { team: { allOf: [{ type: "string" }] } }, required: ["team"], additionalProperties: false };
const chatStrict = (schema: unknown) => chat({ response_format: { type: "json_schema", json_schema: { name: "ticket", schema, strict: true } } });
const respStrict = (schema: unknown) => resp({ text: { format: { type: "json_schema", name: "ticket", schema, strict: true } } });
const call = { id: "call_1", type: "function", function: { name: "route", arguments: "{}" } };

const C = "/v1/chat/completions";
const R = "/v1/responses";

export const INVALID_REQUESTS: InvalidRow[] = [
  // Chat Completions parameters on Responses
  { name: "response_format on Responses", path: R, body: resp({ response_format: { type: "json_object" } }), status: 400, code: "unsupported_parameter", param: "response_format" },
  { name: "max_tokens on Responses", path: R, body: resp({ max_tokens: 100 }), status: 400, code: "unsupported_parameter", param: "max_tokens" },
  { name: "max_completion_tokens on Responses", path: R, body: resp({ max_completion_tokens: 100 }), status: 400, code: "unsupported_parameter", param: "max_completion_tokens" },
  { name: "messages on Responses", path: R, body: resp({ messages: msgs() }), status: 400, code: "unsupported_parameter", param: "messages" },
  { name: "reasoning_effort on Responses", path: R, body: resp({ reasoning_effort: "low" }, "gpt-5-mini"), status: 400, code: "unsupported_parameter", param: "reasoning_effort" },
  { name: "seed on Responses", path: R, body: resp({ seed: 7 }), status: 400, code: "unknown_parameter", param: "seed" },
  { name: "stop on Responses", path: R, body: resp({ stop: ["\n"] }), status: 400, code: "unknown_parameter", param: "stop" },
  { name: "n on Responses", path: R, body: resp({ n: 2 }), status: 400, code: "unknown_parameter", param: "n" },
  { name: "logprobs on Responses", path: R, body: resp({ logprobs: true }), status: 400, code: "unknown_parameter", param: "logprobs" },
  { name: "frequency_penalty on Responses", path: R, body: resp({ frequency_penalty: 0.5 }), status: 400, code: "unknown_parameter", param: "frequency_penalty" },
  { name: "stream_options.include_usage on Responses", path: R, body: resp({ stream: true, stream_options: { include_usage: true } }), status: 400, code: "unknown_parameter", param: "stream_options.include_usage" },
  { name: "a chat-style text part on Responses", path: R, body: resp({ input: [{ role: "user", content: [{ type: "text", text: "hi" }] }] }), status: 400, code: "invalid_value", param: "input[0].content[0].type" },
  { name: "a chat-style (nested) function tool on Responses", path: R, body: resp({ tools: [{ type: "function", function: { name: "route", parameters: {} } }] }), status: 400, code: "missing_required_parameter", param: "tools[0].name" },
  // Responses parameters on Chat Completions (Chat names no param)
  { name: "max_output_tokens on Chat", path: C, body: chat({ max_output_tokens: 16 }), status: 400, code: null, param: null },
  { name: "input on Chat", path: C, body: chat({ input: "hi" }), status: 400, code: null, param: null },
  { name: "instructions on Chat", path: C, body: chat({ instructions: "Be brief." }), status: 400, code: null, param: null },
  { name: "text.format on Chat", path: C, body: chat({ text: { format: { type: "text" } } }), status: 400, code: null, param: null },
  { name: "reasoning on Chat", path: C, body: chat({ reasoning: { effort: "low" } }, "gpt-5-mini"), status: 400, code: null, param: null },
  { name: "an unknown parameter on Chat", path: C, body: chat({ temprature: 0.2 }), status: 400, code: null, param: null },
  { name: "an unknown parameter on Responses", path: R, body: resp({ temprature: 0.2 }), status: 400, code: "unknown_parameter", param: "temprature" },
  // Parameters a model family lacks
  { name: "temperature on a reasoning model (Chat)", path: C, body: chat({ temperature: 0.2 }, "gpt-5-mini"), status: 400, code: "unsupported_parameter", param: "temperature" },
  { name: "temperature on a configured reasoning model (Responses)", path: R, body: resp({ temperature: 0.2 }, "sim-reasoner"), status: 400, code: "unsupported_parameter", param: "temperature" },
  { name: "top_p on a reasoning model (Chat)", path: C, body: chat({ top_p: 0.9 }, "o3"), status: 400, code: "unsupported_parameter", param: "top_p" },
  { name: "top_p on a reasoning model (Responses)", path: R, body: resp({ top_p: 0.9 }, "gpt-5-mini"), status: 400, code: "unsupported_parameter", param: "top_p" },
  { name: "stop on a reasoning model", path: C, body: chat({ stop: "END" }, "o3"), status: 400, code: "unsupported_parameter", param: "stop" },
  { name: "logprobs on a reasoning model", path: C, body: chat({ logprobs: true }, "gpt-5-mini"), status: 400, code: "unsupported_parameter", param: "logprobs" },
  { name: "presence_penalty on a reasoning model", path: C, body: chat({ presence_penalty: 0.5 }, "o3"), status: 400, code: "unsupported_parameter", param: "presence_penalty" },
  { name: "max_tokens on a reasoning model", path: C, body: chat({ max_tokens: 100 }, "gpt-5-mini"), status: 400, code: "unsupported_parameter", param: "max_tokens" },
  { name: "reasoning_effort on a non-reasoning model", path: C, body: chat({ reasoning_effort: "low" }), status: 400, code: "unsupported_parameter", param: "reasoning_effort" },
  { name: "reasoning.effort on a non-reasoning model", path: R, body: resp({ reasoning: { effort: "low" } }, "gpt-4o"), status: 400, code: "unsupported_parameter", param: "reasoning.effort" },
  { name: "reasoning.summary on a configured non-reasoning model", path: R, body: resp({ reasoning: { summary: "auto" } }, "sim-plain"), status: 400, code: "unsupported_parameter", param: "reasoning.summary" },
  { name: "an effort the model does not take", path: C, body: chat({ reasoning_effort: "minimal" }, "gpt-5.1"), status: 400, code: "unsupported_value", param: "reasoning_effort" },
  // Invalid enum values
  { name: "reasoning_effort turbo", path: C, body: chat({ reasoning_effort: "turbo" }, "gpt-5-mini"), status: 400, code: "invalid_value", param: "reasoning_effort" },
  { name: "reasoning.effort turbo", path: R, body: resp({ reasoning: { effort: "turbo" } }, "gpt-5-mini"), status: 400, code: "invalid_value", param: "reasoning.effort" },
  { name: "reasoning.summary verbose", path: R, body: resp({ reasoning: { summary: "verbose" } }, "gpt-5-mini"), status: 400, code: "invalid_value", param: "reasoning.summary" },
  { name: "an unknown reasoning key", path: R, body: resp({ reasoning: { budget: 100 } }, "gpt-5-mini"), status: 400, code: "unknown_parameter", param: "reasoning.budget" },
  { name: "service_tier gold", path: C, body: chat({ service_tier: "gold" }), status: 400, code: "invalid_value", param: "service_tier" },
  { name: "include of something not includable", path: R, body: resp({ include: ["reasoning.everything"] }), status: 400, code: "invalid_value", param: "include[0]" },
  { name: "truncation sometimes", path: R, body: resp({ truncation: "sometimes" }), status: 400, code: "invalid_value", param: "truncation" },
  { name: "verbosity loud (Chat)", path: C, body: chat({ verbosity: "loud" }), status: 400, code: "invalid_value", param: "verbosity" },
  { name: "text.verbosity loud (Responses)", path: R, body: resp({ text: { verbosity: "loud" } }), status: 400, code: "invalid_value", param: "text.verbosity" },
  { name: "tool_choice sometimes", path: C, body: chat({ tool_choice: "sometimes" }), status: 400, code: "invalid_value", param: "tool_choice" },
  { name: "response_format of type xml", path: C, body: chat({ response_format: { type: "xml" } }), status: 400, code: "invalid_value", param: "response_format.type" },
  // Out-of-range and mistyped numbers
  { name: "temperature above 2", path: C, body: chat({ temperature: 2.5 }), status: 400, code: "decimal_above_max_value", param: "temperature" },
  { name: "top_p above 1", path: R, body: resp({ top_p: 1.5 }), status: 400, code: "decimal_above_max_value", param: "top_p" },
  { name: "presence_penalty below -2", path: C, body: chat({ presence_penalty: -3 }), status: 400, code: "decimal_below_min_value", param: "presence_penalty" },
  { name: "n of 0", path: C, body: chat({ n: 0 }), status: 400, code: "integer_below_min_value", param: "n" },
  { name: "n of 129", path: C, body: chat({ n: 129 }), status: 400, code: "integer_above_max_value", param: "n" },
  { name: "n as a string", path: C, body: chat({ n: "2" }), status: 400, code: "invalid_type", param: "n" },
  { name: "top_logprobs of 21", path: C, body: chat({ logprobs: true, top_logprobs: 21 }), status: 400, code: "integer_above_max_value", param: "top_logprobs" },
  { name: "top_logprobs without logprobs", path: C, body: chat({ top_logprobs: 2 }), status: 400, code: "invalid_value", param: "top_logprobs" },
  { name: "max_output_tokens under 16", path: R, body: resp({ max_output_tokens: 10 }), status: 400, code: "integer_below_min_value", param: "max_output_tokens" },
  { name: "max_completion_tokens of 0", path: C, body: chat({ max_completion_tokens: 0 }), status: 400, code: "integer_below_min_value", param: "max_completion_tokens" },
  { name: "max_completion_tokens above the model's maximum", path: C, body: chat({ max_completion_tokens: 200_000 }, "gpt-4o-mini"), status: 400, code: "invalid_value", param: "max_completion_tokens" },
  { name: "five stop sequences", path: C, body: chat({ stop: ["a", "b", "c", "d", "e"] }), status: 400, code: "array_above_max_length", param: "stop" },
  { name: "metadata with 17 keys", path: C, body: chat({ metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }), status: 400, code: "object_above_max_properties", param: "metadata" },
  { name: "stream as a string", path: R, body: resp({ stream: "yes" }), status: 400, code: "invalid_type", param: "stream" },
  // Malformed content parts
  { name: "a Responses part on Chat", path: C, body: chat({ messages: msgs([{ type: "input_text", text: "hi" }]) }), status: 400, code: "invalid_value", param: "messages[0].content[0].type" },
  { name: "an image part in a system message", path: C, body: chat({ messages: [{ role: "system", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }, ...msgs()] }), status: 400, code: "invalid_value", param: "messages[0].content[0].type" },
  { name: "a text part without text", path: C, body: chat({ messages: msgs([{ type: "text" }]) }), status: 400, code: "missing_required_parameter", param: "messages[0].content[0].text" },
  { name: "content that is a number", path: C, body: chat({ messages: msgs(42) }), status: 400, code: "invalid_type", param: "messages[0].content" },
  { name: "an input_image with neither url nor file", path: R, body: resp({ input: [{ role: "user", content: [{ type: "input_image", detail: "auto" }] }] }), status: 400, code: "missing_required_parameter", param: "input[0].content[0].image_url" },
  { name: "input_text in an assistant item", path: R, body: resp({ input: [{ role: "user", content: "hi" }, { role: "assistant", content: [{ type: "input_text", text: "hello" }] }, { role: "user", content: "again" }] }), status: 400, code: "invalid_value", param: "input[1].content[0].type" },
  // Orphan tool results and unanswered tool calls
  { name: "a tool message with no preceding tool_calls", path: C, body: chat({ messages: [...msgs(), { role: "tool", tool_call_id: "call_1", content: "ok" }] }), status: 400, code: null, param: "messages.[1].role" },
  { name: "a tool message answering another call", path: C, body: chat({ messages: [...msgs(), { role: "assistant", content: null, tool_calls: [call] }, { role: "tool", tool_call_id: "call_9", content: "ok" }] }), status: 400, code: null, param: "messages.[2].tool_call_id" },
  { name: "tool_calls followed by a user message", path: C, body: chat({ messages: [...msgs(), { role: "assistant", content: null, tool_calls: [call] }, ...msgs("and?")] }), status: 400, code: null, param: "messages.[1].role" },
  { name: "tool_calls as the last message", path: C, body: chat({ messages: [...msgs(), { role: "assistant", content: null, tool_calls: [call] }] }), status: 400, code: null, param: "messages.[1].role" },
  { name: "two tool_calls, one answered", path: C, body: chat({ messages: [...msgs(), { role: "assistant", content: null, tool_calls: [call, { ...call, id: "call_2" }] }, { role: "tool", tool_call_id: "call_1", content: "ok" }] }), status: 400, code: null, param: "messages.[1].role" },
  { name: "a function_call_output with no matching call", path: R, body: resp({ input: [...msgs(), { type: "function_call_output", call_id: "call_1", output: "ok" }] }), status: 400, code: null, param: "input" },
  { name: "a function_call without its output", path: R, body: resp({ input: [...msgs(), { type: "function_call", call_id: "call_1", name: "route", arguments: "{}" }] }), status: 400, code: null, param: "input" },
  // Strict schemas outside the Structured Outputs subset
  { name: "strict response_format without additionalProperties: false", path: C, body: chatStrict(loose), status: 400, code: "invalid_json_schema", param: "response_format" },
  { name: "strict response_format with an optional property", path: C, body: chatStrict(optional), status: 400, code: "invalid_json_schema", param: "response_format" },
  { name: "strict text.format with an open nested object", path: R, body: respStrict(nestedOpen), status: 400, code: "invalid_json_schema", param: "text.format.schema" },
  { name: "strict text.format with minLength", path: R, body: respStrict(minLength), status: 400, code: "invalid_json_schema", param: "text.format.schema" },
  { name: "strict text.format whose root is an array", path: R, body: respStrict({ type: "array", items: { type: "string" } }), status: 400, code: "invalid_json_schema", param: "text.format.schema" },
  { name: "a strict Chat tool with an optional property", path: C, body: chat({ tools: [{ type: "function", function: { name: "route", parameters: optional, strict: true } }] }), status: 400, code: "invalid_function_parameters", param: "tools[0].function.parameters" },
  { name: "a strict Responses tool with allOf", path: R, body: resp({ tools: [{ type: "function", name: "route", parameters: allOf, strict: true }] }), status: 400, code: "invalid_function_parameters", param: "tools[0].parameters" },
  // Unknown models and stored ids
  { name: "a misspelt model (Chat)", path: C, body: chat({}, "gpt-4o-mniii"), status: 404, code: "model_not_found", param: null },
  { name: "an unknown model (Responses)", path: R, body: resp({}, "no-such-model"), status: 404, code: "model_not_found", param: null },
  { name: "an unknown model (embeddings)", path: "/v1/embeddings", body: { model: "no-such-embedder", input: ["hi"] }, status: 404, code: "model_not_found", param: null },
  { name: "models.retrieve of an unknown model", path: "/v1/models/no-such-model", method: "GET", status: 404, code: "model_not_found", param: null },
  { name: "an embeddings model on Chat", path: C, body: chat({}, "text-embedding-3-small"), status: 404, code: null, param: "model" },
  { name: "an unknown previous_response_id", path: R, body: resp({ previous_response_id: "resp_unknown" }), status: 404, code: "previous_response_not_found", param: "previous_response_id" },
];
