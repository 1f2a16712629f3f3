import { describe, expect, it } from "vitest";
import { gatesSchema, rateGateLimit, type RateParity } from "../core/index.js";
import { rateIncreaseGate } from "./rate-increase-gate.js";

const rate = (baseline: number, candidate: number, value: number, low: number, high: number, pairedCases = 400): RateParity => ({
  baseline,
  candidate,
  difference: { value, low, high },
  pairedCases,
  counts: { baseline: { hits: Math.round(baseline * pairedCases), of: pairedCases }, candidate: { hits: Math.round(candidate * pairedCases), of: pairedCases } },
});

describe("rateIncreaseGate (max_increase +1 pp)", () => {
  it("passes when the upper bound of the increase is within max_increase", () => {
    const g = rateIncreaseGate("refusal_rate", rate(0.02, 0.021, 0.001, -0.006, 0.008), 0.01);
    expect(g).toMatchObject({ gate: "refusal_rate", status: "PASS", figure: 0.001, threshold: 0.01, interval: [-0.006, 0.008], decide: null });
    expect(g.reason).toBe("refusal rate 2% → 2.1% over 400 paired cases (+0.1 pp, one-sided 95% bounds −0.6 pp to +0.8 pp): the upper bound is within the allowed +1.0 pp");
  });

  it("fails when even the lower bound exceeds max_increase", () => {
    const g = rateIncreaseGate("truncation_rate", rate(0.01, 0.06, 0.05, 0.032, 0.068), 0.01);
    expect(g.status).toBe("FAIL");
    expect(g.reason).toContain("truncation rate 1% → 6%");
    expect(g.reason).toContain("even the lower bound exceeds the allowed +1.0 pp");
  });

  it("is inconclusive when the interval straddles max_increase, with the cases that would decide it", () => {
    // +1.2 pp [+0.4, +2.0]: half-width toward the limit 0.012 − 0.004 = 0.008, distance 0.002:
    // 400 × (0.008 / 0.002)² = 6,400 cases.
    const g = rateIncreaseGate("schema_validity", rate(0.03, 0.042, 0.012, 0.004, 0.02), 0.01);
    expect(g.status).toBe("INCONCLUSIVE");
    expect(g.decide).toBe("needs ~6,400 cases to tell whether the schema-invalid rate rises more than 1.0 pp (an estimate at the observed figure; has 400)");
  });

  it("is not evaluated without an output schema, and inconclusive without a case answered in both arms", () => {
    expect(rateIncreaseGate("schema_validity", null, 0.01).status).toBe("NOT_EVALUATED");
    const none: RateParity = { baseline: null, candidate: null, difference: { value: null, low: null, high: null }, pairedCases: 0, counts: { baseline: { hits: 0, of: 0 }, candidate: { hits: 0, of: 0 } } };
    expect(rateIncreaseGate("refusal_rate", none, 0.01)).toMatchObject({ status: "INCONCLUSIVE", figure: null });
  });
});

describe("the parity gates' syntax", () => {
  it("takes { max_increase } in points, and one point when named without a value", () => {
    const parsed = gatesSchema.parse({ refusal_rate: null, truncation_rate: {}, schema_validity: { max_increase: 0.02 } });
    expect(rateGateLimit(parsed.refusal_rate)).toBe(0.01);
    expect(rateGateLimit(parsed.truncation_rate)).toBe(0.01);
    expect(rateGateLimit(parsed.schema_validity)).toBe(0.02);
    expect(rateGateLimit(gatesSchema.parse({}).refusal_rate)).toBeUndefined();
    expect(gatesSchema.safeParse({ refusal_rate: { max_increase: 2 } }).success).toBe(false);
    expect(gatesSchema.safeParse({ refusal_rate: { max_rate: 0.1 } }).success).toBe(false);
  });
});
