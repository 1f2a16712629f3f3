import { describe, expect, it } from "vitest";
import { renderChatRequest, renderResponsesRequest } from "../providers/index.js";
import { createThrottles } from "../runner/index.js";
import type { SuiteTarget } from "../suite/index.js";
import { endpointContext } from "../usecases/endpoints.js";
import { productionRequest } from "./arms.js";
import { createCandidate } from "./candidate.js";
import { importRequestMapper } from "./request-mapping.js";

const SCHEMA = { type: "object", additionalProperties: false, required: ["team"], properties: { team: { type: "string" } } };
const WEATHER = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

/** A candidate target that is never called: only its requests are rendered. */
function candidate(api: "chat" | "responses", params: SuiteTarget["params"] = {}) {
  const target: SuiteTarget = { id: "cand", provider: "openai", api, model: "gpt-4.1", params, base_url: "http://127.0.0.1:1/v1", api_key_env: "SHADOW_TEST_KEY", stream: false };
  return createCandidate(target, endpointContext({ allOnSim: false, env: { SHADOW_TEST_KEY: "k" }, offline: false }, createThrottles(1)));
}

function mapped(api: "chat" | "responses", body: Record<string, unknown>) {
  const m = importRequestMapper.toNeutral(api, body);
  if (!m.ok) throw new Error(m.skip);
  return m.request;
}

describe("a mirrored request, mapped by import and rendered as a replay run renders it", () => {
  const chat = {
    model: "gpt-4.1-mini",
    messages: [
      { role: "system", content: "Route tickets." },
      { role: "user", content: "Where is ORD-1?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ],
    tools: [{ type: "function", function: { name: "weather", description: "Weather", parameters: WEATHER, strict: false } }],
    tool_choice: "auto",
    response_format: { type: "json_schema", json_schema: { name: "route", schema: SCHEMA, strict: true } },
    temperature: 0,
    max_completion_tokens: 64,
    store: true,
  };

  it("a Chat request reaches a Chat candidate as the same body, with the candidate's model and `store: false` (a mirror leaves nothing stored)", () => {
    const { store: _store, ...sent } = chat;
    expect(renderChatRequest(candidate("chat").requestFor(mapped("chat", chat), "req-00000001"))).toEqual({ ...sent, model: "gpt-4.1", store: false });
  });

  it("the recorded production request keeps the model production asked for and its output schema", () => {
    const request = productionRequest("chat", mapped("chat", chat), "req-00000001", false);
    expect(request).toMatchObject({ api: "chat", model: "gpt-4.1-mini", instructions: "Route tickets.", output: { name: "route", strict: true }, params: { temperature: 0, max_output_tokens: 64 }, attempt: "req-00000001/0" });
  });

  it("a Responses request maps to the same neutral prompt as its Chat twin and reaches a Chat candidate as Chat; the target's params win", () => {
    const responses = {
      model: "gpt-4.1-mini",
      instructions: "Route tickets.",
      input: [
        { type: "message", role: "user", content: "Where is ORD-1?" },
        { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Oslo"}' },
        { type: "function_call_output", call_id: "call_1", output: "sunny" },
      ],
      text: { format: { type: "json_schema", name: "route", schema: SCHEMA, strict: true } },
      max_output_tokens: 64,
      stream: true,
    };
    const neutral = mapped("responses", responses);
    expect(neutral.messages).toEqual(mapped("chat", chat).messages);
    const asChat = renderChatRequest(candidate("chat", { max_output_tokens: 32 }).requestFor(neutral, "req-00000002")) as unknown as Record<string, unknown>;
    expect(asChat.messages).toEqual(chat.messages);
    expect(asChat.max_completion_tokens).toBe(32);
    expect(renderResponsesRequest(candidate("responses").requestFor(neutral, "req-00000002"))).toMatchObject({ instructions: "Route tickets.", max_output_tokens: 64, text: responses.text });
  });

  it("a field with no neutral form reaches a candidate on the API it was sent to, and no other", () => {
    const body = { model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }], n: 2, logit_bias: { "50256": -100 } };
    expect(renderChatRequest(candidate("chat").requestFor(mapped("chat", body), "req-00000003"))).toMatchObject({ n: 2, logit_bias: { "50256": -100 } });
    const asResponses = renderResponsesRequest(candidate("responses").requestFor(mapped("chat", body), "req-00000003")) as unknown as Record<string, unknown>;
    expect(asResponses.n).toBeUndefined();
    expect(asResponses.logit_bias).toBeUndefined();
  });

  it("refuses, with import's reason, what cannot be replayed: the request is not mirrored", () => {
    const refusal = (api: "chat" | "responses", body: Record<string, unknown>) => importRequestMapper.toNeutral(api, body);
    expect(refusal("chat", { model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.test/a.png" } }] }] })).toEqual({ ok: false, skip: "message 0 (user) has a `image_url` content part, which has no neutral form" });
    expect(refusal("responses", { model: "m", input: "hi", tools: [{ type: "web_search" }] })).toEqual({ ok: false, skip: "a tool of type `web_search` has no neutral form" });
    expect(refusal("responses", { model: "m", input: "hi", previous_response_id: "resp_1" })).toMatchObject({ ok: false, skip: expect.stringMatching(/previous_response_id/) });
    expect(refusal("chat", { model: "m", messages: [] })).toEqual({ ok: false, skip: "the request has no messages" });
    expect(refusal("chat", { model: "m", input: "hi" })).toEqual({ ok: false, skip: "the request is not a Chat Completions request: it has no `messages` list" });
  });
});
