import { describe, expect, it } from "vitest";
import type { AttemptError, GenerateRequest, Output, OutputToolCall, ToolHost, ToolLoopSpec } from "../core/index.js";
import type { AttemptExecutor, GenerateOutcome } from "./executor.js";
import { runToolLoop, sumLatency } from "./tool-loop.js";

/**
 * A scripted model: reply k is `script[k]` (tool calls or a final text). Each reply costs
 * 100 × k input tokens and 10 output tokens, takes 200 ms with a first token at 20 × k ms,
 * and has the response id resp_k; the requests it received are kept.
 */
function scriptedModel(script: Array<string[] | string | AttemptError>): AttemptExecutor & { sent: GenerateRequest[] } {
  const sent: GenerateRequest[] = [];
  return {
    sent,
    async generate(request): Promise<GenerateOutcome> {
      sent.push(request);
      const k = sent.length;
      const step = script[k - 1]!;
      if (typeof step === "object" && !Array.isArray(step)) return { ok: false, error: step, tries: 2 };
      const calls: OutputToolCall[] = Array.isArray(step) ? step.map((name, i) => ({ id: `call_${k}_${i}`, name, arguments: { n: k }, rawArguments: `{"n":${k}}` })) : [];
      const output: Output = {
        api: request.api, model: request.model, text: typeof step === "string" ? step : "", toolCalls: calls, refusal: null,
        finish: calls.length ? "tool_calls" : "stop",
        usage: { inputTokens: 100 * k, cachedInputTokens: 10, outputTokens: 10, reasoningTokens: 0, totalTokens: 100 * k + 10 },
        latency: { ttftMs: 20 * k, totalMs: 200, observed: { ttftMs: 25 * k, totalMs: 210 } },
        requestId: `req_${k}`, responseId: `resp_${k}`, raw: { request: { k }, response: { k } },
      };
      return { ok: true, output, tries: 1 };
    },
  };
}

/** Tools that answer `NAME:n` and count their calls. */
function countingTools(): ToolHost & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async call(call) {
      calls.push(call.name);
      return { callId: call.callId, name: call.name, output: `${call.name}:${String(call.arguments?.n)}` };
    },
  };
}

const request: GenerateRequest = { api: "responses", model: "gpt-4.1-mini", instructions: "Help.", messages: [{ role: "user", content: "Where is ORD-1?" }], params: {}, attempt: "c1/0", stream: true };
const loop = (state: ToolLoopSpec["state"], maxSteps = 4): ToolLoopSpec => ({ maxSteps, state, tools: ["lookup_order", "get_shipping_status"] });

