import { describe, expect, it } from "vitest";
import { createRng } from "../core/index.js";
import { p95LatencyRatio, percentile } from "../stats/index.js";
import { PooledPercentile, p95RatioStatistic } from "./resample-statistics.js";

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

});
