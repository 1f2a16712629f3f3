import { describe, expect, it } from "vitest";
import { pairedDifference } from "./paired.js";

// Three cases, differences 0.1, −0.1, −0.2. Python's statistics module: mean −0.0666…,
// stdev 0.15275252316519464, SE 0.08819171036881968; t(0.95, 2) = 0.9/√(2·0.95·0.05)
// = 2.9199855803537256 (closed form for 2 df), so the 90% bounds are
// −0.0666… ∓ 2.91999 · 0.0881917 = −0.3241851892503522 and 0.19085185591701892.
const THREE = [
  { baseline: 0.9, candidate: 1.0 },
  { baseline: 0.5, candidate: 0.4 },
  { baseline: 1.0, candidate: 0.8 },
];

describe("pairedDifference", () => {
  it("gives the paired t interval (90% two-sided = one-sided 95% bounds) by default", () => {
    const d = pairedDifference(THREE);
    expect(d.delta).toBeCloseTo(-0.06666666666666665, 14);
    expect(d.estimate).toBe(d.delta);
    expect(d.sd).toBeCloseTo(0.15275252316519464, 14);
    expect(d.se).toBeCloseTo(0.08819171036881968, 14);
    expect(d.low).toBeCloseTo(-0.3241851892503522, 10);
    expect(d.high).toBeCloseTo(0.19085185591701892, 10);
    expect([d.n, d.df, d.confidence]).toEqual([3, 2, 0.9]);
  });

  // Ten cases; Python: mean −0.1, stdev 0.3944053188733077; t(0.95, 9) = 1.8331129326562685
  // (Simpson integration of the t density with math.lgamma, inverted by bisection;
  // the printed table gives 1.833).
  it("accepts parallel baseline and candidate arrays and uses n − 1 degrees of freedom", () => {
    const baseline = [1, 1, 0, 1, 0.5, 1, 1, 0, 1, 1];
    const candidate = [1, 0, 0, 1, 1, 1, 0.5, 0, 1, 1];
    const d = pairedDifference(baseline, candidate, { level: 0.9 });
    expect(d.delta).toBeCloseTo(-0.1, 14);
    expect(d.low).toBeCloseTo(-0.3286293515088056, 9);
    expect(d.high).toBeCloseTo(0.1286293515088056, 9);
  });

  it("widens with the confidence asked for", () => {
    const d90 = pairedDifference(THREE, { confidence: 0.9 });
    const d95 = pairedDifference(THREE, { confidence: 0.95 });
    expect(d95.high - d95.low).toBeGreaterThan(d90.high - d90.low);
    // t(0.975, 2) = 0.95/√(2·0.975·0.025) = 4.302652729749464 (closed form).
    expect(d95.high - d95.delta).toBeCloseTo(4.302652729749464 * 0.08819171036881968, 10);
  });

  it("is a point when every case moved by the same amount, unbounded with one case", () => {
    const same = pairedDifference([0.5, 0.7], [0.6, 0.8]);
    expect(same.low).toBeCloseTo(0.1, 14);
    expect(same.high).toBeCloseTo(0.1, 14);
    const one = pairedDifference([{ baseline: 1, candidate: 0 }]);
    expect([one.low, one.high, one.se]).toEqual([-Infinity, Infinity, Infinity]);
  });

  it("rejects unequal arrays and no cases", () => {
    expect(() => pairedDifference([1, 0], [1])).toThrow(RangeError);
    expect(() => pairedDifference([])).toThrow(RangeError);
  });
});
