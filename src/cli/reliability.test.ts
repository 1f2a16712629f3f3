import { describe, expect, it } from "vitest";
import type { GenerateRequest, Output } from "../core/index.js";
import type { AttemptExecutor, ResponseCache } from "../runner/index.js";
import { formatBudget, formatThrottles, withCache } from "./reliability.js";

const req = (attempt: string, content = "Ticket 1"): GenerateRequest => ({
  api: "chat", model: "gpt-4.1-mini", messages: [{ role: "user", content }], params: { max_output_tokens: 32 }, attempt, stream: true,
});
const output = { text: "ok" } as Output;

function recorder() {
  const keys: string[] = [];
  const map = new Map<string, unknown>();
  const cache: ResponseCache = { get: (k) => map.get(k), put: (k, v) => (keys.push(k), void map.set(k, v)) };
  const inner: AttemptExecutor = { generate: async () => ({ ok: true, tries: 1, output }) };
  return { keys, cache, inner };
}

describe("withCache keys", () => {
  it("separate endpoints, repeats and request bodies, and never include a credential", async () => {
    const r = recorder();
    const wiring = { mode: "write" as const, offline: false, cache: r.cache };
    const real = withCache(r.inner, "https://api.openai.com/v1", wiring);
    const sim = withCache(r.inner, "sim", wiring);
    await real.generate(req("c1/0"));
    await real.generate(req("c1/0"));
    await real.generate(req("c1/1"));
    await real.generate(req("c1/0", "Ticket 2"));
    await sim.generate(req("c1/0"));
    const [a, again, repeat1, otherBody, onSim] = r.keys;
    expect(again).toBe(a);
    expect(new Set([a, repeat1, otherBody, onSim]).size).toBe(4);
    expect(r.keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
  });

  it("with the cache off and not offline, is the executor itself", () => {
    const r = recorder();
    expect(withCache(r.inner, "sim", { mode: "off", offline: false, cache: r.cache })).toBe(r.inner);
  });
});

describe("run-end lines", () => {
  it("state the spend, the cap, what remains and what was not sent", () => {
    const line = formatBudget({ maxUsd: 0.05, spentUsd: 0.0481234, reservedUsd: 0, remainingUsd: 0.0018766, refused: 1 }, 212);
    expect(line).toBe("budget: spent $0.048123 of $0.050000, $0.001877 remains; 212 attempts not sent");
  });

  it("state each endpoint's 429s and concurrency", () => {
    const lines = formatThrottles([{ endpoint: "http://127.0.0.1:9/v1", rateLimits: 7, decreases: 3, increases: 1, lowestLimit: 2, limit: 3 }], 16);
    expect(lines).toEqual(["rate limits: 7 × 429 from http://127.0.0.1:9/v1; concurrency lowered to 2, ended at 3 (of 16)"]);
  });
});
