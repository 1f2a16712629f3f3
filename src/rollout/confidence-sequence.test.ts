import { describe, expect, it } from "vitest";
import { addOutcome, differenceBounds, emptySums, mixtureFactor, mixtureHalfWidth, regularizedVariance, tuneMixture } from "./confidence-sequence.js";
import { oneLookRequests } from "./sample-size.js";

describe("the normal-mixture confidence sequence", () => {
  it("tunes η at the fixed point x = 2·log(1/α) + log(1 + x), where the half-width at v* is smallest", () => {
    const x = mixtureFactor(0.05);
    expect(x).toBeCloseTo(2 * Math.log(20) + Math.log(1 + x), 12);
    const v = 1e-4;
    const best = mixtureHalfWidth(v, tuneMixture(v, 0.05), 0.05);
    for (const f of [0.5, 0.8, 1.25, 2]) expect(mixtureHalfWidth(v, f * tuneMixture(v, 0.05), 0.05)).toBeGreaterThan(best);
  });

  it("computes the half-width √(v(1 + v/η)(2 log(1/α) + log(1 + η/v))) by hand: v = 0.01, η = 0.01, α = 0.05", () => {
    // (0.01·2·(2·2.995732 + 0.693147))^½ = (0.02·6.684611)^½ = 0.365637
    expect(mixtureHalfWidth(0.01, 0.01, 0.05)).toBeCloseTo(0.365637, 5);
  });

  it("regularizes each stream's variance: (1/4 + Σ(x − x̄)²)/(n + 1), never 0", () => {
    const s = emptySums();
    for (let i = 0; i < 99; i++) addOutcome(s, 0);
    expect(regularizedVariance(s)).toBeCloseTo(0.25 / 100, 12);
    addOutcome(s, 1); // 1 of 100: Σ(x − x̄)² = 0.99
    expect(regularizedVariance(s)).toBeCloseTo((0.25 + 0.99) / 101, 12);
  });

  it("claims nothing while a stream is empty, and centres the bounds on the difference of means", () => {
    expect(differenceBounds(emptySums(), emptySums(), 1e-4, 0.05)).toMatchObject({ estimate: null, low: -1, high: 1 });
    const t = emptySums();
    const c = emptySums();
    for (let i = 0; i < 1000; i++) addOutcome(t, i % 10 === 0 ? 1 : 0); // 10%
    for (let i = 0; i < 1000; i++) addOutcome(c, i % 20 === 0 ? 1 : 0); // 5%
    const b = differenceBounds(t, c, 1e-4, 0.05);
    expect(b.estimate).toBeCloseTo(0.05, 12);
    expect(b.estimate! - b.low).toBeCloseTo(b.high - b.estimate!, 12);
    expect(b.low).toBeGreaterThan(0);
  });
});

describe("the one-look size", () => {
  it("is (z₀.₉₅ + z₀.₈)²·(σ_T²/π + σ_C²/(1 − π))/m²: 5% → 6% at a 50% stage", () => {
    // (1.644854 + 0.841621)² = 6.182557; (0.0564/0.5 + 0.0475/0.5) = 0.2078; /1e-4 → 12,847.4 → 12,848
    expect(oneLookRequests({ treatmentVariance: 0.06 * 0.94, controlVariance: 0.05 * 0.95, margin: 0.01, share: 0.5 })).toBe(12848);
  });
});
