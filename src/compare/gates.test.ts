import { describe, expect, it } from "vitest";
import { criticalSliceGate, errorsGate, lookBudgetSpent, increaseGate, latencyNotEvaluated, passRateGate, qualityGate } from "./gates.js";

const evidence = (estimate: number, low: number, high: number) => ({ pairedCases: 200, estimate, low, high, power: 0.31, casesNeeded: 1873 });

describe("qualityGate (non-inferiority, margin m = 0.02)", () => {
  it("passes when the lower bound L is above −m", () => {
    const g = qualityGate(evidence(-0.005, -0.019, 0.009), 0.02);
    expect(g).toMatchObject({ status: "PASS", figure: -0.005, threshold: 0.02, interval: [-0.019, 0.009], decide: null });
  });

  it("fails when the upper bound U is below −m: shown worse than the margin", () => {
    expect(qualityGate(evidence(-0.05, -0.08, -0.03), 0.02).status).toBe("FAIL");
    // U = −0.02 is not below −0.02: the drop may still be the margin's.
    expect(qualityGate(evidence(-0.05, -0.08, -0.02), 0.02).status).toBe("INCONCLUSIVE");
  });

  it("passes rather than fails when the candidate is shown slightly worse but within the margin (L > −m and U < 0)", () => {
    // L = −0.015 > −0.02 and U = −0.001 < 0: a real drop inside the margin PASSes, with a note.
    const inside = qualityGate(evidence(-0.008, -0.015, -0.001), 0.02);
    expect(inside.status).toBe("PASS");
    expect(inside.reason).toContain("the drop is real (the upper bound is below 0) but inside the 2-point margin");
    // U = −0.01 < 0 but not below −0.02: not shown worse than the margin.
    expect(qualityGate(evidence(-0.03, -0.05, -0.01), 0.02).status).toBe("INCONCLUSIVE");
  });

  it("is inconclusive when the interval reaches below −m and above 0, stating power and the cases that would decide it", () => {
    const g = qualityGate(evidence(-0.004, -0.03, 0.022), 0.02);
    expect(g.status).toBe("INCONCLUSIVE");
    expect(g.reason).toContain("power 31%");
    // 1,873 cases needed, rounded to two significant figures: 1,900.
    expect(g.decide).toBe("needs ~1,900 cases to show non-inferiority at a 2-point margin (an estimate at the observed figure; has 200)");
  });
});

describe("increaseGate (relative increase, max +10%)", () => {
  it("passes when the interval's upper bound is within the threshold", () => {
    // ratio 1.02 [0.97, 1.08] → increase +2% [−3%, +8%]; 8% ≤ 10%.
    const g = increaseGate("cost", { value: 1.02, low: 0.97, high: 1.08 }, 0.1, 100);
    expect(g.status).toBe("PASS");
    expect(g.figure).toBeCloseTo(0.02, 12);
    expect(g.interval?.[0]).toBeCloseTo(-0.03, 12);
    expect(g.interval?.[1]).toBeCloseTo(0.08, 12);
  });

  it("fails when even the lower bound exceeds the threshold", () => {
    expect(increaseGate("cost", { value: 1.3, low: 1.15, high: 1.45 }, 0.1, 100).status).toBe("FAIL");
  });

  it("is inconclusive when the interval straddles the threshold, with the cases a narrower interval needs", () => {
    // increase +12% [+6%, +18%]: half-width toward the threshold 0.12 − 0.06 = 0.06, distance 0.02:
    // 100 × (0.06 / 0.02)² = 900 cases.
    const g = increaseGate("latency_p95", { value: 1.12, low: 1.06, high: 1.18 }, 0.1, 100);
    expect(g.status).toBe("INCONCLUSIVE");
    expect(g.decide).toBe("needs ~900 cases to tell whether p95 latency rises more than 10% (an estimate at the observed figure; has 100)");
  });

  it("is not evaluated on replayed attempts and says so", () => {
    const g = latencyNotEvaluated(0.2, { baseline: 0, candidate: 40 });
    expect(g.status).toBe("NOT_EVALUATED");
    expect(g.reason).toContain("replayed");
    expect(g.reason).toContain("candidate 40");
  });
});

describe("passRateGate (min 0.80, Wilson)", () => {
  it("passes when the Wilson lower bound reaches the minimum", () => {
    expect(passRateGate({ estimate: 0.9, low: 0.82, high: 0.95 }, 90, 100, 0.8).status).toBe("PASS");
  });
  it("fails when the Wilson upper bound is below the minimum", () => {
    expect(passRateGate({ estimate: 0.6, low: 0.5, high: 0.69 }, 60, 100, 0.8).status).toBe("FAIL");
  });
  it("is inconclusive when the interval contains the minimum, with the cases that would decide it", () => {
    // p = 0.85, min 0.80: 1.96² × 0.85 × 0.15 / 0.05² = 195.9 → 196 cases.
    const g = passRateGate({ estimate: 0.85, low: 0.77, high: 0.91 }, 85, 100, 0.8);
    expect(g.status).toBe("INCONCLUSIVE");
    expect(g.decide).toBe("needs ~200 cases to tell whether the pass rate reaches 80% (an estimate at the observed figure; has 100)");
  });
});

