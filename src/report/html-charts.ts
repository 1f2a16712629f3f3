import { paretoFrontier, percentileOfSorted } from "../stats/index.js";
import { chartColor, costQualityLayout, type IntervalValue } from "./cost-quality-layout.js";
import { formatPercent, formatUsd } from "./format.js";
import { escapeHtml } from "./html-escape.js";

/** One arm as the charts see it. */
export interface ChartArm {
  key: string;
  label: string;
  /** USD per 1,000 requests with its 95% interval (stats costPer1kRequests); null when a price is unknown. */
  costPer1k: IntervalValue | null;
  /** null: an arm without attempts. */
  passRate: { estimate: number; low: number; high: number } | null;
  /** Total latency of each attempt actually sent, ms, ascending. */
  latencies: Float64Array;
}

const WIDTH = 640;
const LEFT = 210;
const RIGHT = 30;
const ROW = 30;

export function armColor(i: number): string {
  return chartColor(i);
}

/** Inline SVG, no script, no external reference: every label escaped. */
function svg(height: number, title: string, body: string[]): string {
  return `<svg viewBox="0 0 ${WIDTH} ${r(height)}" width="${WIDTH}" height="${r(height)}" role="img"><title>${escapeHtml(title)}</title>${body.join("")}</svg>`;
}

function text(x: number, y: number, content: string, extra = ""): string {
  return `<text x="${r(x)}" y="${r(y)}" ${extra}>${escapeHtml(content)}</text>`;
}

