import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../core/index.js";
import { isBatchExecutor, type AttemptExecutor, type BatchExecutor } from "./executor.js";
import { Runner } from "./runner.js";

const request = (attempt: string): GenerateRequest => ({ api: "chat", model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }], params: {}, attempt, stream: false });

describe("the executor contract", () => {
  it("tells a batch executor from a one-at-a-time one", () => {
    const one: AttemptExecutor = { generate: async () => ({ ok: false, tries: 0, error: { kind: "cancelled", message: "x", status: null, requestId: null, retryable: false } }) };
    const batch: BatchExecutor = { mode: "batch", submit: async () => ({ kind: "openai", ref: "batch_1", attempts: [] }), collect: async function* () {} };
    expect(isBatchExecutor(one)).toBe(false);
    expect(isBatchExecutor(batch)).toBe(true);
  });

  it("the runner refuses a batch executor before sending anything (batch support is declared, not driven yet)", async () => {
    let submitted = 0;
    const batch: BatchExecutor = {
      mode: "batch",
      submit: async () => (submitted++, { kind: "openai", ref: "batch_1", attempts: [] }),
      collect: async function* () {},
    };
    const runner = new Runner({
      runId: "run_1",
      attempts: [{ caseId: "c0", arm: "p@batch", repeat: 0, request: request("c0/0") }],
      executorFor: () => batch,
      grade: async () => ({ scores: [], score: 1, pass: true }),
      costOf: () => ({ usd: 0, inputUsd: 0, outputUsd: 0 }),
      simulated: () => true,
      concurrency: 1,
    });
    await expect(runner.run()).rejects.toThrow("arm p@batch has a batch executor, which this evalgate cannot drive yet");
    expect(submitted).toBe(0);
  });
});
