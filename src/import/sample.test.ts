import { describe, expect, it } from "vitest";
import { allocate, sampleRequests } from "./sample.js";

describe("stratified sampling", () => {
  it("splits by largest remainder in proportion to the shares", () => {
    // 10 × (5, 3, 2)/10 = 5, 3, 2 exactly; 7 × (5, 3, 2)/10 = 3.5, 2.1, 1.4 → 3, 2, 1 + the largest remainder (.5) → 4, 2, 1.
    expect(allocate(10, [5, 3, 2], [100, 100, 100])).toEqual([5, 3, 2]);
    expect(allocate(7, [5, 3, 2], [100, 100, 100])).toEqual([4, 2, 1]);
  });

  it("gives what a small stratum cannot take to the others", () => {
    // 10 × (8, 1, 1)/10 asks 8 of a stratum holding 3: the 5 left go to the others, equally weighted.
    expect(allocate(10, [8, 1, 1], [3, 50, 50])).toEqual([3, 4, 3]);
    expect(allocate(10, [1, 1], [2, 3])).toEqual([2, 3]);
  });

  it("takes the same requests for the same seed whatever the input order, and others for another seed", () => {
    const reqs = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, stratum: i % 4 === 0 ? "a" : "b", weight: 1 + (i % 3) }));
    const one = sampleRequests(reqs, 40, 7);
    const again = sampleRequests([...reqs].reverse(), 40, 7);
    expect([...one.keys].sort()).toEqual([...again.keys].sort());
    expect(one.keys.size).toBe(40);
    expect([...sampleRequests(reqs, 40, 8).keys].sort()).not.toEqual([...one.keys].sort());
    // Proportional: a stratum gets its share of the traffic (Σ weights), rounded.
    const a = one.strata.get("a")!;
    const b = one.strata.get("b")!;
    expect(a.traffic + b.traffic).toBe(reqs.reduce((t, r) => t + r.weight, 0));
    expect(a.taken).toBe(Math.round((40 * a.traffic) / (a.traffic + b.traffic)));
  });
});