describe("runToolLoop", () => {
  it("runs each proposed call, sends the results back with the whole history, and ends at the model's answer", async () => {
    const model = scriptedModel([["lookup_order"], ["get_shipping_status"], "It shipped."]);
    const tools = countingTools();
    const outcome = await runToolLoop(model, request, loop("history"), tools);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(tools.calls).toEqual(["lookup_order", "get_shipping_status"]);
    expect(model.sent.map((r) => r.messages.map((m) => m.role))).toEqual([
      ["user"],
      ["user", "assistant", "tool"],
      ["user", "assistant", "tool", "assistant", "tool"],
    ]);
    expect(model.sent.every((r) => r.previousResponseId === undefined)).toBe(true);
    expect(model.sent[2]!.messages[4]).toEqual({ role: "tool", tool_call_id: "call_2_0", content: "get_shipping_status:2" });
    const { output, tries } = outcome;
    expect(output.text).toBe("It shipped.");
    expect(output.trajectory).toMatchObject({ end: "answer", reason: "the model answered after 3 steps", maxSteps: 4, state: "history" });
    expect(output.trajectory!.steps.map((s) => s.results.map((r) => r.output))).toEqual([["lookup_order:1"], ["get_shipping_status:2"], []]);
    // 100 + 200 + 300 input tokens, 3 × 10 output; 3 × 200 ms; TTFT is the first step's 20 ms.
    expect(output.usage).toEqual({ inputTokens: 600, cachedInputTokens: 30, outputTokens: 30, reasoningTokens: 0, totalTokens: 630 });
    expect(output.latency).toEqual({ ttftMs: 20, totalMs: 600, observed: { ttftMs: 25, totalMs: 630 } });
    expect(tries).toBe(3);
  });

  it("with previous_response_id, sends only the new tool results after the first step, naming the last response", async () => {
    const model = scriptedModel([["lookup_order"], ["get_shipping_status"], "It shipped."]);
    await runToolLoop(model, request, loop("previous_response_id"), countingTools());
    expect(model.sent.map((r) => [r.previousResponseId, r.messages.map((m) => m.role)])).toEqual([
      [undefined, ["user"]],
      ["resp_1", ["tool"]],
      ["resp_2", ["tool"]],
    ]);
    expect(model.sent[1]!.instructions).toBe("Help.");
  });

  it("runs every call of a reply with parallel calls, in order, before asking again", async () => {
    const model = scriptedModel([["lookup_order", "get_shipping_status"], "Both done."]);
    const tools = countingTools();
    const outcome = await runToolLoop(model, request, loop("history"), tools);
    expect(tools.calls).toEqual(["lookup_order", "get_shipping_status"]);
    expect(model.sent[1]!.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool"]);
    expect(outcome.ok && outcome.output.trajectory?.steps).toHaveLength(2);
  });

  it("stops at max_steps when the model still calls a tool: an output with its reason, the last call never run", async () => {
    const model = scriptedModel([["lookup_order"], ["lookup_order"], ["lookup_order"]]);
    const tools = countingTools();
    const outcome = await runToolLoop(model, request, loop("history", 2), tools);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(model.sent).toHaveLength(2);
    expect(tools.calls).toEqual(["lookup_order"]);
    expect(outcome.output.trajectory).toMatchObject({ end: "max_steps", reason: "max_steps 2 reached: step 2 still called lookup_order instead of answering" });
    expect(outcome.output.usage?.inputTokens).toBe(300);
  });

  it("stops at a call of a tool the prompt does not offer, without running anything", async () => {
    const tools = countingTools();
    const outcome = await runToolLoop(scriptedModel([["cancel_order"]]), request, loop("history"), tools);
    expect(tools.calls).toEqual([]);
    expect(outcome.ok && outcome.output.trajectory).toMatchObject({
      end: "unknown_tool",
      reason: "step 1 called tool `cancel_order`, which the prompt does not offer (tools: lookup_order, get_shipping_status)",
    });
  });

  it("an error at any step is the attempt's error, its tries counted over the steps", async () => {
    const error: AttemptError = { kind: "server_error", message: "boom", status: 500, requestId: null, retryable: true };
    const outcome = await runToolLoop(scriptedModel([["lookup_order"], error]), request, loop("history"), countingTools());
    expect(outcome).toEqual({ ok: false, error, tries: 3 });
  });

  it("is replayed only when every step was", async () => {
    const inner = scriptedModel([["lookup_order"], "Done."]);
    let n = 0;
    const halfCached: AttemptExecutor = { generate: async (r, s) => ({ ...(await inner.generate(r, s)), ...(n++ === 0 ? { replayed: true } : {}) }) as GenerateOutcome };
    const outcome = await runToolLoop(halfCached, request, loop("history"), countingTools());
    expect(outcome.ok && outcome.replayed).toBeFalsy();
  });
});

describe("sumLatency", () => {
  it("keeps the observed clock only when every step has it", () => {
    expect(sumLatency([{ ttftMs: 5, totalMs: 10, observed: { ttftMs: 6, totalMs: 12 } }, { ttftMs: 7, totalMs: 30 }])).toEqual({ ttftMs: 5, totalMs: 40 });
  });
});
