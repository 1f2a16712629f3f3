import { expect, it } from "vitest";
import type { Attempt, LoopStep } from "../core/index.js";
import { makeAttempt, makeCases, makeErrorAttempt, makeRun, makeSuite } from "./store-fixtures.js";
import { collect, type Store } from "./store.js";

type Open = (location?: string) => Promise<Store>;

function step(index: number, call: string | null, sk: string): LoopStep {
  return {
    index,
    text: call ? "" : "Order ORD-1 shipped.",
    toolCalls: call ? [{ id: `call_${index}`, name: call, arguments: { order_id: "ORD-1" }, rawArguments: '{"order_id":"ORD-1"}' }] : [],
    results: call ? [{ callId: `call_${index}`, name: call, output: '{"status":"shipped"}' }] : [],
    finish: call ? "tool_calls" : "stop",
    usage: { inputTokens: 100 * index, cachedInputTokens: 0, outputTokens: 10, reasoningTokens: 0, totalTokens: 100 * index + 10 },
    latency: { ttftMs: 50, totalMs: 200 },
    requestId: `req_${index}`,
    responseId: `resp_${index}`,
    // A secret in a raw payload is masked in every store, as an attempt's own raw is.
    raw: { request: { model: "gpt-4.1-mini", input: `step ${index}`, api_key: sk }, response: { id: `resp_${index}`, object: "response" } },
  };
}

/** A three-step tool loop attempt: two calls, then the answer. */
export function makeLoopAttempt(caseId: string, sk = "sk-live-abcdefghijklmnop"): Attempt {
  const base = makeAttempt({ caseId });
  const steps = [step(1, "lookup_order", sk), step(2, "get_shipping_status", sk), step(3, null, sk)];
  return {
    ...base,
    output: {
      ...base.output!,
      text: "Order ORD-1 shipped.",
      json: undefined,
      toolCalls: [],
      trajectory: { end: "answer", reason: "the model answered after 3 steps", maxSteps: 4, state: "previous_response_id", steps },
    },
  };
}

/** Tool-loop attempts keep every step (migration 008 on SQLite, 005 on Postgres): bodies always, raw payloads on request. */
export function describeLoopSteps(open: Open): void {
  it("stores every step of a tool loop: calls, results and usage always, raw payloads when asked, secrets masked", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), makeCases(2));
    const loop = makeLoopAttempt("case-000");
    delete loop.output!.json;
    await store.recordAttempt(loop);

    const read = await store.getAttempt(run.id, "case-000", loop.arm, 0);
    const steps = read?.output?.trajectory?.steps ?? [];
    expect(read?.output?.trajectory).toMatchObject({ end: "answer", maxSteps: 4, state: "previous_response_id" });
    expect(steps.map((s) => [s.index, s.toolCalls.map((c) => c.name), s.results.map((r) => r.output), s.usage?.inputTokens])).toEqual([
      [1, ["lookup_order"], ['{"status":"shipped"}'], 100],
      [2, ["get_shipping_status"], ['{"status":"shipped"}'], 200],
      [3, [], [], 300],
    ]);
    expect(steps[1]?.raw.response).toEqual({ id: "resp_2", object: "response" });
    expect(JSON.stringify(steps.map((s) => s.raw))).not.toContain("sk-live-abcdefghijklmnop");

    const listed = (await store.listAttempts(run.id, { limit: 10, offset: 0 })).attempts[0];
    expect(listed?.output?.trajectory?.steps.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(listed?.output?.trajectory?.steps.every((s) => s.raw.request === null && s.raw.response === null)).toBe(true);
    const streamed = await collect(store.streamAttempts(run.id, { includeRaw: true }));
    expect(streamed[0]?.output?.trajectory?.steps[0]?.raw.request).toMatchObject({ input: "step 1" });
  });

  it("re-recording a loop attempt replaces its steps, also after an error took its place", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), makeCases(1));
    const loop = makeLoopAttempt("case-000");
    delete loop.output!.json;
    await store.recordAttempt(loop);
    const shorter = makeLoopAttempt("case-000");
    delete shorter.output!.json;
    shorter.output!.trajectory!.steps = shorter.output!.trajectory!.steps.slice(1).map((s, i) => ({ ...s, index: i + 1 }));
    await store.recordAttempt(shorter);
    const read = await store.getAttempt(run.id, "case-000", loop.arm, 0);
    expect(read?.output?.trajectory?.steps.map((s) => s.toolCalls.map((c) => c.name))).toEqual([["get_shipping_status"], []]);

    await store.recordAttempt(makeErrorAttempt({ caseId: "case-000", arm: loop.arm }));
    await store.recordAttempt(loop);
    expect((await store.getAttempt(run.id, "case-000", loop.arm, 0))?.output?.trajectory?.steps).toHaveLength(3);
  });
}
