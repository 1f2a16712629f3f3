import { describe, expect, it } from "vitest";
import type { Attempt, GenerateRequest, Output } from "../core/index.js";
import { Budget } from "./budget.js";
import { Runner, type AttemptExecutor, type RunnableAttempt } from "./runner.js";

const request = (attempt: string): GenerateRequest => ({ api: "chat", model: "m", messages: [{ role: "user", content: "hi" }], params: {}, attempt, stream: false });
const attempts: RunnableAttempt[] = Array.from({ length: 40 }, (_, i) => ({ caseId: `c${i}`, arm: "p@t", repeat: 0, request: request(`c${i}/0`) }));
const output: Output = {
  api: "chat", model: "m", text: "ok", toolCalls: [], refusal: null, finish: "stop",
  usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 10, reasoningTokens: 0, totalTokens: 20 },
  latency: { ttftMs: 1, totalMs: 2 }, requestId: null, raw: { request: null, response: null },
};

function runnerWith(executor: AttemptExecutor, budget: Budget<RunnableAttempt>) {
  const sent: string[] = [];
  const wrapped: AttemptExecutor = { generate: (r, s) => (sent.push(r.attempt), executor.generate(r, s)) };
  const runner = new Runner<RunnableAttempt>({
    runId: "run_b",
    attempts,
    executorFor: () => wrapped,
    grade: async () => ({ scores: [], score: 1, pass: true }),
    // Each attempt costs exactly $0.01; the worst case reserved is $0.03.
    costOf: () => ({ usd: 0.01, inputUsd: 0.005, outputUsd: 0.005 }),
    simulated: () => true,
    concurrency: 4,
    budget,
  });
  const stored: Attempt[] = [];
  runner.on("attempt-finished", ({ attempt }) => stored.push(attempt));
  return { runner, sent, stored };
}

const delayed: AttemptExecutor = { generate: () => new Promise((r) => setTimeout(() => r({ ok: true, tries: 1, output }), 2)) };

describe("Runner with a budget", () => {
  it("stops before the cap: spend never passes it, the run is budget-stopped and unsent attempts are not emitted", async () => {
    const budget = new Budget<RunnableAttempt>(0.205, () => 0.03);
    const { runner, sent, stored } = runnerWith(delayed, budget);
    const result = await runner.run();
    expect(result.status).toBe("budget-stopped");
    // Reservations of 0.03 fit while spend ≤ 0.175: the 18th attempt settles spend at 0.18.
    expect(stored).toHaveLength(18);
    expect(sent).toHaveLength(18);
    expect(result.counts.costUsd).toBeCloseTo(0.18, 10);
    expect(budget.state().spentUsd).toBeCloseTo(0.18, 10);
    expect(budget.state().spentUsd).toBeLessThanOrEqual(0.205);
    expect(budget.state().reservedUsd).toBeCloseTo(0, 12);
  });

  it("completes when the whole plan fits, and counts a replayed response as no spend", async () => {
    const replaying: AttemptExecutor = { generate: async () => ({ ok: true, tries: 0, output, replayed: true }) };
    const budget = new Budget<RunnableAttempt>(0.05, () => 0.03);
    const { runner, stored } = runnerWith(replaying, budget);
    const result = await runner.run();
    expect(result.status).toBe("completed");
    expect(stored).toHaveLength(40);
    expect(stored.every((a) => a.replayed && a.tries === 0)).toBe(true);
    expect(budget.state().spentUsd).toBe(0);
  });
});
