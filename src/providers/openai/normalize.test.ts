import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Response, ResponseStreamEvent } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../core/index.js";
import { ChatStreamAssembler, normalizeChatCompletion } from "./normalize-chat.js";
import type { NormalizeContext } from "./normalize-common.js";
import { normalizeResponse, ResponsesStreamAssembler } from "./normalize-responses.js";

const schema = { name: "triage", schema: { type: "object" }, strict: true };
function ctx(withSchema: boolean): NormalizeContext {
  const request: GenerateRequest = {
    api: "chat", model: "gpt-4.1-mini", messages: [{ role: "user", content: "x" }], params: {}, attempt: "c/0", stream: false,
    ...(withSchema ? { output: schema } : {}),
  };
  return { request, body: { sent: true }, latency: { ttftMs: null, totalMs: 12 }, requestId: "req_1" };
}

function completion(message: Partial<ChatCompletion.Choice["message"]>, finish: ChatCompletion.Choice["finish_reason"]): ChatCompletion {
  return {
    id: "chatcmpl-1", object: "chat.completion", created: 1, model: "gpt-4.1-mini",
    choices: [{ index: 0, finish_reason: finish, logprobs: null, message: { role: "assistant", content: null, refusal: null, ...message } }],
    usage: {
      prompt_tokens: 2000, completion_tokens: 50, total_tokens: 2050,
      prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 30 },
    },
  };
}

function response(output: Response["output"], over: Partial<Response> = {}): Response {
  return {
    id: "resp_1", object: "response", created_at: 1, model: "gpt-4.1-mini", status: "completed", output,
    error: null, incomplete_details: null, instructions: null, metadata: {}, parallel_tool_calls: true,
    temperature: null, top_p: null, tool_choice: "auto", tools: [], output_text: "",
    usage: { input_tokens: 2000, input_tokens_details: { cached_tokens: 1024 }, output_tokens: 50, output_tokens_details: { reasoning_tokens: 30 }, total_tokens: 2050 },
    ...over,
  } as Response;
}

const message = (content: unknown[]) => ({ id: "msg_1", type: "message", role: "assistant", status: "completed", content }) as Response["output"][number];

describe("chat normalization", () => {
  it("keeps text, parsed JSON and all four usage figures", () => {
    const r = normalizeChatCompletion(completion({ content: '{"team":"billing"}' }, "stop"), ctx(true));
    expect(r.ok && r.output).toMatchObject({
      text: '{"team":"billing"}', json: { team: "billing" }, finish: "stop", requestId: "req_1",
      usage: { inputTokens: 2000, cachedInputTokens: 1024, outputTokens: 50, reasoningTokens: 30, totalTokens: 2050 },
    });
  });

  it("keeps the parse error when the schema's JSON does not parse", () => {
    const r = normalizeChatCompletion(completion({ content: '{"team":' }, "length"), ctx(true));
    expect(r.ok && r.output.finish).toBe("length");
    expect(r.ok && r.output.json).toBeUndefined();
    expect(r.ok && r.output.jsonError).toMatch(/^expected JSON for the output schema, but /);
  });

  it("a refusal sets refusal and finish 'refusal'", () => {
    const r = normalizeChatCompletion(completion({ refusal: "I can't help with that." }, "stop"), ctx(true));
    expect(r.ok && r.output).toMatchObject({ refusal: "I can't help with that.", finish: "refusal", text: "" });
    expect(r.ok && r.output.jsonError).toBeUndefined();
  });

  it("tool calls come back as {id, name, arguments} with finish 'tool_calls'", () => {
    const call = { id: "call_1", type: "function" as const, function: { name: "lookup", arguments: '{"order_id":"ORD-1"}' } };
    const r = normalizeChatCompletion(completion({ tool_calls: [call] }, "tool_calls"), ctx(false));
    expect(r.ok && r.output.toolCalls).toEqual([{ id: "call_1", name: "lookup", arguments: { order_id: "ORD-1" }, rawArguments: '{"order_id":"ORD-1"}' }]);
    expect(r.ok && r.output.finish).toBe("tool_calls");
  });

  it("content_filter is its own finish reason", () => {
    const r = normalizeChatCompletion(completion({ content: "" }, "content_filter"), ctx(false));
    expect(r.ok && r.output.finish).toBe("content_filter");
  });
});

function chunk(delta: ChatCompletionChunk.Choice["delta"], finish: ChatCompletionChunk.Choice["finish_reason"] = null): ChatCompletionChunk {
  return { id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "gpt-4.1-mini", choices: [{ index: 0, delta, finish_reason: finish }] };
}

