/**
 * Tool loops through the official `openai` SDK against the simulator: the SDK's own
 * `chat.completions.runTools` helper, and a hand-written Responses loop — once resending
 * the full input, once continuing with `previous_response_id` — all reach the case's answer.
 */
import OpenAI from "openai";
import type { RunnableToolFunctionWithParse } from "openai/lib/RunnableFunction";
import type { ResponseInputItem } from "openai/resources/responses/responses";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { loopIndex, loopKey, ORDER_TOOLS } from "./loop-client.js";

let sim: RunningSimulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, models: { "gpt-4.1-mini": { accuracy: 1 } } }, loopIndex(3));
  client = new OpenAI({ baseURL: sim.url, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(async () => sim.close());

/** What the application's tools return: the order's tracking number, then its status. */
function runTool(name: string, args: Record<string, unknown>): string {
  if (name === "lookup_order") return JSON.stringify({ order_id: args.order_id, tracking_id: "TRK-901" });
  return JSON.stringify({ tracking_id: args.tracking_id, status: "in_transit" });
}

const expected = `Order ORD-7001 is in transit with tracking TRK-901.`;

test("chat.completions.runTools calls both tools with the case's arguments, then returns the answer", async () => {
  const seen: Array<[string, unknown]> = [];
  const tools: RunnableToolFunctionWithParse<Record<string, unknown>>[] = ORDER_TOOLS.map((t) => ({
    type: "function" as const,
    function: {
      name: t.name,
      description: t.description,
      parameters: t.parameters,
      parse: (input: string) => JSON.parse(input) as Record<string, unknown>,
      function: (args: Record<string, unknown>) => {
        seen.push([t.name, args]);
        return runTool(t.name, args);
      },
    },
  }));
  const runner = client.chat.completions.runTools({ model: "gpt-4.1-mini", messages: [{ role: "user", content: loopKey(1) }], tools }, { headers: { "x-evalgate-attempt": "loop-1/0" } });
  expect(await runner.finalContent()).toBe(expected);
  expect(seen).toEqual([["lookup_order", { order_id: "ORD-7001" }], ["get_shipping_status", { tracking_id: "TRK-901" }]]);
  const usage = await runner.totalUsage();
  expect(usage.prompt_tokens).toBeGreaterThan(0);
  // Three requests: two tool calls, then the answer.
  expect((await runner.allChatCompletions()).map((c) => c.choices[0]!.finish_reason)).toEqual(["tool_calls", "tool_calls", "stop"]);
});

const responseTools = ORDER_TOOLS.map((t) => ({ type: "function" as const, name: t.name, description: t.description, parameters: t.parameters, strict: true }));

/** A hand-written Responses loop, as OpenAI's function-calling guide writes it. */
async function responsesLoop(mode: "full" | "previous", attempt: string): Promise<{ text: string; calls: string[]; requests: number }> {
  const input: ResponseInputItem[] = [{ role: "user", content: loopKey(1) }];
  let previous: string | undefined;
  let fresh: ResponseInputItem[] = input;
  const calls: string[] = [];
  for (let requests = 1; requests <= 5; requests++) {
    const response = await client.responses.create(
      { model: "gpt-4.1-mini", input: previous ? fresh : input, tools: responseTools, store: mode === "previous", ...(previous ? { previous_response_id: previous } : {}) },
      { headers: { "x-evalgate-attempt": attempt } },
    );
    const pending = response.output.filter((item) => item.type === "function_call");
    if (pending.length === 0) return { text: response.output_text, calls, requests };
    const outputs: ResponseInputItem[] = pending.map((c) => {
      calls.push(c.name);
      return { type: "function_call_output", call_id: c.call_id, output: runTool(c.name, JSON.parse(c.arguments) as Record<string, unknown>) };
    });
    input.push(...pending, ...outputs);
    fresh = outputs;
    if (mode === "previous") previous = response.id;
  }
  throw new Error("the loop did not end in 5 requests");
}

test("a Responses loop resending the full input (function_call + function_call_output items) reaches the answer", async () => {
  expect(await responsesLoop("full", "loop-1/1")).toEqual({ text: expected, calls: ["lookup_order", "get_shipping_status"], requests: 3 });
});

test("a Responses loop continuing with previous_response_id (store: true) reaches the same answer, and the stored responses read back", async () => {
  expect(await responsesLoop("previous", "loop-1/2")).toEqual({ text: expected, calls: ["lookup_order", "get_shipping_status"], requests: 3 });
  const first = await client.responses.create({ model: "gpt-4.1-mini", input: loopKey(2), tools: responseTools, store: true }, { headers: { "x-evalgate-attempt": "loop-2/0" } });
  const read = await client.responses.retrieve(first.id);
  expect(read.id).toBe(first.id);
  expect(read.output).toEqual(first.output);
  await expect(client.responses.retrieve("resp_never_stored")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
});
