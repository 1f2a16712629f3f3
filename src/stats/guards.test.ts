import { describe, expect, it } from "vitest";
import { differenceInterval, floorSe } from "./paired.js";
import { nonInferiority } from "./non-inferiority.js";
import { ratioOfMeans } from "./ratio.js";
import { wilsonInterval, wilsonOfRate } from "./proportion.js";
import { studentTQuantile } from "./distributions.js";

describe("the floor: degenerate evidence never decides", () => {
  it("gives zero-variance differences the SE of 3 discordant cases at the largest |d| (1 when none moved)", () => {
    expect(floorSe(new Array(10).fill(0))).toBeCloseTo(Math.sqrt(3 / 9) / Math.sqrt(10), 12);
    expect(floorSe([0.5, 0, 0, 0, 0])).toBeCloseTo(Math.sqrt((3 * 0.25) / 4) / Math.sqrt(5), 12);
    // Below 3 cases, all of them: 2 cases → √(2·1/1)/√2 = 1.
    expect(floorSe([0, 0])).toBeCloseTo(1, 12);
    const d = differenceInterval(new Array(10).fill(0), 0.9, { floor: true });
    expect(d).toMatchObject({ floored: true, estimate: 0 });
    expect(d.high).toBeCloseTo(studentTQuantile(0.95, 9) * Math.sqrt(1 / 30), 12);
  });

  it("keeps a true 5-point drop at n = 10 from passing on zero variance (it would at any margin without the floor)", () => {
    const same = new Array(10).fill(1);
    expect(nonInferiority(same, same, { margin: 0.05, level: 0.9 }).status).toBe("PASS");
    const floored = nonInferiority(same, same, { margin: 0.05, level: 0.9, floor: true });
    expect(floored.status).toBe("INCONCLUSIVE");
    // Cases needed: where the floor, shrinking as 1/n, lets d̄ = 0 clear 0.05 at one-sided 95%.
    const n = floored.casesNeeded ?? 0;
    const bound = (k: number) => studentTQuantile(0.95, k - 1) * Math.sqrt(3 / (k * (k - 1)));
    expect(bound(n)).toBeLessThan(0.05);
    expect(bound(n - 1)).toBeGreaterThanOrEqual(0.05);
  });

  it("leaves a spread above the floor alone", () => {
    const diffs = Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? -1 : i % 5 === 1 ? 1 : 0));
    const d = differenceInterval(diffs, 0.9, { floor: true });
    expect(d.floored).toBe(false);
    expect(d.se).toBeCloseTo(differenceInterval(diffs, 0.9).se, 12);
  });
});

describe("clustered paired differences", () => {
  it("reduces to the plain t interval when every case is its own group, and uses G − 1 df over groups", () => {
    const diffs = [0.1, -0.2, 0.3, 0, 0.5, -0.1, 0.2, 0.4];
    const plain = differenceInterval(diffs, 0.9);
    const singles = differenceInterval(diffs, 0.9, { clusters: diffs.map(() => null) });
    expect(singles.se).toBeCloseTo(plain.se, 12);
    expect(singles.df).toBe(7);
    const pairs = differenceInterval(diffs, 0.9, { clusters: ["a", "a", "b", "b", "c", "c", "d", "d"] });
    expect(pairs).toMatchObject({ groups: 4, df: 3 });
    const mean = diffs.reduce((s, x) => s + x, 0) / 8;
    const sums = [0, 2, 4, 6].map((i) => (diffs[i] ?? 0) + (diffs[i + 1] ?? 0) - 2 * mean);
    expect(pairs.se).toBeCloseTo(Math.sqrt(((4 / 3) * sums.reduce((s, r) => s + r * r, 0)) / 64), 12);
  });
});

describe("ratioOfMeans: the cost gate's log-ratio interval", () => {
  it("is exact for a constant ratio and brackets the ratio of means otherwise", () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(ratioOfMeans(base, base.map((x) => x * 1.2))).toMatchObject({ n: 10 });
    const constant = ratioOfMeans(base, base.map((x) => x * 1.2));
    expect(constant.estimate).toBeCloseTo(1.2, 12);
    expect(constant.high - constant.low).toBeLessThan(1e-9);
    const noisy = ratioOfMeans(base, [1.1, 2.5, 2.9, 4.8, 5.5, 7.4, 8.1, 9.9, 10.5, 12.1]);
    expect(noisy.estimate).toBeCloseTo(64.8 / 55, 12);
    expect(noisy.low).toBeLessThan(noisy.estimate);
    expect(noisy.high).toBeGreaterThan(noisy.estimate);
    // Symmetric on the log scale.
    expect(Math.log(noisy.high / noisy.estimate)).toBeCloseTo(Math.log(noisy.estimate / noisy.low), 12);
  });
  it("has no ratio when the baseline costs nothing", () => {
    expect(Number.isNaN(ratioOfMeans([0, 0], [1, 2]).estimate)).toBe(true);
  });
});

describe("wilsonOfRate: Wilson on an effective sample", () => {
  it("equals wilsonInterval on whole counts and widens as the effective n shrinks", () => {
    expect(wilsonOfRate(0.75, 200)).toEqual(wilsonInterval(150, 200));
    const narrow = wilsonOfRate(0.9, 300);
    const wide = wilsonOfRate(0.9, 100);
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
    expect(wilsonOfRate(1, 37.5).high).toBe(1);
  });
});

describe("stated power at a declared expected_delta", () => {
  it("is the power at d = 0 unless a true difference is declared, which moves it", () => {
    const diffs = Array.from({ length: 400 }, (_, i) => (i % 6 === 0 ? -1 : i % 6 === 1 ? 1 : 0));
    const equal = nonInferiority(diffs.map(() => 0), diffs, { margin: 0.02, level: 0.9 });
    const better = nonInferiority(diffs.map(() => 0), diffs, { margin: 0.02, level: 0.9, expectedDelta: 0.01 });
    expect(better.power ?? 0).toBeGreaterThan(equal.power ?? 1);
    expect(nonInferiority(diffs.map(() => 0), diffs, { margin: 0.02, level: 0.9, expectedDelta: 0 }).power).toBe(equal.power);
  });
});
