import { describe, expect, it } from "vitest";
import { attemptKeyString, type Attempt, type GenerateRequest, type Output } from "../core/index.js";
import { makeOutput } from "../graders/fixtures/make-output.js";
import { Runner, type AttemptExecutor, type RunnableAttempt } from "./runner.js";
import { formatDuration, formatProgress } from "./progress.js";

const request = (attempt: string): GenerateRequest => ({
  api: "chat",
  model: "gpt-4.1-mini",
  messages: [{ role: "user", content: "hi" }],
  params: {},
  attempt,
  stream: false,
});

function plan(cases: number, arms: string[], repeats = 1): RunnableAttempt[] {
  const out: RunnableAttempt[] = [];
  for (let c = 0; c < cases; c++)
    for (const arm of arms)
      for (let r = 0; r < repeats; r++) out.push({ caseId: `c${c}`, arm, repeat: r, request: request(`c${c}/${r}`) });
  return out;
}

const output = (text: string): Output =>
  makeOutput({ api: "chat", text, usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, reasoningTokens: 0, totalTokens: 15 } });

/** An executor that records how many calls are in flight at once. */
function trackingExecutor(delayMs: number, failCase?: string) {
  const state = { inFlight: 0, maxInFlight: 0, calls: [] as string[] };
  const executor: AttemptExecutor = {
    async generate(req, signal) {
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      state.calls.push(req.attempt);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delayMs);
        signal?.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
      });
      state.inFlight--;
      if (signal?.aborted) return { ok: false, tries: 1, error: { kind: "cancelled", message: "cancelled", status: null, requestId: null, retryable: false } };
      if (failCase && req.attempt.startsWith(`${failCase}/`)) {
        return { ok: false, tries: 3, error: { kind: "server_error", message: "500", status: 500, requestId: "req_1", retryable: true } };
      }
      return { ok: true, tries: 1, output: output(`answer ${req.attempt}`) };
    },
  };
  return { executor, state };
}

function makeRunner(attempts: RunnableAttempt[], executor: AttemptExecutor, extra: Partial<ConstructorParameters<typeof Runner>[0]> = {}) {
  return new Runner({
    runId: "run_1",
    attempts,
    executorFor: () => executor,
    grade: async (_a, out) => ({ scores: [], score: out.text.includes("c1/") ? 0 : 1, pass: !out.text.includes("c1/") }),
    costOf: (_a, out) => ({ usd: (out.usage?.totalTokens ?? 0) / 1e6, inputUsd: null, outputUsd: null }),
    simulated: () => true,
    concurrency: 4,
    ...extra,
  });
}

describe("Runner", () => {
  it("never has more attempts in flight than the global cap", async () => {
    const { executor, state } = trackingExecutor(5);
    const result = await makeRunner(plan(20, ["p@a"]), executor, { concurrency: 3 }).run();
    expect(state.maxInFlight).toBe(3);
    expect(result.counts.finished).toBe(20);
  });

  it("caps a target below the global cap", async () => {
    const { executor, state } = trackingExecutor(5);
    await makeRunner(plan(12, ["p@slow"]), executor, { concurrency: 8, targetConcurrency: (t) => (t === "slow" ? 2 : undefined) }).run();
    expect(state.maxInFlight).toBe(2);
  });

  it("emits one attempt-finished per attempt with its grading, cost and identity, then run-finished", async () => {
    const { executor } = trackingExecutor(1);
    const runner = makeRunner(plan(3, ["p@a", "p@b"], 2), executor);
    const finished: Attempt[] = [];
    const order: string[] = [];
    runner.on("attempt-started", () => order.push("started"));
    runner.on("attempt-finished", ({ attempt }) => { finished.push(attempt); order.push("finished"); });
    runner.on("run-finished", () => order.push("run-finished"));
    const result = await runner.run();
    expect(finished).toHaveLength(12);
    expect(new Set(finished.map((a) => attemptKeyString(a.caseId, a.arm, a.repeat))).size).toBe(12);
    expect(order.at(-1)).toBe("run-finished");
    expect(result.counts).toMatchObject({ planned: 12, finished: 12, passed: 8, failed: 4, errors: 0 });
    expect(result.counts.costUsd).toBeCloseTo(12 * 15e-6, 12);
    const c1 = finished.find((a) => a.caseId === "c1");
    expect(c1).toMatchObject({ runId: "run_1", status: "ok", pass: false, score: 0, simulated: true, replayed: false });
  });

  it("stores an attempt that still fails as an error with its cause, billed nothing", async () => {
    const { executor } = trackingExecutor(1, "c2");
    const runner = makeRunner(plan(4, ["p@a"]), executor);
    const errors: Attempt[] = [];
    runner.on("attempt-finished", ({ attempt }) => attempt.status === "error" && errors.push(attempt));
    const result = await runner.run();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ caseId: "c2", tries: 3, pass: null, score: null, cost: { usd: 0 } });
    expect(errors[0]?.error).toMatchObject({ kind: "server_error", status: 500, requestId: "req_1" });
    expect(result.counts.errors).toBe(1);
    expect(result.status).toBe("completed");
  });

  it("reports a run whose every attempt errored as failed", async () => {
    const { executor } = trackingExecutor(1, "c0");
    expect((await makeRunner(plan(1, ["p@a"], 3), executor).run()).status).toBe("failed");
  });

  it("never sends an attempt listed as already stored", async () => {
    const { executor, state } = trackingExecutor(1);
    const skip = new Set([attemptKeyString("c0", "p@a", 0), attemptKeyString("c1", "p@a", 0)]);
    const result = await makeRunner(plan(5, ["p@a"]), executor, { skip }).run();
    expect(state.calls.sort()).toEqual(["c2/0", "c3/0", "c4/0"]);
    expect(result.counts).toMatchObject({ skipped: 2, finished: 3 });
  });

  it("on abort starts nothing new and does not emit cancelled attempts", async () => {
    const { executor, state } = trackingExecutor(50);
    const controller = new AbortController();
    const runner = makeRunner(plan(40, ["p@a"]), executor, { concurrency: 4, signal: controller.signal });
    let emitted = 0;
    runner.on("attempt-finished", () => emitted++);
    setTimeout(() => controller.abort(), 20);
    const result = await runner.run();
    expect(state.calls.length).toBe(4);
    expect(emitted).toBe(0);
    expect(result.status).toBe("interrupted");
  });
});

describe("progress", () => {
  it("shows done/total, errors, spend and an ETA from the pace so far", () => {
    const line = formatProgress({ done: 25, total: 100, errors: 2, spend: 0.0123, elapsedMs: 10_000 });
    expect(line).toContain("25/100 · 2 errors · $0.0123 · ETA 30s");
  });

  it("formats long durations in minutes and hours", () => {
    expect(formatDuration(125_000)).toBe("2m05s");
    expect(formatDuration(3_900_000)).toBe("1h05m");
  });
});
