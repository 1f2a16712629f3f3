import { describe, expect, it } from "vitest";
import type { GenerateRequest, Output } from "../core/index.js";
import { createCachingExecutor, type CacheMode, type ResponseCache } from "./cache.js";
import type { AttemptExecutor } from "./runner.js";

const req = (attempt: string): GenerateRequest => ({ api: "chat", model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }], params: {}, attempt, stream: false });
const output = (text: string): Output => ({
  api: "chat", model: "gpt-4.1-mini", text, toolCalls: [], refusal: null, finish: "stop",
  usage: { inputTokens: 5, cachedInputTokens: 0, outputTokens: 2, reasoningTokens: 0, totalTokens: 7 },
  latency: { ttftMs: 40, totalMs: 90 }, requestId: "req_1", raw: { request: {}, response: {} },
});

function setup(mode: CacheMode, offline = false, fail = false) {
  const store = new Map<string, unknown>();
  const cache: ResponseCache = { get: async (k) => store.get(k), put: async (k, v) => void store.set(k, v) };
  const calls: string[] = [];
  const inner: AttemptExecutor = {
    async generate(r) {
      calls.push(r.attempt);
      if (fail) return { ok: false, tries: 2, error: { kind: "server_error", message: "500", status: 500, requestId: null, retryable: true } };
      return { ok: true, tries: 1, output: output(`answer ${r.attempt}`) };
    },
  };
  const executor = createCachingExecutor(inner, { cache, mode, offline, keyOf: (r) => `k:${r.attempt}` });
  return { executor, calls, store };
}

describe("createCachingExecutor", () => {
  it("write records every response and read replays it, marked, without a call", async () => {
    const w = setup("write");
    await w.executor.generate(req("c1/0"));
    await w.executor.generate(req("c1/0"));
    expect(w.calls).toEqual(["c1/0", "c1/0"]);
    const r = createCachingExecutor({ generate: async () => { throw new Error("no call expected"); } }, { cache: { get: async (k) => w.store.get(k), put: async () => {} }, mode: "read", offline: false, keyOf: (q) => `k:${q.attempt}` });
    const replay = await r.generate(req("c1/0"));
    expect(replay).toMatchObject({ ok: true, tries: 0, replayed: true });
    expect(replay.ok && replay.output.text).toBe("answer c1/0");
  });

  it("read calls the endpoint on a miss and records the response", async () => {
    const s = setup("read");
    const first = await s.executor.generate(req("c2/1"));
    const second = await s.executor.generate(req("c2/1"));
    expect(s.calls).toEqual(["c2/1"]);
    expect(first).toMatchObject({ ok: true, tries: 1 });
    expect(second).toMatchObject({ ok: true, tries: 0, replayed: true });
  });

  it("offline turns a miss into a cache_miss error and never calls", async () => {
    const s = setup("off", true);
    const result = await s.executor.generate(req("c3/0"));
    expect(s.calls).toEqual([]);
    expect(result).toMatchObject({ ok: false, tries: 0, error: { kind: "cache_miss", retryable: false } });
    expect(!result.ok && result.error.message).toContain("c3/0");
  });

  it("never records an error, and off neither reads nor writes", async () => {
    const failing = setup("write", false, true);
    await failing.executor.generate(req("c4/0"));
    expect(failing.store.size).toBe(0);
    const off = setup("off");
    await off.executor.generate(req("c5/0"));
    await off.executor.generate(req("c5/0"));
    expect(off.calls).toEqual(["c5/0", "c5/0"]);
    expect(off.store.size).toBe(0);
  });
});
