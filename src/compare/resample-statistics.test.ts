import { describe, expect, it } from "vitest";
import { createRng } from "../core/index.js";
import { meanCostRatio, p95LatencyRatio, percentile } from "../stats/index.js";
import { PooledPercentile, meanCostRatioStatistic, p95RatioStatistic } from "./resample-statistics.js";

describe("resample statistics", () => {
  it("equals stats' type-7 percentile of the expanded resample for any case weights", () => {
    const rng = createRng(11);
    const byCase = Array.from({ length: 25 }, (_, c) => Array.from({ length: 1 + (c % 3) }, () => Math.round(50 + rng() * 400)));
    const pooled = new PooledPercentile(byCase);
    for (let trial = 0; trial < 50; trial++) {
      const weights = byCase.map(() => Math.floor(rng() * 3));
      const expanded = byCase.flatMap((values, c) => Array.from({ length: weights[c] ?? 0 }, () => values).flat());
      for (const p of [50, 95, 99]) {
        if (expanded.length === 0) expect(pooled.at(weights, p)).toBeNaN();
        else expect(pooled.at(weights, p)).toBeCloseTo(percentile(expanded, p), 9);
      }
    }
  });

  it("gives the same p95 ratio as stats' p95LatencyRatio on a resample of cases", () => {
    // Cases 0..3; the resample draws case 2 twice and case 0 once.
    const baseline = [[100, 120], [300], [90, 95, 500], [200]];
    const candidate = [[110], [280, 290], [100, 700], [210, 220]];
    const indices = [2, 0, 2];
    const expected = p95LatencyRatio(indices.map((i) => ({ baseline: baseline[i] ?? [], candidate: candidate[i] ?? [] })));
    expect(p95RatioStatistic(baseline, candidate)(indices)).toBeCloseTo(expected, 12);
  });

  it("gives the same cost ratio as stats' meanCostRatio on a resample, skipping a case with no answered attempt", () => {
    // Case 1 has no answered baseline attempt. Resample [0, 1, 1, 2]: baseline per-case means 0.002 and 0.003
    // (case 0 once, case 2 once) → 0.0025; candidate 0.001, 0.004 twice, 0.006 → 0.015 / 4 = 0.00375; ratio 1.5.
    const cases = [
      { baseline: [0.001, 0.003], candidate: [0.001] },
      { baseline: [], candidate: [0.004, 0.004] },
      { baseline: [0.003], candidate: [0.005, 0.007] },
    ];
    const indices = [0, 1, 1, 2];
    const expected = meanCostRatio(indices.map((i) => cases[i] ?? { baseline: [], candidate: [] }));
    expect(expected).toBeCloseTo(1.5, 12);
    expect(meanCostRatioStatistic(cases)(indices)).toBeCloseTo(expected, 12);
  });
});
