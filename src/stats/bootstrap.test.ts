import { describe, expect, it } from "vitest";
import { pairedBootstrap } from "./bootstrap.js";
import { meanCostRatio, p95LatencyRatio, ttftP50Ratio, type CaseAttemptValues } from "./bootstrap-statistics.js";

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("pairedBootstrap", () => {
  // Python: v = [(i*37 % 101)/100 for i in range(400)]; statistics.mean(v) = 0.4991,
  // stdev 0.29233086277937426; the normal-theory 95% half-width of the bootstrap mean,
  // 1.95996·s·√(399/400)/√400 = 0.028612065849000473.
  it("approaches the normal-theory interval for a mean on 400 cases", () => {
    const values = Array.from({ length: 400 }, (_, i) => ((i * 37) % 101) / 100);
    const r = pairedBootstrap(values, mean, { seed: 7, iterations: 4000 });
    expect(r.estimate).toBeCloseTo(0.4991, 12);
    expect(r.low).toBeCloseTo(0.4991 - 0.028612065849000473, 2);
    expect(r.high).toBeCloseTo(0.4991 + 0.028612065849000473, 2);
    expect(Math.abs(r.high - r.low - 2 * 0.028612065849000473)).toBeLessThan(0.1 * 2 * 0.028612065849000473);
    expect([r.iterations, r.valid, r.confidence]).toEqual([4000, 4000, 0.95]);
  });

  it("is reproducible from its seed and changes with it", () => {
    const values = Array.from({ length: 50 }, (_, i) => (i * 7) % 13);
    const a = pairedBootstrap(values, mean, { seed: "run-1:cost" });
    const b = pairedBootstrap(values, mean, { seed: "run-1:cost" });
    const c = pairedBootstrap(values, mean, { seed: "run-2:cost" });
    expect(b).toEqual(a);
    expect(c.low).not.toBe(a.low);
  });

  it("resamples the same cases for both arms, so identical arms give a ratio of exactly 1", () => {
    const cases: CaseAttemptValues[] = Array.from({ length: 60 }, (_, i) => {
      const latencies = [100 + ((i * 53) % 400), 90 + ((i * 31) % 700)];
      return { baseline: latencies, candidate: latencies };
    });
    const r = pairedBootstrap(cases, p95LatencyRatio, { seed: 1, iterations: 500 });
    expect([r.low, r.high, r.estimate]).toEqual([1, 1, 1]);
  });

  it("keeps every attempt of a drawn case (repeats travel with their case)", () => {
    const cases = Array.from({ length: 30 }, (_, i) => ({ baseline: [i, i, i], candidate: [i] }));
    const r = pairedBootstrap(cases, (sample) => sample.reduce((s, c) => s + c.baseline.length, 0) / sample.length, { seed: 3, iterations: 200 });
    expect([r.low, r.high]).toEqual([3, 3]);
  });

  it("takes case indices with resamples and level, as src/compare calls it", () => {
    const values = Array.from({ length: 80 }, (_, i) => (i % 10) / 10);
    const byIndex = pairedBootstrap({ n: 80, statistic: (idx) => mean(idx.map((i) => values[i] ?? 0)), resamples: 300, level: 0.9, seed: 11 });
    const byCase = pairedBootstrap(values, mean, { iterations: 300, confidence: 0.9, seed: 11 });
    expect(byIndex).toEqual(byCase);
  });

  it("drops resamples whose statistic is not finite and counts the rest", () => {
    const values = [0, 0, 0, 1];
    const r = pairedBootstrap(values, (s) => 1 / mean(s), { seed: 5, iterations: 400 });
    expect(r.valid).toBeLessThan(400);
    expect(r.valid).toBeGreaterThan(200);
    expect(Number.isFinite(r.low)).toBe(true);
  });

  it("rejects no cases and a bad iteration count", () => {
    expect(() => pairedBootstrap([], mean, { seed: 1 })).toThrow(RangeError);
    expect(() => pairedBootstrap([1], mean, { seed: 1, iterations: 0 })).toThrow(RangeError);
  });
});

describe("ready-made bootstrap statistics", () => {
  // Pooled baseline latencies 100, 120, 130, 150, 400 → p95 at rank 3.8 = 150 + 0.8·250 = 350;
  // candidate 90, 110, 160, 200, 300 → 200 + 0.8·100 = 280 (Python's statistics.quantiles
  // method="inclusive" agrees). Ratio 280/350 = 0.8.
  const latency: CaseAttemptValues[] = [
    { baseline: [100, 400], candidate: [90] },
    { baseline: [120, 130], candidate: [110, 300] },
    { baseline: [150], candidate: [160, 200] },
  ];

  it("p95LatencyRatio pools the attempts of the cases in each arm", () => {
    expect(p95LatencyRatio(latency)).toBeCloseTo(0.8, 14);
  });

  // p50: baseline 130, candidate 160 (middle of five values) → 160/130.
  it("ttftP50Ratio divides the candidate's median by the baseline's", () => {
    expect(ttftP50Ratio(latency)).toBeCloseTo(160 / 130, 14);
  });

  // Case means: baseline 0.02 and 0.04 → 0.03; candidate 0.02 and 0.06 → 0.04; ratio 4/3.
  it("meanCostRatio averages each case's attempts first", () => {
    const cost = [
      { baseline: [0.01, 0.03], candidate: [0.02] },
      { baseline: [0.04], candidate: [0.05, 0.07] },
    ];
    expect(meanCostRatio(cost)).toBeCloseTo(4 / 3, 12);
  });

  it("is NaN when an arm has no attempts in the sample", () => {
    expect(p95LatencyRatio([{ baseline: [], candidate: [1] }])).toBeNaN();
  });
});
