import { describe, expect, it } from "vitest";
import "../index.js";
import { scoreGrader } from "../score.js";
import { context, makeOutput, spec, toolCallOutput } from "../fixtures/make-output.js";
import type { Output } from "../../core/index.js";
import type { GradeContext } from "../types.js";

const grade = (output: Output, fields: { type: string } & Record<string, unknown>, ctx: GradeContext = context()) => scoreGrader(output, spec(fields), ctx);
const lookup = { type: "tool-call", name: "lookup_order", arguments: { order_id: "ORD-1" } };

describe("tool-call", () => {
  it("passes when the output made the call, with extra arguments allowed", async () => {
    const out = toolCallOutput([{ name: "lookup_order", arguments: { order_id: "ORD-1", include_items: true } }]);
    expect(await grade(out, lookup)).toMatchObject({ value: 1, pass: true, reason: "called lookup_order(order_id=ORD-1, include_items=true)" });
  });

  it("says so when no tool was called", async () => {
    const r = await grade(makeOutput({ text: "Your order ORD-1 is on its way." }), lookup);
    expect(r).toMatchObject({ value: 0, pass: false, reason: "tool-call: expected lookup_order(order_id=ORD-1), got no tool call (text: 'Your order ORD-1 is on its way.')" });
  });

  it("names the differing argument of a same-name call", async () => {
    const r = await grade(toolCallOutput([{ name: "lookup_order", arguments: { order_id: "ORD-2" } }]), lookup);
    expect(r.reason).toBe("tool-call: expected lookup_order(order_id=ORD-1), got lookup_order(order_id=ORD-2) (arguments $.order_id: expected ORD-1, got ORD-2)");
  });

  it("lists other calls, and flags arguments that are not JSON", async () => {
    expect((await grade(toolCallOutput([{ name: "refund", arguments: { amount: 30 } }]), lookup)).reason).toBe("tool-call: expected lookup_order(order_id=ORD-1), got refund(amount=30)");
    const broken = await grade(toolCallOutput([{ name: "lookup_order", arguments: '{"order_id": "ORD-' }]), lookup);
    expect(broken.reason).toBe('tool-call: expected lookup_order(order_id=ORD-1), got lookup_order(<invalid JSON: {"order_id": "ORD->) (its arguments are not valid JSON)');
  });

  it("checks the call at a given index, and any call without one", async () => {
    const out = toolCallOutput([{ name: "lookup_customer", arguments: { email: "a@b.c" } }, { name: "lookup_order", arguments: { order_id: "ORD-1" } }]);
    expect(await grade(out, lookup)).toMatchObject({ pass: true });
    expect(await grade(out, { ...lookup, index: 1 })).toMatchObject({ pass: true, reason: "call #1 is lookup_order(order_id=ORD-1)" });
    expect((await grade(out, { ...lookup, index: 0 })).reason).toBe("tool-call: expected call #0 to be lookup_order(order_id=ORD-1), got lookup_customer(email=a@b.c)");
    expect((await grade(out, { ...lookup, index: 2 })).reason).toMatch(/^tool-call: expected call #2 to be lookup_order\(order_id=ORD-1\), but 2 call\(s\) were made/);
  });

  it("matches by name alone when no arguments are given; not: true forbids the call", async () => {
    const out = toolCallOutput([{ name: "issue_refund", arguments: { amount: 500 } }]);
    expect(await grade(out, { type: "tool-call", name: "issue_refund" })).toMatchObject({ pass: true });
    expect(await grade(out, { type: "tool-call", name: "issue_refund", not: true })).toMatchObject({ pass: false, reason: "unexpected: called issue_refund(amount=500)" });
  });
});

describe("finish", () => {
  it("compares the finish reason, one or a list", async () => {
    expect(await grade(makeOutput({ finish: "stop" }), { type: "finish", reason: "stop" })).toMatchObject({ pass: true, reason: "finish reason stop" });
    expect(await grade(makeOutput({ finish: "length" }), { type: "finish", reason: "stop" })).toMatchObject({ pass: false, reason: "expected finish reason stop, got length" });
    expect(await grade(makeOutput({ finish: "tool_calls" }), { type: "finish", reason: ["stop", "tool_calls"] })).toMatchObject({ pass: true });
  });
});

describe("refusal", () => {
  it("passes on an API refusal and on a text that opens with one", async () => {
    const api = makeOutput({ refusal: "I'm sorry, I can't assist with that request.", finish: "refusal" });
    expect(await grade(api, { type: "refusal" })).toMatchObject({ pass: true, reason: "output refused: the API reported a refusal: 'I'm sorry, I can't assist with that request.'" });
    for (const text of ["I’m sorry, but I can’t help with that.", "I cannot provide instructions for that.", "Sorry, I won't do that.", "I must decline."]) {
      expect(await grade(makeOutput({ text }), { type: "refusal" }), text).toMatchObject({ pass: true });
    }
  });

  it("does not mistake an answer for a refusal, and not: true checks it answered", async () => {
    const answer = makeOutput({ text: "I can't wait to help: your refund is on its way." });
    expect(await grade(answer, { type: "refusal" })).toMatchObject({ pass: false, reason: "output did not refuse (it answered 'I can't wait to help: your refund is on its way.')" });
    expect(await grade(answer, { type: "refusal", not: true })).toMatchObject({ pass: true });
    expect(await grade(makeOutput({ text: "I cannot help with that." }), { type: "refusal", match_text: false })).toMatchObject({ pass: false });
  });
});

describe("cost and latency", () => {
  it("cost compares the attempt's cost with max_usd", async () => {
    expect(await grade(makeOutput(), { type: "cost", max_usd: 0.0005 })).toMatchObject({ pass: true, reason: "cost $0.000225 ≤ max $0.000500" });
    expect(await grade(makeOutput(), { type: "cost", max_usd: 0.0001 })).toMatchObject({ pass: false, reason: "cost $0.000225 > max $0.000100" });
  });

  it("an unknown cost is unscored, not a failure", async () => {
    const unknown = context({ cost: { usd: null, inputUsd: null, outputUsd: null } });
    const r = await grade(makeOutput({ model: "my-finetune" }), { type: "cost", max_usd: 0.01 }, unknown);
    expect(r).toMatchObject({ value: null, pass: true, reason: "unscored: cost unknown (no price for my-finetune), so not compared with max $0.0100" });
  });

  it("latency checks total time or time to first token", async () => {
    const out = makeOutput({ latency: { ttftMs: 340.4, totalMs: 812 } });
    expect(await grade(out, { type: "latency", max_ms: 500 })).toMatchObject({ pass: false, reason: "latency 812 ms > max 500 ms" });
    expect(await grade(out, { type: "latency", max_ms: 500, of: "ttft" })).toMatchObject({ pass: true, reason: "ttft 340 ms ≤ max 500 ms" });
    const unstreamed = makeOutput({ latency: { ttftMs: null, totalMs: 900 } });
    expect(await grade(unstreamed, { type: "latency", max_ms: 500, of: "ttft" })).toMatchObject({ value: null });
    const batched = makeOutput({ latency: { ttftMs: null, totalMs: 0 }, batch: { batchId: "batch_1", customId: "c/0" } });
    expect(await grade(batched, { type: "latency", max_ms: 500 })).toMatchObject({ value: null, reason: expect.stringContaining("a batch answered") });
  });
});
