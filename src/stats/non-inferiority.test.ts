import { describe, expect, it } from "vitest";
import { formatApproxCases, formatCasesNeeded, formatMarginPoints } from "./format.js";
import { casesForNonInferiority, nonInferiority, nonInferiorityOfDifferences, nonInferiorityPower } from "./non-inferiority.js";

// The three cases of paired.test.ts: d̄ = −0.0667, 90% bounds [−0.3242, 0.1909], s_d = 0.15275.
const THREE = [
  { baseline: 0.9, candidate: 1.0 },
  { baseline: 0.5, candidate: 0.4 },
  { baseline: 1.0, candidate: 0.8 },
];
const repeat = (values: number[], times: number): number[] => Array.from({ length: times }, () => values).flat();

describe("nonInferiority (docs/design/architecture.md §9 quality gate)", () => {
  it("passes when the lower bound is above −margin", () => {
    const r = nonInferiority(THREE, 0.4);
    expect(r.status).toBe("PASS");
    expect(r.low).toBeCloseTo(-0.3241851892503522, 10);
  });

  it("fails when the upper bound is below −margin: shown worse than the margin", () => {
    const r = nonInferiorityOfDifferences([-0.1, -0.12, -0.08, -0.1], 0.02);
    expect(r.high).toBeLessThan(-0.02);
    expect(r.status).toBe("FAIL");
  });

  it("is inconclusive, not FAIL, when the drop is real but may still lie inside the margin", () => {
    // d̄ = −0.02, bounds about [−0.032, −0.008]: below 0 for sure, but not shown beyond −0.02.
    const r = nonInferiorityOfDifferences(repeat([-0.01, -0.03], 20), 0.02);
    expect(r.high).toBeLessThan(0);
    expect(r.high).toBeGreaterThan(-0.02);
    expect(r.status).toBe("INCONCLUSIVE");
  });

  it("passes a drop that is significant but inside the margin (PASS wins over FAIL)", () => {
    const r = nonInferiorityOfDifferences(repeat([-0.009, -0.011], 50), 0.02);
    expect(r.high).toBeLessThan(0);
    expect(r.low).toBeGreaterThan(-0.02);
    expect(r.status).toBe("PASS");
  });

  // Python: NormalDist().cdf(0.02·√3/0.15275252316519464 − 2.9199855803537256) = 0.0035384169242310137,
  // with t(0.95, 2) from the closed form for 2 df.
  it("is inconclusive when the interval spans −margin and 0, and states the power it had", () => {
    const r = nonInferiority(THREE, { margin: 0.02 });
    expect(r.status).toBe("INCONCLUSIVE");
    expect(r.power).toBeCloseTo(0.0035384169242310137, 10);
    expect(r.casesNeeded).toBeGreaterThan(300);
  });

  // Python: mean −0.1, stdev 0.3944053188733077, t(0.95, 9) = 1.8331129326562685 (integrated);
  // power = NormalDist().cdf(0.05·√10/0.3944… − 1.83311…) = 0.07604028181079808.
  it("accepts parallel arrays with a level and matches the power computed in Python", () => {
    const r = nonInferiority([1, 1, 0, 1, 0.5, 1, 1, 0, 1, 1], [1, 0, 0, 1, 1, 1, 0.5, 0, 1, 1], { margin: 0.05, level: 0.9 });
    expect(r.status).toBe("INCONCLUSIVE");
    expect(r.low).toBeCloseTo(-0.3286293515088056, 9);
    expect(r.power).toBeCloseTo(0.07604028181079808, 8);
  });

  it("passes identical arms (a zero-width interval: the degenerate case the planned floor addresses)", () => {
    const r = nonInferiority([1, 0, 1], [1, 0, 1], { margin: 0.02 });
    expect([r.status, r.power, r.casesNeeded]).toEqual(["PASS", 1, 2]);
  });

  it("has no power or case count with a single case", () => {
    const r = nonInferiority([{ baseline: 1, candidate: 1 }], 0.02);
    expect([r.status, r.power, r.casesNeeded]).toEqual(["INCONCLUSIVE", null, null]);
  });

  it("rejects a negative or missing margin", () => {
    expect(() => nonInferiority(THREE, -0.01)).toThrow(RangeError);
    expect(() => nonInferiority(THREE, Number.NaN)).toThrow(RangeError);
  });
});

describe("power and cases needed", () => {
  // s = √0.12 (equal arms, per-case pass probability Beta(1.8, 0.2)), m = 0.02, α = 0.05.
  // Normal formula ((1.64485 + 0.84162)·√0.12/0.02)² = 1854.77; Python then evaluated
  // NormalDist().cdf(0.02·√n/√0.12 − t(0.95, n − 1)) with t integrated numerically:
  // n = 1855 → 0.79981, n = 1856 → 0.80000122. So 1,856 cases.
  it("finds the smallest n with 80% power, t quantile included", () => {
    expect(casesForNonInferiority({ sd: Math.sqrt(0.12), margin: 0.02, alpha: 0.05 })).toBe(1856);
    expect(nonInferiorityPower({ sd: Math.sqrt(0.12), n: 1855, margin: 0.02, alpha: 0.05 })).toBeCloseTo(0.7998134271132412, 8);
  });

  it("grows as the margin shrinks, with the square of the ratio", () => {
    const wide = casesForNonInferiority({ sd: 0.3, margin: 0.04, alpha: 0.05 });
    const narrow = casesForNonInferiority({ sd: 0.3, margin: 0.02, alpha: 0.05 });
    expect(narrow / wide).toBeGreaterThan(3.9);
    expect(narrow / wide).toBeLessThan(4.1);
  });

  it("has just under α power when the true loss equals the margin", () => {
    const atMargin = nonInferiorityPower({ sd: 0.35, n: 1000, margin: 0.02, alpha: 0.05, trueDifference: -0.02 });
    expect(atMargin).toBeGreaterThan(0.04);
    expect(atMargin).toBeLessThan(0.05);
  });

  it("needs infinitely many cases at a zero margin", () => {
    expect(casesForNonInferiority({ sd: 0.3, margin: 0, alpha: 0.05 })).toBe(Infinity);
  });
});

describe("format helpers", () => {
  it("says how many cases would decide, to two significant figures", () => {
    expect(formatCasesNeeded(1856, 0.02)).toBe("needs ~1,900 cases to show non-inferiority at a 2-point margin");
    expect(formatCasesNeeded(57, 0.005)).toBe("needs ~57 cases to show non-inferiority at a 0.5-point margin");
    expect(formatCasesNeeded(Infinity, 0)).toBe("no number of cases would show non-inferiority at a 0-point margin");
  });

  it("rounds counts and margins for reading", () => {
    expect(formatApproxCases(12_345)).toBe("12,000");
    expect(formatApproxCases(99.2)).toBe("100");
    expect(formatMarginPoints(0.025)).toBe("2.5-point");
  });
});
