import { describe, expect, it } from "vitest";
import { fitAxis, niceStep, percentTick, tickDecimals, usdTick } from "./chart-scale.js";
import { costQualityLayout, fitText, type CostQualityPoint } from "./cost-quality-layout.js";
import { overlaps, placeLabels } from "./label-placement.js";

describe("chart axes", () => {
  // By hand: 0.95..1 padded by 8% of 0.05 → 0.946..1.004, clamped to 1; step for 0.054 over ≤ 5 ticks: 0.0108 → 0.02;
  // ends rounded out to 0.94 and 1.
  it("fit rates at 95–100% on a zoomed axis, not on 0–100%", () => {
    const axis = fitAxis([0.95, 0.97, 0.99, 1], { min: 0, max: 1 });
    expect(axis.domain).toEqual([0.94, 1]);
    expect(axis.ticks).toEqual([0.94, 0.96, 0.98, 1]);
    expect(axis.ticks.map((v) => percentTick(v, axis.step))).toEqual(["94%", "96%", "98%", "100%"]);
  });

  // By hand: 0.15..0.30 padded → 0.138..0.312; 0.138 > 0.35 × 0.312, so not from 0; step 0.0348 → 0.05; 0.10..0.35.
  it("start a cost axis at 0 only when the values come near it", () => {
    const away = fitAxis([0.15, 0.2, 0.25, 0.3], { min: 0, max: Infinity });
    expect(away.domain).toEqual([0.1, 0.35]);
    expect(away.ticks.map((v) => usdTick(v, away.step))).toEqual(["$0.10", "$0.15", "$0.20", "$0.25", "$0.30", "$0.35"]);
    expect(fitAxis([0.02, 0.3], { min: 0, max: Infinity }).domain[0]).toBe(0);
  });

  it("choose round steps and the decimals a tick needs", () => {
    expect(niceStep(1, 5)).toBeCloseTo(0.2, 12);
    expect(niceStep(0.054, 5)).toBeCloseTo(0.02, 12);
    expect(tickDecimals(0.025, 100)).toBe(1);
    expect(tickDecimals(0.05, 100)).toBe(0);
    expect(tickDecimals(0.00025)).toBe(5);
    expect(fitAxis([], { min: 0, max: 1 }).domain).toEqual([0, 1]);
  });
});

describe("label placement", () => {
  it("never overlaps two labels, nor a label and a point, and keeps labels inside the area", () => {
    const area = { x: 0, y: 0, width: 300, height: 200 };
    const requests = Array.from({ length: 6 }, (_, i) => ({ key: `arm-${i}`, x: 150, y: 100 + i, width: 90, height: 14 }));
    const placed = placeLabels(requests, area);
    expect(placed.length).toBeGreaterThan(3);
    for (const [i, a] of placed.entries()) {
      expect(a.box.x).toBeGreaterThanOrEqual(0);
      expect(a.box.x + a.box.width).toBeLessThanOrEqual(300);
      for (const b of placed.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false);
    }
  });

  it("leaves a label that fits nowhere to the legend", () => {
    expect(placeLabels([{ key: "wide", x: 50, y: 50, width: 400, height: 14 }], { x: 0, y: 0, width: 100, height: 100 })).toEqual([]);
  });
});

describe("the cost-quality layout", () => {
  const point = (key: string, cost: number, rate: number, frontier = false): CostQualityPoint => ({
    key, label: `support@${key}`, frontier,
    cost: { estimate: cost, low: cost * 0.9, high: cost * 1.1 },
    quality: { estimate: rate, low: rate - 0.03, high: Math.min(1, rate + 0.02) },
  });
  const points = [point("gpt-4o-mini", 0.21, 0.97, true), point("gpt-5-mini", 0.23, 0.98, true), point("gpt-4.1-nano", 0.22, 0.97), point("gpt-5", 0.9, 0.99, true), point("unpriced", 0, 0.5)];
  points[4] = { ...points[4] as CostQualityPoint, cost: null };
  const layout = costQualityLayout(points, { width: 640, plotHeight: 230 });

  it("keeps every tick label inside the drawing and says where a zoomed rate axis starts", () => {
    for (const t of layout.xTicks) expect(t.at + (t.label.length * 10 * 0.6) / 2).toBeLessThanOrEqual(layout.width);
    for (const t of layout.yTicks) expect(t.at).toBeGreaterThanOrEqual(0);
    expect(layout.yTicks[0]?.label).not.toBe("0%");
    expect(layout.zoomNote).toMatch(/^pass rate axis from \d+%$/);
  });

  it("plots the priced arms with their intervals, draws the frontier by cost, and names every arm in the legend", () => {
    expect(layout.points.map((p) => p.key)).toEqual(["gpt-4o-mini", "gpt-5-mini", "gpt-4.1-nano", "gpt-5"]);
    for (const p of layout.points) expect(p.xLow).toBeLessThan(p.xHigh);
    expect(layout.frontier).toHaveLength(3);
    expect(layout.frontier.map(([x]) => x)).toEqual([...layout.frontier.map(([x]) => x)].sort((a, b) => a - b));
    expect(layout.legend.map((l) => l.note)).toEqual(["Pareto frontier", "Pareto frontier", null, "Pareto frontier", "cost unknown: not plotted"]);
    for (const [i, a] of layout.labels.entries()) for (const b of layout.labels.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false);
  });

  it("cuts a legend entry that would run into its neighbour", () => {
    expect(fitText("a".repeat(100), 60, 10)).toBe(`${"a".repeat(9)}…`);
    expect(fitText("short", 60, 10)).toBe("short");
  });
});
