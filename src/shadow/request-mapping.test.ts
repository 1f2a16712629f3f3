import { describe, expect, it } from "vitest";
import { renderChatRequest, renderResponsesRequest } from "../providers/index.js";
import { builtinRequestMapper } from "./request-mapping.js";

const SCHEMA = { type: "object", additionalProperties: false, required: ["team"], properties: { team: { type: "string" } } };
const WEATHER = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

describe("a logged request mapped back to the neutral prompt", () => {
  it("a Chat request with a system message, a tool turn, a schema and params renders back to the same Chat body", () => {
    const chat = {
      model: "gpt-4.1-mini",
      messages: [
        { role: "system", content: "Route tickets." },
        { role: "user", content: [{ type: "text", text: "Where is ORD-1?" }, { type: "image_url", image_url: { url: "https://example.test/a.png", detail: "low" } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ],
      tools: [{ type: "function", function: { name: "weather", description: "Weather", parameters: WEATHER, strict: false } }],
      tool_choice: "auto",
      response_format: { type: "json_schema", json_schema: { name: "route", schema: SCHEMA, strict: true } },
      temperature: 0,
      max_completion_tokens: 64,
      store: false,
    };
    const mapped = builtinRequestMapper.toNeutral("chat", chat);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.request).toMatchObject({ api: "chat", model: "gpt-4.1-mini", instructions: "Route tickets.", output: { name: "route", strict: true }, params: { temperature: 0, max_output_tokens: 64, store: false } });
    expect(renderChatRequest(mapped.request)).toEqual(chat);
  });

  it("a Responses request maps to the same neutral prompt as its Chat twin, and renders to Chat for a candidate on the other API", () => {
    const responses = {
      model: "gpt-4.1-mini",
      instructions: "Route tickets.",
      input: [
        { type: "message", role: "user", content: "Where is ORD-1?" },
        { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Oslo"}' },
        { type: "function_call_output", call_id: "call_1", output: "sunny" },
      ],
      text: { format: { type: "json_schema", name: "route", schema: SCHEMA, strict: true } },
      reasoning: { effort: "low" },
      max_output_tokens: 64,
      stream: true,
    };
    const mapped = builtinRequestMapper.toNeutral("responses", responses);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.request.messages).toEqual([
      { role: "user", content: "Where is ORD-1?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", name: "weather", arguments: { city: "Oslo" } }] },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ]);
    expect(mapped.request.stream).toBe(true);
    const asChat = renderChatRequest({ ...mapped.request, api: "chat" }) as unknown as Record<string, unknown>;
    expect(asChat.messages).toEqual([
      { role: "system", content: "Route tickets." },
      { role: "user", content: "Where is ORD-1?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ]);
    expect(asChat.reasoning_effort).toBe("low");
    expect(renderResponsesRequest(mapped.request)).toMatchObject({ instructions: "Route tickets.", max_output_tokens: 64, reasoning: { effort: "low" } });
  });

  it("refuses, with the reason, what the neutral prompt cannot carry", () => {
    const base = { model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] };
    expect(builtinRequestMapper.toNeutral("chat", { ...base, n: 3 })).toEqual({ ok: false, reason: "n has no neutral form" });
    expect(builtinRequestMapper.toNeutral("chat", { ...base, n: 1, logprobs: false })).toMatchObject({ ok: true });
    expect(builtinRequestMapper.toNeutral("chat", { ...base, response_format: { type: "json_object" } })).toEqual({ ok: false, reason: "only a json_schema response format has a neutral form" });
    expect(builtinRequestMapper.toNeutral("responses", { model: "m", input: "hi", tools: [{ type: "web_search" }] })).toEqual({ ok: false, reason: "a tool of type web_search has no neutral form" });
    expect(builtinRequestMapper.toNeutral("responses", { model: "m", input: "hi", previous_response_id: "resp_1" })).toMatchObject({ ok: false });
    expect(builtinRequestMapper.toNeutral("chat", { messages: [] })).toMatchObject({ ok: false });
  });
});
