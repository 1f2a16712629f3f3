import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchChunk, BatchIntent, GenerateRequest } from "../../../core/index.js";
import { startSimulator, type RunningSimulator } from "../../../sim/index.js";
import { createOpenAIProvider } from "../provider.js";
import { createOpenAIBatchProvider } from "./batch-provider.js";

const log = join(mkdtempSync(join(tmpdir(), "evalgate-batch-provider-")), "sim.jsonl");
let sim: RunningSimulator;
const tickets = ["billing", "shipping", "technical"];

beforeAll(async () => {
  const entries = tickets.map((team, i) => ({ caseId: `c${i}`, keys: [`ticket ${i}`], answer: { team } }));
  sim = await startSimulator({ seed: 4, models: { default: { accuracy: 0.5 } }, batch: { seconds_per_stage: 0.02 } }, { entries }, { logFile: log });
});
afterAll(async () => sim.close());

const request = (i: number, api: "chat" | "responses"): GenerateRequest => ({
  api, model: "gpt-4.1-mini", messages: [{ role: "user", content: `ticket ${i}` }], params: { max_output_tokens: 32 }, attempt: `c${i}/1`, stream: false,
  output: { name: "t", schema: { type: "object", additionalProperties: false, required: ["team"], properties: { team: { type: "string" } } }, strict: true },
});
const chunk = (runId: string, api: "chat" | "responses" = "chat"): BatchChunk => ({ runId, id: `p@${api}#0`, arm: `p@${api}`, requests: tickets.map((_, i) => request(i, api)) });
const provider = (apiKey = "sk-test") => createOpenAIBatchProvider({ baseURL: sim.url, apiKey, timeoutMs: 5_000, maxRetries: 0, poll: { firstMs: 10, factor: 1.5, maxMs: 50 } });

function memoryJournal(failOnBatchId = false) {
  const puts: BatchIntent[] = [];
  const intents = new Map<string, BatchIntent>();
  return {
    puts,
    intents,
    get: async (id: string) => intents.get(id),
    put: async (intent: BatchIntent) => {
      // A process killed right after creating the batch, before its id was stored.
      if (failOnBatchId && intent.batchId !== null) throw new Error("killed");
      puts.push(intent);
      intents.set(intent.chunk, intent);
    },
  };
}

/** `POST /v1/batches` in the simulator's log, once its write stream has caught up. */
const batchCreates = async () => (await new Promise((r) => setTimeout(r, 100)), readFileSync(log, "utf8")).split("\n").filter((l) => l.includes('"method":"POST"') && l.includes('"url":"/v1/batches"')).length;
const collectAll = async (p: ReturnType<typeof provider>, handle: Awaited<ReturnType<ReturnType<typeof provider>["submit"]>>) => {
  const out = [];
  for await (const item of p.collect(handle)) out.push(item);
  return out;
};

describe("the OpenAI batch provider on the simulator", () => {
  it.each(["chat", "responses"] as const)("%s: records the intent before the batch, then its id, and collects every attempt as the live provider would answer it", async (api) => {
    const journal = memoryJournal();
    const p = provider();
    const handle = await p.submit(chunk("run_a", api), journal);
    expect(journal.puts.map((i) => [i.chunk, i.fileId.startsWith("file-"), i.batchId])).toEqual([[`p@${api}#0`, true, null], [`p@${api}#0`, true, handle.batchId]]);
    expect(journal.puts[0]!.attempts).toEqual(["c0/1", "c1/1", "c2/1"]);
    const results = await collectAll(p, handle);
    const live = createOpenAIProvider({ baseURL: sim.url, apiKey: "sk-test", timeoutMs: 5_000, maxRetries: 0 });
    expect(results.map((r) => r.attempt)).toEqual(["c0/1", "c1/1", "c2/1"]);
    for (const [i, r] of results.entries()) {
      const liveResult = await live.generate(request(i, api));
      if (!r.outcome.ok || !liveResult.ok) throw new Error("expected outputs");
      expect(r.outcome.output.batch).toEqual({ batchId: handle.batchId, customId: `c${i}/1` });
      expect([r.outcome.output.text, r.outcome.output.usage, r.outcome.output.finish]).toEqual([liveResult.output.text, liveResult.output.usage, liveResult.output.finish]);
    }
  });

  it("finds the batch a killed process created but never recorded, by its metadata, and creates none", async () => {
    const journal = memoryJournal(true);
    await expect(provider().submit(chunk("run_b"), journal)).rejects.toThrow("killed");
    expect(journal.intents.get("p@chat#0")?.batchId).toBeNull();
    const before = await batchCreates();
    const resumed = memoryJournal();
    resumed.intents.set("p@chat#0", journal.intents.get("p@chat#0")!);
    const handle = await provider().submit(chunk("run_b"), resumed);
    expect(await batchCreates()).toBe(before);
    expect(resumed.intents.get("p@chat#0")?.batchId).toBe(handle.batchId);
    expect((await collectAll(provider(), handle)).every((r) => r.outcome.ok)).toBe(true);
  });

  it("polls a recorded batch instead of submitting again, and submits afresh when the endpoint no longer holds it", async () => {
    const journal = memoryJournal();
    const first = await provider().submit(chunk("run_c"), journal);
    const before = await batchCreates();
    expect((await provider().submit(chunk("run_c"), journal)).batchId).toBe(first.batchId);
    expect(await batchCreates()).toBe(before);
    journal.intents.set("p@chat#0", { ...journal.intents.get("p@chat#0")!, batchId: "batch_gone" });
    const again = await provider().submit(chunk("run_c"), journal);
    expect(again.batchId).not.toBe(first.batchId);
    expect(await batchCreates()).toBe(before + 1);
  });

  it("stops with ENDPOINT_UNREACHABLE, the key masked, when the Batch API refuses the upload", async () => {
    const failing = await startSimulator({ reject_keys: ["sk-revoked-0123456789"] });
    try {
      const p = createOpenAIBatchProvider({ baseURL: failing.url, apiKey: "sk-revoked-0123456789", timeoutMs: 5_000, maxRetries: 0 });
      const error = (await p.submit(chunk("run_d"), memoryJournal()).then(() => new Error("submitted"), (e: unknown) => e)) as Error & { code?: string };
      expect(error).toMatchObject({ code: "ENDPOINT_UNREACHABLE", message: expect.stringContaining("upload a batch input file: auth") });
      expect(error.message).not.toContain("0123456789");
    } finally {
      await failing.close();
    }
  });
});