describe("count gates", () => {
  it("critical_regressions decides the critical slice with the quality test; the flips are listed, not counted as proof", () => {
    // One flip in a slice the test shows within the margin: PASS, the flip named.
    const pass = criticalSliceGate({ ...evidence(-0.004, -0.015, 0.007), pairedCases: 210 }, 0.02, ["refund-late"], 0);
    expect(pass).toMatchObject({ gate: "critical_regressions", status: "PASS", threshold: 0.02 });
    expect(pass.reason).toMatch(/^critical slice, 210 cases: mean score delta -0\.004/);
    expect(pass.reason).toContain("1 critical case flipped pass → fail: refund-late (informational; the suite lists 0)");
    // A slice too small to decide: INCONCLUSIVE, saying how many critical cases would.
    const small = criticalSliceGate({ pairedCases: 14, estimate: 0, low: -0.23, high: 0.23, power: 0.05, casesNeeded: 1900, floored: true }, 0.02, [], 0);
    expect(small.status).toBe("INCONCLUSIVE");
    expect(small.decide).toBe("needs ~1,900 critical cases to show non-inferiority at a 2-point margin (an estimate at the observed figure; has 14)");
    expect(small.reason).toContain("the bounds are the floor's (as if 3 of 14 cases were discordant at the largest difference seen)");
    // Shown worse than the margin: FAIL, whatever the number in the suite.
    expect(criticalSliceGate({ ...evidence(-0.09, -0.14, -0.04), pairedCases: 40 }, 0.02, ["a", "b", "c"], 5).status).toBe("FAIL");
  });
  it("after the design's last look the sequential gates do not decide", () => {
    const g = lookBudgetSpent("quality", 0.02, { number: 6, max: 5, key: "look_x", history: true });
    expect(g).toMatchObject({ status: "INCONCLUSIVE", reason: "look 6 of 5 at this baseline: the look budget is spent" });
  });
  it("errors is decided on the rate's one-sided 95% Wilson bounds, like the other rates", () => {
    // One error in 50 attempts does not FAIL a 1% limit: the interval (0.4%–8.9%) contains it.
    const one = errorsGate(1, 50, 0.01);
    expect(one).toMatchObject({ status: "INCONCLUSIVE", figure: 0.02 });
    expect(one.reason).toContain("1 of 50 candidate attempts errored");
    // 0 of 300: upper bound z²/(n + z²) = 2.7055/302.7 = 0.89% ≤ 1%.
    const clean = errorsGate(0, 300, 0.01);
    expect(clean.status).toBe("PASS");
    expect(clean.interval?.[1]).toBeCloseTo(2.705543454095404 / (300 + 2.705543454095404), 9);
    // 0 of 100 cannot show ≤ 1%: z²(1 − m)/m = 268 attempts would (shown to two figures).
    expect(errorsGate(0, 100, 0.01)).toMatchObject({ status: "INCONCLUSIVE", decide: "needs ~270 candidate attempts to tell whether the error rate is within 1% (an estimate at the observed figure; has 100)" });
    // 20 of 100: even the lower bound (14%) is above 5%.
    expect(errorsGate(20, 100, 0.05).status).toBe("FAIL");
    expect(errorsGate(0, 0, 0.01).status).toBe("INCONCLUSIVE");
    // max_rate 0 is zero tolerance, decided on the count.
    expect([errorsGate(0, 30, 0).status, errorsGate(1, 1000, 0).status]).toEqual(["PASS", "FAIL"]);
  });

  it("never says 'needs at least 2 cases' with 100, nor asks for more cases when the estimate is past the margin", () => {
    // 75 of 100 against a 0.75 minimum: the estimate sits on the threshold.
    const onIt = passRateGate({ estimate: 0.75, low: 0.66, high: 0.82 }, 75, 100, 0.75);
    expect(onIt.decide).toBe("the estimate sits on the threshold: no number of cases would tell whether the pass rate reaches 75% unless it moves");
    const past = qualityGate({ pairedCases: 100, estimate: -0.05, low: -0.09, high: -0.01, power: 0.4, casesNeeded: Infinity }, 0.02);
    expect(past.status).toBe("INCONCLUSIVE");
    expect(past.decide).toBe("the observed delta -0.050 is past the −0.020 margin: more cases are more likely to FAIL it than to clear it");
  });
});
