import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from "./distributions.js";

// Normal references: Python's statistics.NormalDist (inv_cdf is Wichura's AS241, cdf uses math.erf),
// printed with repr().
describe("normal distribution", () => {
  it("gives the quantiles Python's statistics.NormalDist gives, to 1e-12", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845400536, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514715, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729144, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
    expect(normalQuantile(0.999999)).toBeCloseTo(4.753424308817089, 9);
  });

  it("gives the CDF Python's statistics.NormalDist gives, to 1e-13", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(0.3)).toBeCloseTo(0.6179114221889526, 13);
    expect(normalCdf(2.5)).toBeCloseTo(0.9937903346742238, 13);
    expect(normalCdf(-1.5)).toBeCloseTo(0.06680720126885809, 13);
  });

  it("keeps relative precision far in the tail, as Python's 0.5 * math.erfc(8 / math.sqrt(2)) does", () => {
    expect(normalCdf(-8) / 6.220960574271819e-16).toBeCloseTo(1, 10);
  });

  it("inverts its own CDF across the range", () => {
    for (const p of [1e-300, 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-9]) {
      const x = normalQuantile(p);
      expect(Math.abs(normalCdf(x) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-9);
    }
  });

  it("rejects probabilities outside (0, 1)", () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe("Student t distribution", () => {
  it("matches the closed form quantile for 1 degree of freedom, tan(π(p − ½))", () => {
    for (const p of [0.6, 0.9, 0.95, 0.975, 0.995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9);
    }
  });

  it("matches the closed form quantile for 2 degrees of freedom, (2p − 1)/√(2p(1 − p))", () => {
    for (const p of [0.6, 0.9, 0.95, 0.975, 0.999]) {
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
    }
  });

  it("matches the standard t table (NIST/SEMATECH e-Handbook 1.3.6.7.2) to its 3 decimals", () => {
    expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.812, 3);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.571, 3);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697, 3);
    expect(studentTQuantile(0.995, 20)).toBeCloseTo(2.845, 3);
    expect(studentTQuantile(0.95, 100)).toBeCloseTo(1.660, 3);
  });

  // Reference: Python's math module — Simpson integration of the t density
  // (math.lgamma, 20,000 intervals) inverted by bisection (60 halvings).
  it("matches a numerically integrated t quantile to 1e-9, at large df too", () => {
    expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.8124611228116687, 9);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.570581835636167, 9);
    expect(studentTQuantile(0.95, 399)).toBeCloseTo(1.6486815335556115, 9);
    expect(studentTQuantile(0.95, 1854)).toBeCloseTo(1.6456759222349855, 9);
    expect(studentTCdf(2, 7)).toBeCloseTo(0.9571903357185134, 10);
  });

  it("is symmetric and tends to the normal as df grows", () => {
    expect(studentTQuantile(0.05, 12)).toBeCloseTo(-studentTQuantile(0.95, 12), 12);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0.95, 1e7)).toBeCloseTo(1.6448536269514715, 6);
    expect(studentTQuantile(0.95, Infinity)).toBeCloseTo(1.6448536269514715, 12);
  });

  it("rejects non-positive degrees of freedom", () => {
    expect(() => studentTQuantile(0.95, 0)).toThrow(RangeError);
  });
});
