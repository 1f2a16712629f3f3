import { describe, expect, it } from "vitest";
import { batchPricingFor, checkParams, knownModels, lookupModel, priceUsage, PRICE_TABLE_VERSION, reasoningCapWarning } from "./catalog.js";

describe("model catalog", () => {
  it("finds a dated snapshot by its base model and knows prices with their source and date", () => {
    const info = lookupModel("gpt-4.1-mini-2025-04-14");
    expect(info?.id).toBe("gpt-4.1-mini");
    expect(info?.pricing).toEqual({ input: 0.4, cached_input: 0.1, output: 1.6, source: expect.stringContaining("OpenAI"), asOf: PRICE_TABLE_VERSION });
    expect(lookupModel("no-such-model")).toBeUndefined();
    expect(knownModels()).toContain("text-embedding-3-small");
  });

  it("prices cached input as cached and reasoning tokens as output", () => {
    const pricing = lookupModel("gpt-5-mini")!.pricing;
    // 10,000 input of which 4,000 cached; 2,000 output of which 1,500 reasoning.
    const cost = priceUsage({ inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 2_000, reasoningTokens: 1_500, totalTokens: 12_000 }, pricing);
    expect(cost.inputUsd).toBeCloseTo((6_000 * 0.25 + 4_000 * 0.025) / 1e6, 12);
    expect(cost.outputUsd).toBeCloseTo((2_000 * 2.0) / 1e6, 12);
    expect(cost.usd).toBeCloseTo(0.0016 + 0.004, 12);
  });

  it("prices the Batch API at half the list price, a suite's own pricing too", () => {
    const batch = batchPricingFor({ model: "gpt-4.1-mini" });
    expect(batch).toMatchObject({ input: 0.2, cached_input: 0.05, output: 0.8, source: expect.stringContaining("Batch API") });
    // 1,000 input and 100 output tokens: $0.0004 + $0.00016 at list, half of it through a batch.
    const usage = { inputTokens: 1_000, cachedInputTokens: 0, outputTokens: 100, reasoningTokens: 0, totalTokens: 1_100 };
    expect(priceUsage(usage, batch).usd).toBeCloseTo(0.00028, 12);
    expect(batchPricingFor({ model: "in-house", pricing: { input: 3, output: 9 } })).toMatchObject({ input: 1.5, cached_input: null, output: 4.5 });
    expect(batchPricingFor({ model: "no-such-model" })).toBeNull();
  });

  it("an unknown price or missing usage is an unknown cost, never zero", () => {
    const usage = { inputTokens: 5, cachedInputTokens: 0, outputTokens: 5, reasoningTokens: 0, totalTokens: 10 };
    expect(priceUsage(usage, null)).toEqual({ usd: null, inputUsd: null, outputUsd: null });
    expect(priceUsage(null, lookupModel("gpt-4o")!.pricing)).toEqual({ usd: null, inputUsd: null, outputUsd: null });
  });

  it("an unknown model is a warning, its params passed through", () => {
    const check = checkParams("chat", "llama-3-70b", { temperature: 0.3 });
    expect(check.params).toEqual({ temperature: 0.3 });
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([expect.stringMatching(/llama-3-70b is not in the model catalog.*cost is unknown/)]);
  });

  it("a reasoning_effort the model does not accept is a load error", () => {
    expect(checkParams("responses", "gpt-5-mini", { reasoning_effort: "none" }).errors).toEqual([
      'reasoning_effort "none" is not accepted by gpt-5-mini (it takes minimal, low, medium, high)',
    ]);
    expect(checkParams("responses", "gpt-5.1", { reasoning_effort: "none" }).errors).toEqual([]);
    expect(checkParams("chat", "o3", { reasoning_effort: "minimal" }).errors).toHaveLength(1);
  });

  it("a non-reasoning model drops reasoning_effort with a warning", () => {
    const check = checkParams("chat", "gpt-4o", { reasoning_effort: "low", temperature: 1 });
    expect(check.params).toEqual({ temperature: 1 });
    expect(check.warnings).toEqual(["reasoning_effort dropped: gpt-4o is not a reasoning model"]);
  });

  it("values out of the API's range are load errors", () => {
    expect(checkParams("chat", "gpt-4.1", { temperature: 2.5, top_p: 1.2, stop: ["a", "b", "c", "d", "e"], max_output_tokens: 40_000 }).errors).toHaveLength(4);
    expect(checkParams("chat", "text-embedding-3-small", {}).errors).toEqual([expect.stringContaining("is an embeddings model")]);
  });
});

describe("the reasoning-cap warning", () => {
  it("warns when a reasoning model's max_output_tokens is at most twice its typical reasoning at the effort", () => {
    // gpt-5-mini, default effort medium: ~384 tokens; 100 and 768 warn, 769 does not.
    expect(reasoningCapWarning("gpt-5-mini", { max_output_tokens: 100 })).toContain("max_output_tokens 100 is likely to be spent on reasoning: gpt-5-mini reasons ~384 tokens at reasoning_effort medium");
    expect(reasoningCapWarning("gpt-5-mini", { max_output_tokens: 768 })).not.toBeNull();
    expect(reasoningCapWarning("gpt-5-mini", { max_output_tokens: 769 })).toBeNull();
    // low: ~128 → 256 warns, 300 does not; minimal: ~32.
    expect(reasoningCapWarning("gpt-5", { max_output_tokens: 256, reasoning_effort: "low" })).not.toBeNull();
    expect(reasoningCapWarning("gpt-5", { max_output_tokens: 300, reasoning_effort: "low" })).toBeNull();
    expect(reasoningCapWarning("gpt-5.1", { max_output_tokens: 16, reasoning_effort: "none" })).toBeNull();
  });

  it("says nothing for a model that does not reason or a target without a cap, and takes the target's estimate over the catalog's", () => {
    expect(reasoningCapWarning("gpt-4.1-mini", { max_output_tokens: 16 })).toBeNull();
    expect(reasoningCapWarning("gpt-5-mini", {})).toBeNull();
    expect(reasoningCapWarning("gpt-5-mini", { max_output_tokens: 1000 }, 600)).toContain("~600 tokens at reasoning_effort medium (the target's reasoning_tokens_estimate)");
    expect(reasoningCapWarning("gpt-5-mini", { max_output_tokens: 100 }, 40)).toBeNull();
  });
});
