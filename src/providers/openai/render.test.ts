import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../core/index.js";
import { renderChatRequest } from "./render-chat.js";
import { renderResponsesRequest } from "./render-responses.js";
import { prepareRequest } from "./render.js";

const schema = { type: "object", properties: { team: { type: "string" } }, required: ["team"], additionalProperties: false };

function req(over: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    api: "chat",
    model: "gpt-4.1-mini",
    instructions: "Triage.",
    messages: [{ role: "user", content: "Ticket" }],
    params: {},
    attempt: "c1/0",
    stream: false,
    ...over,
  };
}

describe("param mapping (docs/design/architecture.md §4)", () => {
  it("max_output_tokens becomes max_completion_tokens on chat and max_output_tokens on responses", () => {
    const r = req({ params: { max_output_tokens: 300 } });
    expect(renderChatRequest(r)).toMatchObject({ max_completion_tokens: 300 });
    expect(renderChatRequest(r)).not.toHaveProperty("max_tokens");
    expect(renderResponsesRequest(r)).toMatchObject({ max_output_tokens: 300 });
  });

  it("reasoning_effort is flat on chat and nested under reasoning on responses", () => {
    const r = req({ model: "gpt-5-mini", params: { reasoning_effort: "low" } });
    expect(renderChatRequest(r)).toMatchObject({ reasoning_effort: "low" });
    expect(renderResponsesRequest(r)).toMatchObject({ reasoning: { effort: "low" } });
  });

  it("store is false on both APIs unless the target says otherwise", () => {
    expect(renderChatRequest(req()).store).toBe(false);
    expect(renderResponsesRequest(req()).store).toBe(false);
    expect(renderResponsesRequest(req({ params: { store: true } })).store).toBe(true);
  });

  it("a reasoning model's temperature is dropped with a warning, never silently", () => {
    const p = prepareRequest(req({ model: "gpt-5-mini", params: { temperature: 0, reasoning_effort: "low" } }));
    expect(p.wire.body).not.toHaveProperty("temperature");
    expect(p.warnings).toEqual(["temperature dropped: gpt-5-mini is a reasoning model and takes no temperature"]);
  });

  it("seed and stop are dropped on responses with a warning each, and kept on chat", () => {
    const params = { seed: 3, stop: "END" };
    const resp = prepareRequest(req({ api: "responses", params }));
    expect(resp.wire.body).not.toHaveProperty("seed");
    expect(resp.wire.body).not.toHaveProperty("stop");
    expect(resp.warnings).toHaveLength(2);
    const chat = prepareRequest(req({ params }));
    expect(chat.wire.body).toMatchObject({ seed: 3, stop: "END" });
    expect(chat.warnings).toEqual([]);
  });

  it("max_output_tokens under 16 on responses is a load error", () => {
    expect(prepareRequest(req({ api: "responses", params: { max_output_tokens: 8 } })).errors).toEqual([
      "max_output_tokens must be at least 16 on the Responses API (got 8)",
    ]);
  });

  it("an unknown model is a warning that its cost is unknown, and its params are sent as given", () => {
    const p = prepareRequest(req({ model: "llama-3-70b", params: { temperature: 0.5 } }));
    expect(p.warnings[0]).toMatch(/llama-3-70b is not in the model catalog.*cost is unknown/);
    expect(p.wire.body).toMatchObject({ temperature: 0.5 });
  });
});

describe("prompt rendering", () => {
  it("instructions are a system message on chat and `instructions` on responses", () => {
    expect(renderChatRequest(req()).messages[0]).toEqual({ role: "system", content: "Triage." });
    const r = renderResponsesRequest(req());
    expect(r.instructions).toBe("Triage.");
    expect(r.input).toBe("Ticket");
  });

  it("the output schema is nested response_format on chat and flat text.format on responses", () => {
    const r = req({ output: { name: "triage", schema, strict: true } });
    expect(renderChatRequest(r).response_format).toEqual({ type: "json_schema", json_schema: { name: "triage", schema, strict: true } });
    expect(renderResponsesRequest(r).text).toEqual({ format: { type: "json_schema", name: "triage", schema, strict: true } });
  });

  it("tools are nested on chat and flat on responses, with strict sent explicitly to both", () => {
    const r = req({ tools: [{ name: "t", strict: false }], toolChoice: { name: "t" } });
    const chat = renderChatRequest(r);
    expect(chat.tools).toEqual([{ type: "function", function: { name: "t", strict: false } }]);
    expect(chat.tool_choice).toEqual({ type: "function", function: { name: "t" } });
    const resp = renderResponsesRequest(r);
    expect(resp.tools).toEqual([{ type: "function", name: "t", parameters: null, strict: false }]);
    expect(resp.tool_choice).toEqual({ type: "function", name: "t" });
  });

  it("assistant tool calls and tool results become function_call and function_call_output items", () => {
    const r = req({
      messages: [
        { role: "user", content: "Where?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_9", name: "find", arguments: { id: 1 } }] },
        { role: "tool", tool_call_id: "call_9", content: "here" },
      ],
    });
    expect(renderChatRequest(r).messages.slice(2)).toEqual([
      { role: "assistant", content: null, tool_calls: [{ id: "call_9", type: "function", function: { name: "find", arguments: '{"id":1}' } }] },
      { role: "tool", tool_call_id: "call_9", content: "here" },
    ]);
    expect(renderResponsesRequest(r).input).toEqual([
      { type: "message", role: "user", content: "Where?" },
      { type: "function_call", call_id: "call_9", name: "find", arguments: '{"id":1}' },
      { type: "function_call_output", call_id: "call_9", output: "here" },
    ]);
  });

  it("a streamed chat request asks for the usage chunk; responses needs no option", () => {
    expect(renderChatRequest(req({ stream: true }))).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(renderResponsesRequest(req({ stream: true }))).not.toHaveProperty("stream_options");
  });
});
