import { describe, expect, test } from "vitest";
import { DEFAULT_REASONING_EFFORT, REASONING_TOKENS_ESTIMATE, simConfigSchema } from "../core/index.js";
import { behaviourFor, drawFault, perturbProbability, pickPerturbation, reasoningTokens } from "./behaviour.js";
import { breakJson, dropField, wrongText, wrongValueObject } from "./perturb.js";

test("a model's settings come from its own entry, else `default`, else the defaults", () => {
  const config = simConfigSchema.parse({ models: { a: { accuracy: 0.5 }, default: { accuracy: 0.7 } } });
  expect(behaviourFor(config, "a").accuracy).toBe(0.5);
  expect(behaviourFor(config, "b").accuracy).toBe(0.7);
  expect(behaviourFor(simConfigSchema.parse({}), "gpt-5-mini")).toMatchObject({ accuracy: 0.9, reasoning: true });
  expect(behaviourFor(simConfigSchema.parse({}), "gpt-4.1")).toMatchObject({ reasoning: false });
});

test("P(perturb) = (1 − accuracy) × difficulty, capped to [0, 1]", () => {
  expect(perturbProbability(0.9, 1)).toBeCloseTo(0.1);
  expect(perturbProbability(0.5, 3)).toBe(1);
  expect(perturbProbability(1, 5)).toBe(0);
});

test("strict or unstructured replies never draw a missing field or invalid JSON", () => {
  const kinds = new Set<string>();
  for (let u = 0; u < 1; u += 0.001) kinds.add(pickPerturbation(u, { structured: true, strict: true }));
  expect(kinds).toEqual(new Set(["wrong_label", "wrong_value", "refusal", "truncation"]));
  const loose = new Set<string>();
  for (let u = 0; u < 1; u += 0.001) loose.add(pickPerturbation(u, { structured: true, strict: false }));
  expect(loose.size).toBe(6);
});

test("fault draws follow the configured rates and differ per occurrence", () => {
  const faults = { rate_limit: 0.2, server_error: 0.1, timeout: 0.05, broken_stream: 0.15, stream_error: 0, response_failed: 0 };
  const counts: Record<string, number> = {};
  for (let i = 0; i < 20_000; i++) {
    const f = drawFault(1, "m", `c${i}/0`, 0, faults, true) ?? "none";
    counts[f] = (counts[f] ?? 0) + 1;
  }
  expect(counts.rate_limit! / 20_000).toBeCloseTo(0.2, 1);
  expect(counts.server_error! / 20_000).toBeCloseTo(0.1, 1);
  expect((counts.broken_stream_close! + counts.broken_stream_reset!) / 20_000).toBeCloseTo(0.15, 1);
  expect(drawFault(1, "m", "x/0", 0, faults, false)).not.toMatch(/broken/);
});

test("reasoning tokens grow with effort and come in steps of 64", () => {
  const low = reasoningTokens(1, "gpt-5", "c", 0, "low");
  const high = reasoningTokens(1, "gpt-5", "c", 0, "high");
  expect(high).toBeGreaterThan(low);
  expect(low % 64).toBe(0);
  expect(reasoningTokens(1, "gpt-5", "c", 0, "none")).toBe(0);
});

test("reasoning tokens are drawn around the catalog's estimate for the effort (the numbers validate warns from)", () => {
  // ±50% of the estimate, rounded to steps of 64, at least 64: medium (384) → 192..576.
  for (const effort of ["low", "medium", "high"] as const) {
    const typical = REASONING_TOKENS_ESTIMATE[effort]!;
    const draws = Array.from({ length: 400 }, (_, i) => reasoningTokens(3, "gpt-5-mini", `c${i}`, 0, effort));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(Math.max(64, Math.round((typical * 0.5) / 64) * 64));
    expect(Math.max(...draws)).toBeLessThanOrEqual(Math.round((typical * 1.5) / 64) * 64);
    expect(draws.reduce((s, d) => s + d, 0) / draws.length).toBeGreaterThan(typical * 0.85);
    expect(draws.reduce((s, d) => s + d, 0) / draws.length).toBeLessThan(typical * 1.15);
  }
  // No effort named: the catalog's default effort.
  expect(reasoningTokens(3, "gpt-5-mini", "c", 0, null)).toBe(reasoningTokens(3, "gpt-5-mini", "c", 0, DEFAULT_REASONING_EFFORT));
});

describe("perturbations", () => {
  const rng = () => 0.4;
  test("a wrong value picks another enum member when the schema has one", () => {
    const schema = { properties: { team: { enum: ["a", "b"] } } };
    expect(wrongValueObject({ team: "a" }, schema, rng)).toEqual({ team: "b" });
  });
  test("wrong text moves the last digit, else reverses the words", () => {
    expect(wrongText("order 1239 shipped")).toBe("order 1230 shipped");
    expect(wrongText("ships today")).toBe("today ships");
  });
  test("a missing field drops a required key; invalid JSON does not parse", () => {
    expect(Object.keys(dropField({ a: 1, b: 2 }, { required: ["b"] }, rng))).toEqual(["a"]);
    expect(() => JSON.parse(breakJson('{"a":1}'))).toThrow();
  });
});
