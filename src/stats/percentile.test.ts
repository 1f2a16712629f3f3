import { describe, expect, it } from "vitest";
import { p50, p95, p99, percentile } from "./percentile.js";

// References: Python's statistics.quantiles(data, n=100, method="inclusive") (R type 7),
// checked by hand on the sorted data 3, 5.5, 7.25, 9.5, 12.5, 14, 18, 21, 30, 40:
// p95 → rank 9·0.95 = 8.55 → 30 + 0.55·(40 − 30) = 35.5.
const DATA = [12.5, 3.0, 7.25, 40.0, 18.0, 9.5, 21.0, 5.5, 30.0, 14.0];

describe("percentile (linear interpolation between closest ranks, R type 7)", () => {
  it("matches Python's statistics.quantiles(method='inclusive')", () => {
    expect(p50(DATA)).toBeCloseTo(13.25, 12);
    expect(p95(DATA)).toBeCloseTo(35.5, 12);
    expect(p99(DATA)).toBeCloseTo(39.1, 12);
    expect(percentile(DATA, 10)).toBeCloseTo(5.25, 12);
    expect(percentile(DATA, 37)).toBeCloseTo(10.49, 12);
  });

  it("gives the minimum at 0, the maximum at 100 and the value itself for one value", () => {
    expect(percentile(DATA, 0)).toBe(3);
    expect(percentile(DATA, 100)).toBe(40);
    expect(percentile([7], 95)).toBe(7);
  });

  it("does not reorder the caller's array", () => {
    const copy = [...DATA];
    p95(DATA);
    expect(DATA).toEqual(copy);
  });

  it("rejects no values and p outside 0..100", () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile(DATA, 101)).toThrow(RangeError);
  });
});
