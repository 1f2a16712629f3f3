import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../core/index.js";
import { renderChatRequest, renderResponsesRequest } from "../providers/index.js";
import { mapChatRequest } from "./map-chat.js";
import { mapResponsesRequest } from "./map-responses.js";

/** A neutral request with every mapped part: instructions, a tool round trip, tools, a schema, params. */
const neutral: GenerateRequest = {
  api: "chat",
  model: "gpt-4.1-mini",
  instructions: "Route the ticket.",
  messages: [
    { role: "user", content: "Where is ORD-1?" },
    { role: "assistant", content: null, tool_calls: [{ id: "call_1", name: "lookup", arguments: { order_id: "ORD-1" } }] },
    { role: "tool", tool_call_id: "call_1", content: '{"status":"late"}' },
    { role: "user", content: "And now?" },
  ],
  tools: [{ name: "lookup", description: "Find an order", parameters: { type: "object", properties: { order_id: { type: "string" } } }, strict: false }],
  toolChoice: "auto",
  output: { name: "answer", schema: { type: "object", properties: { team: { type: "string" } } }, strict: true },
  params: { temperature: 0.2, top_p: 0.9, max_output_tokens: 300 },
  attempt: "c/0",
  stream: false,
};

const expected = {
  model: "gpt-4.1-mini",
  instructions: "Route the ticket.",
  messages: neutral.messages,
  tools: neutral.tools,
  tool_choice: "auto",
  output: neutral.output,
  params: neutral.params,
};

describe("mapping a logged request back to the neutral prompt (the renderers' inverse)", () => {
  it("Chat Completions: render then map gives the neutral request back", () => {
    const mapped = mapChatRequest(renderChatRequest(neutral) as unknown as Record<string, unknown>);
    expect(mapped).toEqual({ ok: true, request: expected, notes: [] });
  });

  it("Responses: render then map gives the neutral request back", () => {
    const mapped = mapResponsesRequest(renderResponsesRequest({ ...neutral, api: "responses" }) as unknown as Record<string, unknown>);
    expect(mapped).toEqual({ ok: true, request: expected, notes: [] });
  });

  it("keeps fields with no neutral form for arms of the same API, with a note", () => {
    const body = { ...(renderChatRequest(neutral) as unknown as Record<string, unknown>), logit_bias: { "50256": -100 }, frequency_penalty: 0.5 };
    const mapped = mapChatRequest(body);
    expect(mapped.ok && mapped.request.passthrough).toEqual({ api: "chat", fields: { logit_bias: { "50256": -100 }, frequency_penalty: 0.5 } });
    expect(mapped.ok && mapped.notes).toEqual([
      "`logit_bias` has no neutral form: kept for chat arms, dropped for responses arms",
      "`frequency_penalty` has no neutral form: kept for chat arms, dropped for responses arms",
    ]);
  });

  it("leaves out what cannot be replayed: an image, a request continuing stored state", () => {
    const image = mapChatRequest({ model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }] });
    expect(image).toEqual({ ok: false, skip: "message 0 (user) has a `image_url` content part, which has no neutral form" });
    const continued = mapResponsesRequest({ model: "m", input: "hi", previous_response_id: "resp_1" });
    expect(continued.ok).toBe(false);
  });
});
