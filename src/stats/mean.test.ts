import { describe, expect, it } from "vitest";
import { clusteredMean, meanWithSE } from "./mean.js";

describe("meanWithSE", () => {
  // statistics.mean, statistics.stdev(v) / math.sqrt(len(v)) in Python.
  it("gives the mean and s/√n that Python's statistics module gives", () => {
    const r = meanWithSE([0.5, 1, 0, 1, 1, 0.75, 0, 1]);
    expect(r.mean).toBeCloseTo(0.65625, 14);
    expect(r.sd).toBeCloseTo(0.4419417382415922, 14);
    expect(r.se).toBeCloseTo(0.15625, 14);
    expect(r.n).toBe(8);
  });

  it("has an unbounded standard error with one value", () => {
    expect(meanWithSE([0.7]).se).toBe(Infinity);
  });
});

describe("clusteredMean (cluster-robust SE by case)", () => {
  // With equal cluster sizes the CR1 SE equals the SE of the cluster means:
  // statistics.stdev(means) / math.sqrt(5) = 0.1699673171197595 in Python.
  it("equals the SE of the case means when every case has the same number of repeats", () => {
    const r = clusteredMean([[1, 1, 0], [0, 0, 0], [1, 1, 1], [1, 0, 1], [0.5, 1, 1]]);
    expect(r.mean).toBeCloseTo(0.6333333333333333, 14);
    expect(r.se).toBeCloseTo(0.1699673171197595, 14);
    expect(r.n).toBe(15);
    expect(r.clusters).toBe(5);
  });

  // By hand: N = 6, ȳ = 3/6 = 0.5; case residual sums 0, +0.5, −0.5; Σ² = 0.5;
  // Var = 3/2 · 0.5 / 36 = 1/48, SE = √(1/48) = 0.1443375672974064.
  it("weights cases by their attempts when repeat counts differ", () => {
    const r = clusteredMean([[1, 0], [1], [0, 0, 1]]);
    expect(r.mean).toBe(0.5);
    expect(r.se).toBeCloseTo(Math.sqrt(1 / 48), 14);
  });

  it("reduces to the plain CLT standard error with one attempt per case", () => {
    const values = [0.5, 1, 0, 1, 1, 0.75, 0, 1];
    expect(clusteredMean(values.map((v) => [v])).se).toBeCloseTo(0.15625, 14);
  });

  it("is wider than the naive SE when repeats of a case agree", () => {
    const perCase = [[1, 1, 1], [0, 0, 0], [1, 1, 1], [1, 1, 1]];
    expect(clusteredMean(perCase).se).toBeGreaterThan(meanWithSE(perCase.flat()).se * 1.5);
  });

  it("skips cases without attempts and rejects having none at all", () => {
    expect(clusteredMean([[1, 0], [], [1], [0, 0, 1]]).clusters).toBe(3);
    expect(() => clusteredMean([[], []])).toThrow(RangeError);
  });
});
