import { describe, expect, it } from "vitest";
import { proportionBounds, wilsonInterval } from "./proportion.js";

describe("wilsonInterval", () => {
  // Newcombe RG (1998), Two-sided confidence intervals for the single proportion,
  // Statistics in Medicine 17:857–872, Table I, method 3 (Wilson score, no continuity correction).
  it("reproduces Newcombe's published 95% intervals to 4 decimals", () => {
    const cases: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, low, high] of cases) {
      const w = wilsonInterval(k, n);
      expect(w.low).toBeCloseTo(low, 4);
      expect(w.high).toBeCloseTo(high, 4);
      expect(w.estimate).toBe(k / n);
    }
  });

  // Computed with Python's statistics.NormalDist (z = inv_cdf(0.95)) and the formula in proportion.ts.
  it("narrows at 90% confidence as the formula gives (81/263 → 0.26331–0.35657)", () => {
    const w = wilsonInterval(81, 263, 0.9);
    expect(w.low).toBeCloseTo(0.2633136171884814, 10);
    expect(w.high).toBeCloseTo(0.35656634960848815, 10);
  });

  it("is exactly 0 or 1 at the edges and [0, 1] with no data", () => {
    expect(wilsonInterval(0, 20).low).toBe(0);
    expect(wilsonInterval(20, 20).high).toBe(1);
    const empty = wilsonInterval(0, 0);
    expect([empty.low, empty.high]).toEqual([0, 1]);
    expect(empty.estimate).toBeNaN();
  });

  it("rejects counts that are not a proportion", () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
  });
});

describe("proportionBounds (the pass_rate gate)", () => {
  // 81/263: Wilson 95% 0.2553–0.3662 (Newcombe 1998, above).
  it("passes when the Wilson lower bound reaches min", () => {
    expect(proportionBounds(81, 263, { min: 0.25 }).status).toBe("PASS");
  });

  it("fails when the Wilson upper bound is below min", () => {
    expect(proportionBounds(81, 263, { min: 0.37 }).status).toBe("FAIL");
  });

  it("is inconclusive when min lies inside the interval", () => {
    const b = proportionBounds(81, 263, { min: 0.3 });
    expect(b.status).toBe("INCONCLUSIVE");
    expect(b.min).toBe(0.3);
  });
});
