import { describe, expect, it } from "vitest";
import { costPer1kRequests, judgeCostPer1kRequests } from "./cost-per-request.js";

const attempt = (caseId: string, costUsd: number | null, status: "ok" | "error" = "ok") => ({ caseId, status, costUsd });

describe("costPer1kRequests", () => {
  // By hand: three cases costing $0.001, $0.002, $0.003 → 1, 2, 3 per 1,000; mean 2, SE = s/√3 = 1/√3;
  // t(0.975, 2) = 4.302653 → half-width 2.484138; the low bound −0.484 is floored at 0.
  it("is 1,000 × the mean answered attempt's cost with a t interval clustered by case", () => {
    const r = costPer1kRequests([attempt("a", 0.001), attempt("b", 0.002), attempt("c", 0.003)]);
    expect(r?.estimate).toBeCloseTo(2, 12);
    expect(r?.low).toBe(0);
    expect(r?.high).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
  });

  // By hand: case a's two repeats (1, 1) and case b's one (3): mean 5/3; CR1 Var = 2·((−4/3)² + (4/3)²)/3² = 64/81 → SE 8/9;
  // the naive s/√3 would be 0.667: repeats of a case are one cluster.
  it("clusters repeats of a case and leaves errored attempts out", () => {
    const r = costPer1kRequests([attempt("a", 0.001), attempt("a", 0.001), attempt("b", 0.003), attempt("b", null, "error")]);
    expect(r?.estimate).toBeCloseTo(5 / 3, 12);
    expect(r?.high).toBeCloseTo(5 / 3 + 12.706205 * (8 / 9), 4);
  });

  it("is null when an answered attempt's price is unknown or nothing was answered, a point with one case", () => {
    expect(costPer1kRequests([attempt("a", 0.001), attempt("b", null)])).toBeNull();
    expect(costPer1kRequests([attempt("a", null, "error")])).toBeNull();
    expect(costPer1kRequests([attempt("a", 0.002), attempt("a", 0.004)])).toEqual({ estimate: 3, low: 3, high: 3 });
  });

  it("states judge cost per 1,000 requests apart, over every attempt", () => {
    expect(judgeCostPer1kRequests(0.05, 100)).toBeCloseTo(0.5, 12);
    expect(judgeCostPer1kRequests(0, 0)).toBeNull();
  });
});
