import { describe, expect, it } from "vitest";
import type { Attempt, BatchChunk, BatchIntent, GenerateRequest, Output } from "../core/index.js";
import { attemptKeyString } from "../core/index.js";
import { Budget } from "./budget.js";
import { isBatchExecutor, type AttemptExecutor, type BatchExecutor, type GenerateOutcome } from "./executor.js";
import { Runner, type RunnableAttempt } from "./runner.js";

const request = (attempt: string): GenerateRequest => ({ api: "chat", model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }], params: {}, attempt, stream: false });
const output = (text: string): Output => ({
  api: "chat", model: "gpt-4.1-mini", text, toolCalls: [], refusal: null, finish: "stop",
  usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, reasoningTokens: 0, totalTokens: 15 },
  latency: { ttftMs: null, totalMs: 0 }, requestId: null, raw: { request: null, response: null }, batch: { batchId: "b", customId: text },
});

/** A batch executor in memory: two requests a file; `unanswered` tags come back as errors. */
function fakeBatches(unanswered: ReadonlySet<string> = new Set()) {
  const submitted: BatchChunk[] = [];
  const executor: BatchExecutor = {
    mode: "batch",
    split: (items) => Array.from({ length: Math.ceil(items.length / 2) }, (_, i) => items.slice(2 * i, 2 * i + 2)),
    submit: async (chunk, journal) => {
      submitted.push(chunk);
      await journal.put({ chunk: chunk.id, arm: chunk.arm, fileId: `file-${chunk.id}`, batchId: `batch-${chunk.id}`, attempts: chunk.requests.map((r) => r.attempt), createdAt: "2026-01-01T00:00:00.000Z" });
      return { kind: "fake", batchId: `batch-${chunk.id}`, chunk };
    },
    collect: async function* (handle) {
      for (const r of handle.chunk.requests) {
        const outcome: GenerateOutcome = unanswered.has(r.attempt)
          ? { ok: false, tries: 1, error: { kind: "batch_unanswered", message: "the batch expired first", status: null, requestId: null, retryable: false } }
          : { ok: true, tries: 1, output: output(r.attempt) };
        yield { attempt: r.attempt, outcome };
      }
    },
  };
  return { executor, submitted };
}

function journal() {
  const intents = new Map<string, BatchIntent>();
  return { intents, get: async (chunk: string) => intents.get(chunk), put: async (i: BatchIntent) => void intents.set(i.chunk, i) };
}

const attempts = (arm: string, cases: number): RunnableAttempt[] => Array.from({ length: cases }, (_, i) => ({ caseId: `c${i}`, arm, repeat: 0, request: request(`c${i}/0`) }));

function runner(planned: RunnableAttempt[], executor: BatchExecutor, extra: Partial<ConstructorParameters<typeof Runner<RunnableAttempt>>[0]> = {}) {
  const recorded: Attempt[] = [];
  const r = new Runner<RunnableAttempt>({
    runId: "run_1",
    attempts: planned,
    executorFor: () => executor,
    grade: async () => ({ scores: [], score: 1, pass: true }),
    costOf: () => ({ usd: 0.01, inputUsd: 0.005, outputUsd: 0.005 }),
    simulated: () => true,
    concurrency: 4,
    ...extra,
  });
  r.on("attempt-finished", ({ attempt }) => recorded.push(attempt));
  return { r, recorded };
}

describe("the executor contract", () => {
  it("tells a batch executor from a one-at-a-time one", () => {
    const one: AttemptExecutor = { generate: async () => ({ ok: false, tries: 0, error: { kind: "cancelled", message: "x", status: null, requestId: null, retryable: false } }) };
    expect(isBatchExecutor(one)).toBe(false);
    expect(isBatchExecutor(fakeBatches().executor)).toBe(true);
  });

  it("drives a batch executor: chunks cut per arm at its limits (ARM#N), each recorded in the journal, every attempt recorded once, an unanswered one as an error", async () => {
    const { executor, submitted } = fakeBatches(new Set(["c2/0"]));
    const j = journal();
    const { r, recorded } = runner([...attempts("p@a", 3), ...attempts("p@b", 2)], executor, { batchJournal: j });
    const end = await r.run();
    expect(submitted.map((c) => [c.id, c.requests.map((q) => q.attempt)])).toEqual([
      ["p@a#0", ["c0/0", "c1/0"]],
      ["p@a#1", ["c2/0"]],
      ["p@b#0", ["c0/0", "c1/0"]],
    ]);
    expect([...j.intents.keys()]).toEqual(["p@a#0", "p@a#1", "p@b#0"]);
    expect(recorded.map((a) => `${a.arm}:${a.caseId}:${a.status}`).sort()).toEqual(["p@a:c0:ok", "p@a:c1:ok", "p@a:c2:error", "p@b:c0:ok", "p@b:c1:ok"]);
    expect(end.counts).toMatchObject({ planned: 5, finished: 5, errors: 1, passed: 4 });
    expect(end.status).toBe("completed");
  });

  it("on resume, submits only the attempts not stored, in the chunk they were planned in, and records none twice", async () => {
    const { executor, submitted } = fakeBatches();
    const skip = new Set([attemptKeyString("c0", "p@a", 0), attemptKeyString("c1", "p@a", 0), attemptKeyString("c2", "p@a", 0)]);
    const { r, recorded } = runner(attempts("p@a", 4), executor, { batchJournal: journal(), skip });
    await r.run();
    expect(submitted.map((c) => [c.id, c.requests.map((q) => q.attempt)])).toEqual([["p@a#1", ["c3/0"]]]);
    expect(recorded.map((a) => a.caseId)).toEqual(["c3"]);
  });

  it("checks a whole chunk against the budget before submitting it: one that cannot fit is never submitted and the run is budget-stopped", async () => {
    const { executor, submitted } = fakeBatches();
    // Each attempt's worst case is $0.45 and it costs $0.20: the first chunk ($0.90) fits $1; the
    // second waits for it to settle ($0.40 spent), then cannot fit ($0.40 + $0.90 > $1).
    const budget = new Budget<RunnableAttempt>(1, () => 0.45);
    const costOf = () => ({ usd: 0.2, inputUsd: 0.1, outputUsd: 0.1 });
    const { r, recorded } = runner(attempts("p@a", 4), executor, { batchJournal: journal(), budget, costOf });
    const end = await r.run();
    expect(submitted.map((c) => c.id)).toEqual(["p@a#0"]);
    expect(recorded).toHaveLength(2);
    expect(end.status).toBe("budget-stopped");
    expect(budget.state()).toMatchObject({ spentUsd: 0.4, reservedUsd: 0, refused: 2 });
  });

  it("refuses a batch arm without a journal before anything is submitted", async () => {
    const { executor, submitted } = fakeBatches();
    await expect(runner(attempts("p@a", 1), executor).r.run()).rejects.toThrow("arm p@a has a batch executor, but the runner was given no batch journal");
    expect(submitted).toEqual([]);
  });
});
