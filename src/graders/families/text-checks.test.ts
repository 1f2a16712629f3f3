import { describe, expect, it } from "vitest";
import "../index.js";
import { scoreGrader } from "../score.js";
import { context, jsonOutput, makeOutput, spec, toolCallOutput } from "../fixtures/make-output.js";
import type { Output } from "../../core/index.js";

const grade = (output: Output, fields: { type: string } & Record<string, unknown>) => scoreGrader(output, spec(fields), context());
const triage = jsonOutput({ team: "sales", order_id: "ORD-1", priority: 2, summary: "Customer wants a refund for a late order." });
const reply = makeOutput({ text: "We have issued a Refund for order ORD-1. Sorry for the delay." });

describe("equals", () => {
  it("compares the value at a path and says what was expected and what came", async () => {
    const fail = await grade(triage, { type: "equals", path: "$.team", value: "billing" });
    expect(fail).toMatchObject({ grader: "equals $.team", value: 0, pass: false, reason: "expected $.team = billing, got sales" });
    const pass = await grade(triage, { type: "equals", path: "$.order_id", value: "ORD-1" });
    expect(pass).toMatchObject({ value: 1, pass: true, reason: "$.order_id = ORD-1" });
  });

  it("treats a string var equal to the same number (dataset vars are strings)", async () => {
    expect(await grade(triage, { type: "equals", path: "$.priority", value: "2" })).toMatchObject({ pass: true });
    expect(await grade(triage, { type: "equals", path: "$.priority", value: 3 })).toMatchObject({ pass: false, reason: "expected $.priority = 3, got 2" });
  });

  it("compares a string value with the trimmed text when there is no path", async () => {
    const out = makeOutput({ text: "Paris\n" });
    expect(await grade(out, { type: "equals", value: "Paris" })).toMatchObject({ pass: true, reason: "output = Paris" });
    expect(await grade(out, { type: "equals", value: "Lyon" })).toMatchObject({ pass: false, reason: "expected output = Lyon, got Paris" });
  });

  it("compares objects deeply and names the first difference", async () => {
    const r = await grade(triage, { type: "equals", value: { team: "sales", order_id: "ORD-2", priority: 2, summary: "x" } });
    expect(r).toMatchObject({ pass: false, reason: "output differs: $.order_id: expected ORD-2, got ORD-1" });
  });

  it("fails a missing path, even under not", async () => {
    const missing = await grade(triage, { type: "equals", path: "$.queue", value: "billing" });
    expect(missing).toMatchObject({ value: 0, pass: false, reason: "$.queue is missing" });
    expect(await grade(triage, { type: "equals", path: "$.queue", value: "billing", not: true })).toMatchObject({ pass: false, reason: "$.queue is missing" });
  });

  it("fails a path on prose with the parse error and an excerpt", async () => {
    const r = await grade(reply, { type: "equals", path: "$.team", value: "billing" });
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/^output is not JSON: .+ \(text: 'We have issued a Refund/);
  });

  it("reads tool-call arguments through $.tool_calls when the output has no JSON", async () => {
    const out = toolCallOutput([{ name: "lookup_order", arguments: { order_id: "ORD-1" } }]);
    expect(await grade(out, { type: "equals", path: "$.tool_calls[0].arguments.order_id", value: "ORD-1" })).toMatchObject({ pass: true });
  });
});

describe("contains, icontains, starts-with", () => {
  it("contains is case-sensitive and shows what came when it fails", async () => {
    expect(await grade(reply, { type: "contains", value: "Refund" })).toMatchObject({ pass: true, reason: "output contains 'Refund'" });
    const r = await grade(reply, { type: "contains", value: "refund" });
    expect(r).toMatchObject({ pass: false, value: 0 });
    expect(r.reason).toBe("output does not contain 'refund' (got 'We have issued a Refund for order ORD-1. Sorry for the delay.')");
  });

  it("icontains ignores case", async () => {
    expect(await grade(reply, { type: "icontains", value: "refund" })).toMatchObject({ pass: true });
    expect(await grade(reply, { type: "icontains", value: "credit" })).toMatchObject({ pass: false });
  });

  it("checks the value at a path, and a number rendered from a var as text", async () => {
    expect(await grade(triage, { type: "contains", path: "$.summary", value: "refund" })).toMatchObject({ pass: true, reason: "$.summary contains 'refund'" });
    expect(await grade(makeOutput({ text: "Order 1042 shipped" }), { type: "contains", value: 1042 })).toMatchObject({ pass: true });
  });

  it("starts-with ignores leading whitespace", async () => {
    expect(await grade(makeOutput({ text: "\n Dear customer," }), { type: "starts-with", value: "Dear" })).toMatchObject({ pass: true });
    expect(await grade(reply, { type: "starts-with", value: "Dear" })).toMatchObject({ pass: false, reason: expect.stringMatching(/^output does not start with 'Dear'/) });
  });

  it("not inverts a check and says the outcome was unexpected", async () => {
    expect(await grade(reply, { type: "contains", value: "guarantee", not: true })).toMatchObject({ value: 1, pass: true, reason: expect.stringMatching(/^output does not contain 'guarantee'/) });
    expect(await grade(reply, { type: "contains", value: "Sorry", not: true })).toMatchObject({ value: 0, pass: false, reason: "unexpected: output contains 'Sorry'" });
  });
});

describe("contains-any, contains-all", () => {
  it("contains-any passes on one hit and lists the options when none hits", async () => {
    expect(await grade(reply, { type: "contains-any", value: ["credit", "Refund"] })).toMatchObject({ pass: true, reason: "output contains 'Refund' (one of 'credit', 'Refund')" });
    const r = await grade(reply, { type: "contains-any", value: ["credit", "voucher"] });
    expect(r.reason).toMatch(/^output contains none of 'credit', 'voucher' \(got /);
    expect(await grade(reply, { type: "contains-any", value: ["REFUND"], ignore_case: true })).toMatchObject({ pass: true });
  });

  it("contains-all names what is missing and how many were found", async () => {
    expect(await grade(reply, { type: "contains-all", value: ["Refund", "ORD-1"] })).toMatchObject({ pass: true });
    const r = await grade(reply, { type: "contains-all", value: ["Refund", "ORD-1", "tracking", "label"] });
    expect(r).toMatchObject({ value: 0, pass: false });
    expect(r.reason).toMatch(/^output is missing 'tracking', 'label' \(has 2 of 4\)/);
  });
});

describe("regex", () => {
  it("matches with flags and quotes the match", async () => {
    expect(await grade(reply, { type: "regex", pattern: "ORD-\\d+" })).toMatchObject({ pass: true, reason: "output matches /ORD-\\d+/ at 'ORD-1'" });
    expect(await grade(reply, { type: "regex", pattern: "^we have", flags: "i" })).toMatchObject({ pass: true });
    expect(await grade(reply, { type: "regex", pattern: "^we have" })).toMatchObject({ pass: false, reason: expect.stringMatching(/^output does not match \/\^we have\//) });
  });

  it("is stateless under the g flag (the same output matches every time)", async () => {
    const s = spec({ type: "regex", pattern: "ORD", flags: "g" });
    const first = await scoreGrader(reply, s, context());
    const second = await scoreGrader(reply, s, context());
    expect([first.pass, second.pass]).toEqual([true, true]);
  });

  it("fails, without crashing, on a pattern that only breaks under its flags", async () => {
    const r = await grade(reply, { type: "regex", pattern: "\\-x", flags: "u" });
    expect(r).toMatchObject({ value: 0, pass: false });
    expect(r.reason).toMatch(/^regex \/\\-x\/u does not compile/);
  });
});
