import { describe, expect, it } from "vitest";
import { EvalgateError, lookupModel, type Output } from "../core/index.js";
import { costOf } from "./cost.js";
import { createProvider, knownProviderKinds } from "./registry.js";

describe("provider registry", () => {
  it("creates a provider by kind", () => {
    const p = createProvider("openai", { baseURL: "http://127.0.0.1:9/v1", apiKey: "k", timeoutMs: 1000, maxRetries: 0 });
    expect(p.kind).toBe("openai");
    expect(typeof p.embed).toBe("function");
  });

  it("an unknown kind is an error that lists the known ones", () => {
    expect(knownProviderKinds()).toEqual(["openai"]);
    let error: unknown;
    try {
      createProvider("anthropic", {} as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EvalgateError);
    expect((error as EvalgateError).code).toBe("CONFIG_INVALID");
    expect((error as EvalgateError).format()).toMatch(/unknown provider kind "anthropic"\n {2}known kinds: openai/);
  });

  it("an unreachable endpoint is a retryable connection error in the result, never a throw", async () => {
    const p = createProvider("openai", { baseURL: "http://127.0.0.1:9/v1", apiKey: "k", timeoutMs: 2000, maxRetries: 1, sleep: async () => {} });
    const r = await p.generate({ api: "chat", model: "gpt-4o", messages: [{ role: "user", content: "hi" }], params: {}, attempt: "c/0", stream: true });
    expect(r).toMatchObject({ ok: false, tries: 2, error: { kind: "connection", retryable: true }, raw: { request: { model: "gpt-4o" } } });
  });
});

describe("costOf", () => {
  const output = (usage: Output["usage"]) => ({ usage }) as Output;
  it("prices tokens with the catalog's price, and is unknown without a price", () => {
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 1_000_000, reasoningTokens: 0, totalTokens: 2_000_000 };
    expect(costOf(output(usage), lookupModel("gpt-4.1")!.pricing).usd).toBeCloseTo(10, 10);
    expect(costOf(output(usage), null).usd).toBeNull();
  });
});

describe("providerAsJudge", () => {
  it("returns the output of a successful call and throws JudgeCallError with the attempt error otherwise", async () => {
    const { providerAsJudge, JudgeCallError } = await import("./judge-adapter.js");
    const output = { text: "4" } as Output;
    const error = { kind: "auth" as const, message: "bad key", status: 401, requestId: null, retryable: false };
    let ok = true;
    const judge = providerAsJudge({
      kind: "fake",
      generate: async () => (ok ? { ok: true, output, tries: 1 } : { ok: false, error, tries: 1 }),
      embed: async () => ({ ok: true, tries: 1, embeddings: { model: "e", vectors: [[1, 0]], usage: null, latencyMs: 1, requestId: null, raw: { request: null } } }),
    });
    const req = { api: "responses" as const, model: "gpt-5-mini", messages: [], params: {}, attempt: "j/0", stream: false };
    await expect(judge.generate(req)).resolves.toBe(output);
    expect(await judge.embed({ model: "e", input: ["x"], attempt: "j/0" })).toEqual([[1, 0]]);
    ok = false;
    await expect(judge.generate(req)).rejects.toBeInstanceOf(JudgeCallError);
    await expect(judge.generate(req)).rejects.toThrow("judge call failed after 1 try: auth: bad key");
  });
});
