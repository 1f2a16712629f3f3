import { describe, expect, it } from "vitest";
import { mcnemarExact } from "./mcnemar.js";

// References: Python, exact: min(1, 2 · Σ_{i ≤ min(b,c)} Fraction(math.comb(b + c, i), 2 ** (b + c))).
describe("mcnemarExact", () => {
  it("gives the exact two-sided binomial p-value on the discordant pairs", () => {
    expect(mcnemarExact(3, 11)).toBeCloseTo(0.057373046875, 14);
    expect(mcnemarExact(10, 2)).toBeCloseTo(0.03857421875, 14);
    expect(mcnemarExact(0, 5)).toBeCloseTo(0.0625, 14);
  });

  it("is symmetric in b and c", () => {
    expect(mcnemarExact(11, 3)).toBe(mcnemarExact(3, 11));
  });

  it("is 1 with no flips, balanced flips or a single flip", () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(7, 7)).toBe(1);
    expect(mcnemarExact(1, 0)).toBe(1);
  });

  it("stays accurate with thousands of flips (relative 1e-9)", () => {
    expect(mcnemarExact(150, 100) / 0.001883300935076157).toBeCloseTo(1, 9);
    expect(mcnemarExact(2000, 2200) / 0.0021323556719912346).toBeCloseTo(1, 9);
  });

  it("rejects counts that are not whole and non-negative", () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 2)).toThrow(RangeError);
  });
});
