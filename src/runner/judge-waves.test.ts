import { describe, expect, it } from "vitest";
import type { BatchChunk, BatchIntent, BatchJournal, GenerateRequest, Output } from "../core/index.js";
import type { BatchExecutor, BatchHandle } from "./executor.js";
import { judgeCustomId, JudgeWaves } from "./judge-waves.js";

/** A Batch API in memory: batches by id, each created once, answered with `winner` read from the prompt. */
function fakeBatchApi(options: { failSubmit?: boolean } = {}) {
  const batches = new Map<string, readonly GenerateRequest[]>();
  const created: string[][] = [];
  const journalled = new Map<string, BatchIntent>();
  const journal: BatchJournal & { list(): Promise<BatchIntent[]> } = {
    get: async (chunk) => journalled.get(chunk),
    put: async (intent) => void journalled.set(intent.chunk, intent),
    list: async () => [...journalled.values()],
  };
  const executor: BatchExecutor = {
    mode: "batch",
    split: (items) => [[...items]],
    async submit(chunk: BatchChunk, j: BatchJournal): Promise<BatchHandle> {
      const intent = await j.get(chunk.id);
      if (intent?.batchId && batches.has(intent.batchId)) return { kind: "fake", batchId: intent.batchId, chunk };
      if (options.failSubmit) throw new Error("ENDPOINT_UNREACHABLE: the batch endpoint did not answer");
      const fresh: BatchIntent = { chunk: chunk.id, arm: chunk.arm, fileId: `file-${chunk.id}`, batchId: null, attempts: chunk.requests.map((r) => r.attempt), createdAt: "2026-12-06T00:00:00Z" };
      await j.put(fresh);
      const id = `batch_${batches.size}`;
      batches.set(id, chunk.requests);
      created.push(chunk.requests.map((r) => r.attempt));
      await j.put({ ...fresh, batchId: id });
      return { kind: "fake", batchId: id, chunk };
    },
    async *collect(handle: BatchHandle) {
      const answered = new Set(batches.get(handle.batchId)!.map((r) => r.attempt));
      for (const r of handle.chunk.requests) {
        if (!answered.has(r.attempt)) continue;
        const text = String(r.messages[0]!.content);
        const output = { text, json: { verdict: `judged ${text}` }, batch: { batchId: handle.batchId, customId: r.attempt } } as unknown as Output;
        yield { attempt: r.attempt, outcome: { ok: true as const, output, tries: 1 } };
      }
    },
  };
  return { executor, journal, created, journalled, batches };
}

const ask = (waves: JudgeWaves, attempt: string, prompt: string) =>
  waves.call("j", { api: "responses", model: "m", messages: [{ role: "user", content: prompt }], params: {}, attempt: judgeCustomId(attempt, prompt.padEnd(16, "-")), stream: false });

describe("judge calls in waves", () => {
  it("sends a wave once every grading waits on a judge, and the next wave with what the verdicts led to", async () => {
    const api = fakeBatchApi();
    const waves = new JudgeWaves({ runId: "r", executorFor: () => api.executor, journal: api.journal });
    const seen: string[] = [];
    await waves.gradeTogether({ id: "p@c#0", arm: "p@c" }, [
      async () => void seen.push((await ask(waves, "a/0", "first a")).text),
      async () => {
        const one = await ask(waves, "b/0", "first b");
        seen.push(one.text);
        // A second question, made of the first's answer: the next wave.
        const [two, three] = await Promise.all([ask(waves, "b/0", "second b"), ask(waves, "b/0", "third b")]);
        seen.push(two.text, three.text);
      },
      async () => void seen.push("c graded without a judge"),
    ]);
    expect(api.created).toEqual([
      [judgeCustomId("a/0", "first a---------"), judgeCustomId("b/0", "first b---------")],
      [judgeCustomId("b/0", "second b--------"), judgeCustomId("b/0", "third b---------")],
    ]);
    expect([...api.journalled.keys()]).toEqual(["p@c#0~judge~j~0", "p@c#0~judge~j~1"]);
    expect(seen).toHaveLength(5);
    expect(waves.active()).toBe(false);
  });

  it("on resume, collects a request from the batch an earlier process recorded it in, and submits only the others", async () => {
    const api = fakeBatchApi();
    const first = new JudgeWaves({ runId: "r", executorFor: () => api.executor, journal: api.journal });
    // An earlier process judged b's first question, then stopped.
    await first.gradeTogether({ id: "p@c#0", arm: "p@c" }, [async () => void (await ask(first, "b/0", "first b"))]);
    expect(api.created).toHaveLength(1);
    const again = new JudgeWaves({ runId: "r", executorFor: () => api.executor, journal: api.journal });
    const answers: string[] = [];
    await again.gradeTogether({ id: "p@c#0", arm: "p@c" }, [
      async () => void answers.push((await ask(again, "a/0", "first a")).text),
      async () => void answers.push((await ask(again, "b/0", "first b")).text),
    ]);
    // b's question was not sent again; a's went into a new chunk.
    expect(api.created).toEqual([[judgeCustomId("b/0", "first b---------")], [judgeCustomId("a/0", "first a---------")]]);
    expect([...api.journalled.keys()]).toEqual(["p@c#0~judge~j~0", "p@c#0~judge~j~1"]);
    expect(answers.sort()).toEqual(["first a", "first b"]);
  });

  it("a judges batch that cannot be submitted stops the chunk, leaving its gradings unrecorded", async () => {
    const api = fakeBatchApi({ failSubmit: true });
    const waves = new JudgeWaves({ runId: "r", executorFor: () => api.executor, journal: api.journal });
    let recorded = 0;
    const grading = waves.gradeTogether({ id: "p@c#0", arm: "p@c" }, [async () => void (await ask(waves, "a/0", "first a"), recorded++)]);
    await expect(grading).rejects.toThrow("ENDPOINT_UNREACHABLE");
    expect(recorded).toBe(0);
  });

  it("stopped by the run's signal, it sends nothing and returns without the waiting gradings", async () => {
    const api = fakeBatchApi();
    const stop = new AbortController();
    const waves = new JudgeWaves({ runId: "r", executorFor: () => api.executor, journal: api.journal, signal: stop.signal });
    let recorded = 0;
    stop.abort();
    await waves.gradeTogether({ id: "p@c#0", arm: "p@c" }, [async () => void (await ask(waves, "a/0", "first a"), recorded++)]);
    expect(api.created).toEqual([]);
    expect(recorded).toBe(0);
  });
});