function r(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

function line(x1: number, y1: number, x2: number, y2: number, extra: string): string {
  return `<line x1="${r(x1)}" y1="${r(y1)}" x2="${r(x2)}" y2="${r(y2)}" ${extra}/>`;
}

/**
 * Pass rate (y) against cost per 1,000 requests (x), both with their 95% intervals: up and
 * to the left is better. The axes fit the arms and their intervals (the pass rate axis says
 * where it starts when not at 0), labels never overlap (one that fits nowhere is left to the
 * legend), and the Pareto frontier is a dashed line (core layout: cost-quality-layout.ts).
 */
export function costQualityChart(arms: ChartArm[]): string {
  const frontier = new Set(paretoFrontier(arms.map((a) => ({ key: a.key, cost: a.costPer1k?.estimate ?? null, quality: a.passRate?.estimate ?? null }))));
  const layout = costQualityLayout(
    arms.map((a) => ({ key: a.key, label: a.label, cost: a.costPer1k, quality: a.passRate, frontier: frontier.has(a.key) })),
    { width: WIDTH, plotHeight: 230 },
  );
  const { plot } = layout;
  const bottom = plot.y + plot.height;
  const body = [
    ...layout.yTicks.map((t) => line(plot.x, t.at, plot.x + plot.width, t.at, 'class="grid"') + text(plot.x - 6, t.at + 4, t.label, 'text-anchor="end" class="tick"')),
    ...layout.xTicks.map((t) => line(t.at, bottom, t.at, bottom + 4, 'class="axis"') + text(t.at, bottom + 16, t.label, 'text-anchor="middle" class="tick"')),
    line(plot.x, bottom, plot.x + plot.width, bottom, 'class="axis"'),
    line(plot.x, plot.y, plot.x, bottom, 'class="axis"'),
    text(layout.xTitle.x, layout.xTitle.y, layout.xTitle.text, 'text-anchor="middle" class="label"'),
    text(layout.yTitle.x, layout.yTitle.y, layout.yTitle.text, `transform="rotate(-90 ${r(layout.yTitle.x)} ${r(layout.yTitle.y)})" text-anchor="middle" class="label"`),
  ];
  if (layout.zoomNote) body.push(text(plot.x + plot.width, plot.y + plot.height - 6, layout.zoomNote, 'text-anchor="end" class="tick"'));
  if (layout.frontier.length > 1) body.push(`<polyline points="${layout.frontier.map(([x, y]) => `${r(x)},${r(y)}`).join(" ")}" fill="none" stroke="#6b7280" stroke-dasharray="5 4"/>`);
  const byKey = new Map(arms.map((a) => [a.key, a]));
  for (const p of layout.points) {
    const arm = byKey.get(p.key);
    const color = armColor(p.colorIndex);
    const tip = `${p.label}: pass rate ${formatPercent(arm?.passRate?.estimate)} [${formatPercent(arm?.passRate?.low)}, ${formatPercent(arm?.passRate?.high)}], ${formatUsd(arm?.costPer1k?.estimate)} per 1,000 requests [${formatUsd(arm?.costPer1k?.low)}, ${formatUsd(arm?.costPer1k?.high)}]`;
    body.push(line(p.x, p.yLow, p.x, p.yHigh, `stroke="${color}" stroke-width="1.5"`), line(p.xLow, p.y, p.xHigh, p.y, `stroke="${color}" stroke-width="1.5"`));
    body.push(`<circle cx="${r(p.x)}" cy="${r(p.y)}" r="5" fill="${color}"${p.frontier ? ' stroke="#111827" stroke-width="1.5"' : ""}><title>${escapeHtml(tip)}</title></circle>`);
  }
  const labelOf = new Map(layout.points.map((p) => [p.key, p]));
  for (const l of layout.labels) body.push(text(l.x, l.y, labelOf.get(l.key)?.label ?? "", `text-anchor="${l.anchor}" class="point"`));
  for (const item of layout.legend) {
    body.push(`<circle cx="${r(item.x)}" cy="${r(item.y - 4)}" r="5" fill="${armColor(item.colorIndex)}"/>`, text(item.x + 10, item.y, item.note ? `${item.label} (${item.note})` : item.label, 'class="point"'));
  }
  return svg(layout.height, "Pass rate against cost per 1,000 requests, per arm, with 95% intervals", body);
}

/** Pass rate per arm as bars with their Wilson 95% interval as whiskers. */
export function passRateChart(arms: ChartArm[]): string {
  const height = arms.length * ROW + 40;
  const x1 = WIDTH - RIGHT;
  const sx = (p: number) => LEFT + p * (x1 - LEFT);
  const body = [0, 0.5, 1].map((p) => `<line x1="${r(sx(p))}" y1="10" x2="${r(sx(p))}" y2="${height - 24}" class="grid"/>` + text(sx(p), height - 8, formatPercent(p, 0), 'text-anchor="middle" class="tick"'));
  arms.forEach((a, i) => {
    const y = 14 + i * ROW;
    const { estimate, low, high } = a.passRate ?? { estimate: Number.NaN, low: 0, high: 1 };
    body.push(text(LEFT - 8, y + 14, a.label, 'text-anchor="end" class="label"'));
    // An arm with no attempts has no estimate (NaN): an empty bar, its interval the whole range.
    body.push(`<rect x="${LEFT}" y="${y + 2}" width="${r(sx(Number.isFinite(estimate) ? estimate : 0) - LEFT)}" height="18" fill="${armColor(i)}" opacity="0.8"><title>${escapeHtml(`${a.label}: ${formatPercent(estimate)} [${formatPercent(low)}, ${formatPercent(high)}]`)}</title></rect>`);
    body.push(`<line x1="${r(sx(low))}" y1="${y + 11}" x2="${r(sx(high))}" y2="${y + 11}" class="whisker"/>`);
    body.push(`<line x1="${r(sx(low))}" y1="${y + 5}" x2="${r(sx(low))}" y2="${y + 17}" class="whisker"/><line x1="${r(sx(high))}" y1="${y + 5}" x2="${r(sx(high))}" y2="${y + 17}" class="whisker"/>`);
  });
  return svg(height, "Pass rate per arm with 95% intervals", body);
}

/** Latency per arm as a box plot: whiskers p5–p95, box p25–p75, a mark at the median. */
export function latencyChart(arms: ChartArm[]): string {
  const height = arms.length * ROW + 40;
  const x1 = WIDTH - RIGHT;
  const max = Math.max(1, ...arms.map((a) => quantile(a.latencies, 0.95) ?? 0)) * 1.05;
  const sx = (ms: number) => LEFT + (ms / max) * (x1 - LEFT);
  const body = [0, 0.5, 1].map((f) => `<line x1="${r(sx(max * f))}" y1="10" x2="${r(sx(max * f))}" y2="${height - 24}" class="grid"/>` + text(sx(max * f), height - 8, `${Math.round(max * f)} ms`, 'text-anchor="middle" class="tick"'));
  arms.forEach((a, i) => {
    const y = 14 + i * ROW;
    body.push(text(LEFT - 8, y + 14, a.label, 'text-anchor="end" class="label"'));
    if (a.latencies.length === 0) {
      body.push(text(LEFT + 4, y + 14, "no latency measured", 'class="tick"'));
      return;
    }
    const [p5, p25, p50, p75, p95] = [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => quantile(a.latencies, q) ?? 0) as [number, number, number, number, number];
    const tip = `${a.label}: p50 ${Math.round(p50)} ms, p95 ${Math.round(p95)} ms over ${a.latencies.length} attempts`;
    body.push(`<line x1="${r(sx(p5))}" y1="${y + 11}" x2="${r(sx(p95))}" y2="${y + 11}" class="whisker"/>`);
    body.push(`<rect x="${r(sx(p25))}" y="${y + 2}" width="${r(Math.max(1, sx(p75) - sx(p25)))}" height="18" fill="${armColor(i)}" opacity="0.7"><title>${escapeHtml(tip)}</title></rect>`);
    body.push(`<line x1="${r(sx(p50))}" y1="${y + 1}" x2="${r(sx(p50))}" y2="${y + 21}" class="median"/>`);
  });
  return svg(height, "Latency distribution per arm", body);
}

/** The one percentile (stats: interpolated, R type 7) of sorted values, q in 0..1; null for no values. */
export function quantile(sorted: Float64Array, q: number): number | null {
  return sorted.length === 0 ? null : percentileOfSorted(sorted, q * 100);
}