describe("chat stream assembly", () => {
  const usageChunk: ChatCompletionChunk = { ...chunk({}), choices: [], usage: completion({}, "stop").usage! };

  it("joins tool-call fragments by index and yields the same Output as the whole response", () => {
    const acc = new ChatStreamAssembler();
    acc.push(chunk({ role: "assistant", content: "" }), 5);
    acc.push(chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "lookup", arguments: "" } }] }), 9);
    acc.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"order_id":' } }] }), 11);
    acc.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '"ORD-1"}' } }] }), 12);
    acc.push(chunk({}, "tool_calls"), 13);
    acc.push(usageChunk, 14);
    expect(acc.firstTokenAt).toBe(9);
    const done = acc.finish(true, "req_1");
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    const streamed = normalizeChatCompletion(done.output, ctx(false));
    const whole = normalizeChatCompletion(completion({ tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"order_id":"ORD-1"}' } }] }, "tool_calls"), ctx(false));
    expect(streamed.ok && { ...streamed.output, raw: null }).toEqual(whole.ok && { ...whole.output, raw: null });
  });

  it("a stream with no finish_reason is 'stream ended early', never a short answer", () => {
    const acc = new ChatStreamAssembler();
    acc.push(chunk({ role: "assistant", content: "Half an ans" }), 1);
    const done = acc.finish(undefined, "req_1");
    expect(done).toMatchObject({ ok: false, error: { kind: "stream_ended_early", retryable: true, requestId: "req_1" } });
  });

  it("a stream that finished its choice but never sent [DONE] is also cut", () => {
    const acc = new ChatStreamAssembler();
    acc.push(chunk({ content: "Hi" }, "stop"), 1);
    expect(acc.finish(false, null)).toMatchObject({ ok: false, error: { kind: "stream_ended_early", message: /\[DONE\]/ } });
    expect(acc.finish(true, null).ok).toBe(true);
  });
});

describe("responses normalization", () => {
  it("joins output_text parts across message items and reads usage", () => {
    const r = normalizeResponse(response([message([{ type: "output_text", text: '{"team":', annotations: [] }, { type: "output_text", text: '"sales"}', annotations: [] }])]), ctx(true));
    expect(r.ok && r.output).toMatchObject({
      api: "responses", text: '{"team":"sales"}', json: { team: "sales" }, finish: "stop",
      usage: { inputTokens: 2000, cachedInputTokens: 1024, outputTokens: 50, reasoningTokens: 30, totalTokens: 2050 },
    });
  });

  it("a refusal part sets refusal and finish 'refusal'", () => {
    const r = normalizeResponse(response([message([{ type: "refusal", refusal: "No." }])]), ctx(true));
    expect(r.ok && r.output).toMatchObject({ refusal: "No.", finish: "refusal" });
  });

  it("function_call items are tool calls keyed by call_id, and finish is 'tool_calls'", () => {
    const item = { type: "function_call", id: "fc_1", call_id: "call_7", name: "lookup", arguments: "not json" } as Response["output"][number];
    const r = normalizeResponse(response([item]), ctx(false));
    expect(r.ok && r.output.toolCalls).toEqual([{ id: "call_7", name: "lookup", arguments: null, rawArguments: "not json" }]);
    expect(r.ok && r.output.finish).toBe("tool_calls");
  });

  it("incomplete for max_output_tokens is 'length'; for content_filter, 'content_filter'", () => {
    const cut = normalizeResponse(response([], { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } }), ctx(false));
    expect(cut.ok && cut.output.finish).toBe("length");
    const filtered = normalizeResponse(response([], { status: "incomplete", incomplete_details: { reason: "content_filter" } }), ctx(false));
    expect(filtered.ok && filtered.output.finish).toBe("content_filter");
  });

  it("a failed response is an attempt error classified by its code", () => {
    const r = normalizeResponse(response([], { status: "failed", error: { code: "server_error", message: "boom" } }), ctx(false));
    expect(r).toMatchObject({ ok: false, error: { kind: "server_error", retryable: true, message: "the response failed (server_error): boom" } });
  });
});

describe("responses stream assembly", () => {
  const completed = (out: Response["output"]) => ({ type: "response.completed", sequence_number: 9, response: response(out) }) as ResponseStreamEvent;

  it("takes the terminal event's response and times the first text delta", () => {
    const acc = new ResponsesStreamAssembler();
    acc.push({ type: "response.created", sequence_number: 0, response: response([], { status: "in_progress" }) } as ResponseStreamEvent, 1);
    acc.push({ type: "response.output_text.delta", sequence_number: 1, item_id: "msg_1", output_index: 0, content_index: 0, delta: "Hi", logprobs: [] } as ResponseStreamEvent, 7);
    acc.push(completed([message([{ type: "output_text", text: "Hi", annotations: [] }])]), 8);
    expect(acc.firstTokenAt).toBe(7);
    const done = acc.finish("req_2");
    expect(done.ok && normalizeResponse(done.output, ctx(false))).toMatchObject({ ok: true, output: { text: "Hi", finish: "stop" } });
  });

  it("a stream without response.completed/.incomplete/.failed is 'stream ended early'", () => {
    const acc = new ResponsesStreamAssembler();
    acc.push({ type: "response.output_text.delta", sequence_number: 1, item_id: "m", output_index: 0, content_index: 0, delta: "Hi", logprobs: [] } as ResponseStreamEvent, 1);
    expect(acc.finish(null)).toMatchObject({ ok: false, error: { kind: "stream_ended_early" } });
  });

  it("an error event is an attempt error, not an answer", () => {
    const acc = new ResponsesStreamAssembler();
    acc.push({ type: "error", sequence_number: 1, code: "rate_limit_exceeded", message: "slow down", param: null } as ResponseStreamEvent, 1);
    expect(acc.finish(null)).toMatchObject({ ok: false, error: { kind: "rate_limit", retryable: true } });
  });
});
