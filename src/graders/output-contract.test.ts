import { describe, expect, it } from "vitest";
import type { Output, OutputToolCall } from "../core/index.js";
import { createOutputChecks } from "./output-contract.js";

const output = (o: Partial<Output>): Output => ({
  api: "chat", model: "m", text: "", toolCalls: [], refusal: null, finish: "stop", usage: null,
  latency: { ttftMs: null, totalMs: 1 }, requestId: null, raw: { request: null, response: null }, ...o,
});
const call = (name: string, args: Record<string, unknown> | null): OutputToolCall => ({ id: "c", name, arguments: args, rawArguments: JSON.stringify(args) });

const checks = createOutputChecks({
  output: { schema: { type: "object", required: ["team"], additionalProperties: false, properties: { team: { enum: ["billing", "sales"] } } } },
  tools: [
    { name: "lookup_order", parameters: { type: "object", required: ["order_id"], properties: { order_id: { type: "string", pattern: "^ORD-" } } } },
    { name: "ping" },
  ],
});

describe("createOutputChecks", () => {
  it("checks an output's JSON against the prompt's schema; a refusal, an empty or a cut output is not valid", () => {
    expect(checks.schemaValid?.(output({ text: '{"team":"billing"}', json: { team: "billing" } }))).toBe(true);
    expect(checks.schemaValid?.(output({ text: '{"team":"legal"}', json: { team: "legal" } }))).toBe(false);
    expect(checks.schemaValid?.(output({ text: '{"team":"bil', finish: "length" }))).toBe(false);
    expect(checks.schemaValid?.(output({ refusal: "I can't" }))).toBe(false);
    expect(checks.schemaValid?.(output({ text: "" }))).toBe(false);
    expect(createOutputChecks({}).schemaValid).toBeNull();
  });

  it("checks a call's arguments against its tool's parameters; an undeclared tool or unparseable arguments are invalid", () => {
    expect(checks.toolArgumentsValid(call("lookup_order", { order_id: "ORD-7" }))).toBe(true);
    expect(checks.toolArgumentsValid(call("lookup_order", { order_id: "7" }))).toBe(false);
    expect(checks.toolArgumentsValid(call("lookup_order", {}))).toBe(false);
    expect(checks.toolArgumentsValid(call("lookup_order", null))).toBe(false);
    expect(checks.toolArgumentsValid(call("ping", { anything: 1 }))).toBe(true);
    expect(checks.toolArgumentsValid(call("refund", { order_id: "ORD-7" }))).toBe(false);
  });
});
