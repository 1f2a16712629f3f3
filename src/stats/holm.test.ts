import { describe, expect, it } from "vitest";
import { holm, holmRejections } from "./holm.js";

describe("holm", () => {
  // By hand: sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max(0.06, 0.04) = 0.06.
  it("adjusts p-values step-down and returns them in input order", () => {
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((p, i) => expect(adjusted[i]).toBeCloseTo(p, 14));
  });

  // Step-down by hand at α = 0.05: 0.005 ≤ 0.05/4, 0.01 ≤ 0.05/3, 0.03 > 0.05/2 → stop.
  it("rejects exactly what Holm's procedure rejects", () => {
    expect(holmRejections([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, false, false, true]);
  });

  it("caps adjusted p-values at 1 and keeps a single test unchanged", () => {
    expect(holm([0.6, 0.9])).toEqual([1, 1]);
    expect(holm([0.02])).toEqual([0.02]);
    expect(holm([])).toEqual([]);
  });
});
