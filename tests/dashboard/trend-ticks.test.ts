import { describe, expect, it } from "vitest";
import { armSeries, DAY, timeTicks, trendDomain } from "../../dashboard/src/trend-series.js";
import type { TrendPoint } from "../../src/server/api-types.js";

const at = (iso: string) => Date.parse(iso);

describe("the runs list's trend", () => {
  it("labels time ticks as precisely as the span needs, never twice the same label", () => {
    expect(timeTicks(at("2026-11-20T09:00:00Z"), at("2026-11-28T09:00:00Z")).ticks.map((t) => t.label)).toEqual(["2026-11-20", "2026-11-22", "2026-11-24", "2026-11-26", "2026-11-28"]);
    expect(timeTicks(at("2026-11-20T09:00:00Z"), at("2026-11-21T09:00:00Z")).ticks.map((t) => t.label)).toEqual(["11-20 09:00", "11-20 15:00", "11-20 21:00", "11-21 03:00", "11-21 09:00"]);
    const short = timeTicks(at("2026-12-06T22:26:19Z"), at("2026-12-06T22:26:21Z"));
    expect(short.ticks.map((t) => t.label)).toEqual(["22:26:19", "22:26:20", "22:26:21"]);
    expect(short.day).toBe("2026-12-06");
  });

  it("widens an axis its ticks could not tell apart: a day around one run, four seconds around runs started within them", () => {
    const one = at("2026-12-07T08:00:00Z");
    expect(trendDomain([one, one])).toEqual([one - DAY / 2, one + DAY / 2]);
    // Two short runs in a row: started 300 ms apart, the second's 4 ticks all read its own second.
    const close = [at("2026-12-07T08:00:00.850Z"), at("2026-12-07T08:00:01.150Z")];
    const [t0, t1] = trendDomain(close);
    expect([t0, t1]).toEqual([at("2026-12-07T07:59:59.000Z"), at("2026-12-07T08:00:03.000Z")]);
    expect(timeTicks(t0, t1).ticks.map((t) => t.label)).toEqual(["07:59:59", "08:00:00", "08:00:01", "08:00:02", "08:00:03"]);
    const apart = [at("2026-12-07T08:00:00Z"), at("2026-12-07T08:00:05Z")];
    expect(trendDomain(apart)).toEqual(apart);
  });

  it("draws one series per arm, never the run's pooled rate", () => {
    const point = (runId: string, startedAt: string, rates: Array<[string, number]>): TrendPoint => ({
      runId, startedAt, status: "completed", tags: [], gitCommit: null, simulated: true, attempts: 10, passRate: { estimate: 0.5, low: 0.2, high: 0.8 }, totalCost: 0, knownCost: 0, slowestLatencyP95: null,
      arms: rates.map(([arm, r]) => ({ arm, api: "chat", model: "m", passRate: { estimate: r, low: r - 0.1, high: r } })),
    });
    const series = armSeries([point("r1", "2026-11-20T09:00:00Z", [["a", 0.9], ["b", 0.6]]), point("r2", "2026-11-21T09:00:00Z", [["a", 0.95]])]);
    expect(series.map((s) => [s.arm, s.label, s.points.map((p) => [p.runId, p.rate])])).toEqual([
      ["a", "a (chat · m)", [["r1", 0.9], ["r2", 0.95]]],
      ["b", "b (chat · m)", [["r1", 0.6]]],
    ]);
  });
});
