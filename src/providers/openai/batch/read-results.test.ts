import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../../core/index.js";
import { outcomesOf, parseJsonl, type BatchOutputLine } from "./read-results.js";

const request = (caseId: string, api: "chat" | "responses" = "chat"): GenerateRequest => ({
  api, model: "gpt-4.1-mini", messages: [{ role: "user", content: caseId }], params: {}, attempt: `${caseId}/0`, stream: false,
  output: { name: "t", schema: { type: "object", properties: { team: { type: "string" } } }, strict: false },
});

const completion = (text: string) => ({
  id: "chatcmpl-1", object: "chat.completion", created: 1, model: "gpt-4.1-mini-2025-04-14",
  choices: [{ index: 0, finish_reason: "stop", logprobs: null, message: { role: "assistant", content: text, refusal: null } }],
  usage: { prompt_tokens: 20, completion_tokens: 6, total_tokens: 26, prompt_tokens_details: { cached_tokens: 0 } },
});

const response = (text: string) => ({
  id: "resp_1", object: "response", created_at: 1, status: "completed", model: "gpt-4.1-mini", output_text: text,
  output: [{ type: "message", id: "msg_1", status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] }],
  usage: { input_tokens: 30, input_tokens_details: { cached_tokens: 10 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 34 },
});

const ok = (customId: string, body: unknown): BatchOutputLine => ({ custom_id: customId, response: { status_code: 200, request_id: `req_${customId}`, body }, error: null });

describe("output lines → attempts", () => {
  const requests = [request("a"), request("b"), request("c"), request("d"), request("e", "responses")];
  const lines: BatchOutputLine[] = [
    // Files list answers in completion order, not request order.
    ok("e/0", response('{"team":"sales"}')),
    ok("a/0", completion('{"team":"billing"}')),
    { custom_id: "b/0", response: { status_code: 400, request_id: "req_b", body: { error: { message: "Unsupported parameter: 'temperature'", type: "invalid_request_error", param: "temperature", code: "unsupported_parameter" } } }, error: null },
    { custom_id: "c/0", response: null, error: { code: "batch_expired", message: "This request could not be executed before the completion window expired." } },
    ok("zz/0", completion("not ours")),
  ];
  const out = outcomesOf(lines, requests, { id: "batch_9", status: "expired" });

  it("yields one outcome per request, in request order, and nothing for a line no request sent", () => {
    expect(out.map((o) => o.attempt)).toEqual(["a/0", "b/0", "c/0", "d/0", "e/0"]);
  });

  it("normalizes a 200 with the live normalizer, marked as batched, usage and JSON kept", () => {
    const a = out[0]!.outcome;
    expect(a).toMatchObject({ ok: true, tries: 1, output: { api: "chat", text: '{"team":"billing"}', json: { team: "billing" }, finish: "stop", requestId: "req_a/0", batch: { batchId: "batch_9", customId: "a/0" } } });
    expect(a.ok && a.output.usage).toEqual({ inputTokens: 20, cachedInputTokens: 0, outputTokens: 6, reasoningTokens: 0, totalTokens: 26 });
    const e = out[4]!.outcome;
    expect(e).toMatchObject({ ok: true, output: { api: "responses", json: { team: "sales" }, usage: { inputTokens: 30, cachedInputTokens: 10 }, batch: { customId: "e/0" } } });
  });

  it("classifies a line the endpoint rejected as a live reply with that status would be", () => {
    expect(out[1]!.outcome).toMatchObject({ ok: false, error: { kind: "bad_request", status: 400, requestId: "req_b", message: expect.stringContaining("temperature") } });
  });

  it("makes a request the batch never ran, or never reported, an error outcome", () => {
    expect(out[2]!.outcome).toMatchObject({ ok: false, error: { kind: "batch_unanswered", message: expect.stringContaining("batch_expired") } });
    expect(out[3]!.outcome).toMatchObject({ ok: false, error: { kind: "batch_unanswered", message: "batch batch_9 ended expired without answering this request" } });
  });

  it("skips blank and torn lines of a file", () => {
    const text = `${JSON.stringify(ok("a/0", completion("x")))}\n\n{"custom_id": "b/0", "resp\n`;
    expect(parseJsonl(text).map((l) => l.custom_id)).toEqual(["a/0"]);
  });
});
