import type { TrendPoint } from "../../src/server/api-types.js";

/** The runs list's trend, as data: one series per arm across a suite's runs, and its time ticks. */

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface ArmSeries {
  arm: string;
  label: string;
  points: Array<{ runId: string; t: number; rate: number; low: number; high: number; startedAt: string }>;
}

/** One series per arm across a suite's runs (arms are never pooled), oldest first. */
export function armSeries(points: readonly TrendPoint[]): ArmSeries[] {
  const byArm = new Map<string, ArmSeries>();
  for (const p of points) {
    for (const a of p.arms) {
      if (!a.passRate) continue;
      const s = byArm.get(a.arm) ?? { arm: a.arm, label: a.api && a.model ? `${a.arm} (${a.api} · ${a.model})` : a.arm, points: [] };
      s.points.push({ runId: p.runId, t: Date.parse(p.startedAt), rate: a.passRate.estimate, low: a.passRate.low, high: a.passRate.high, startedAt: p.startedAt });
      byArm.set(a.arm, s);
    }
  }
  return [...byArm.values()];
}

const SECOND = 1000;

/**
 * The trend's time axis over run starts `ts`: their range, widened where ticks could not tell
 * it apart: a day around a single start; `n` seconds around starts closer than that (two
 * short runs in a row start under a second apart), so each of the `n` ticks reads its own second.
 */
export function trendDomain(ts: readonly number[], n = 4): [number, number] {
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  if (t0 === t1) return [t0 - DAY / 2, t1 + DAY / 2];
  if (t1 - t0 >= n * SECOND) return [t0, t1];
  const middle = (t0 + t1) / 2;
  return [middle - (n * SECOND) / 2, middle + (n * SECOND) / 2];
}

/**
 * Time ticks, evenly spaced and labelled as precisely as the span needs (a date; a date and
 * minute within two days; a time of day within two hours, its date in the axis title), a tick
 * whose label repeats the previous one dropped. The end ticks are anchored inside the chart.
 */
export function timeTicks(t0: number, t1: number, n = 4): { ticks: Array<{ t: number; label: string }>; day: string | null } {
  const span = t1 - t0;
  const label = (t: number) => {
    const iso = new Date(t).toISOString();
    return span >= 2 * DAY ? iso.slice(0, 10) : span >= 2 * HOUR ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 19);
  };
  const ticks: Array<{ t: number; label: string }> = [];
  for (let i = 0; i <= n; i++) {
    const t = t0 + (span * i) / n;
    const l = label(t);
    if (ticks[ticks.length - 1]?.label !== l) ticks.push({ t, label: l });
  }
  const sameDay = new Date(t0).toISOString().slice(0, 10) === new Date(t1).toISOString().slice(0, 10);
  return { ticks, day: span < 2 * HOUR && sameDay ? new Date(t0).toISOString().slice(0, 10) : null };
}
