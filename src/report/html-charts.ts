import { percentileOfSorted } from "../stats/index.js";
import { formatPercent, formatScore, formatUsd } from "./format.js";
import { escapeHtml } from "./html-escape.js";

/** One arm as the charts see it. */
export interface ChartArm {
  label: string;
  costPerCase: number | null;
  meanScore: number | null;
  /** null: an arm without attempts. */
  passRate: { estimate: number; low: number; high: number } | null;
  /** Total latency of each attempt actually sent, ms, ascending. */
  latencies: Float64Array;
}

const WIDTH = 640;
const LEFT = 210;
const RIGHT = 30;
const ROW = 30;
const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];

export function armColor(i: number): string {
  return PALETTE[i % PALETTE.length] as string;
}

/** Inline SVG, no script, no external reference: every label escaped. */
function svg(height: number, title: string, body: string[]): string {
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img"><title>${escapeHtml(title)}</title>${body.join("")}</svg>`;
}

function text(x: number, y: number, content: string, extra = ""): string {
  return `<text x="${r(x)}" y="${r(y)}" ${extra}>${escapeHtml(content)}</text>`;
}

function r(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/**
 * Mean score (y) against cost per case (x): up and to the left is better. Both axes are
 * zoomed to the arms' range (so close arms stay apart) and labelled; a legend names the
 * points, in the colours the other charts use.
 */
export function costQualityChart(arms: ChartArm[]): string {
  const priced = arms.map((a, i) => ({ a, i })).filter(({ a }) => a.costPerCase !== null && a.meanScore !== null);
  const legendRows = Math.ceil(arms.length / 2);
  const height = 290 + legendRows * 18;
  const [x0, x1, y0, y1] = [70, WIDTH - RIGHT, 16, 240];
  const [cLow, cHigh] = paddedDomain(priced.map(({ a }) => a.costPerCase as number), 0, Number.POSITIVE_INFINITY);
  const [sLow, sHigh] = paddedDomain(priced.map(({ a }) => a.meanScore as number), 0, 1);
  const sx = (c: number) => x0 + ((c - cLow) / (cHigh - cLow)) * (x1 - x0);
  const sy = (v: number) => y1 - ((v - sLow) / (sHigh - sLow)) * (y1 - y0);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const body = [
    `<line x1="${x0}" y1="${y1}" x2="${x1}" y2="${y1}" class="axis"/>`,
    `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" class="axis"/>`,
    ...ticks.map((f) => text(x0 - 8, sy(sLow + f * (sHigh - sLow)) + 4, (sLow + f * (sHigh - sLow)).toFixed(3), 'text-anchor="end" class="tick"')),
    ...[0, 0.5, 1].map((f) => text(sx(cLow + f * (cHigh - cLow)), y1 + 16, formatUsd(cLow + f * (cHigh - cLow)), 'text-anchor="middle" class="tick"')),
    text((x0 + x1) / 2, y1 + 34, "cost per case (USD)", 'text-anchor="middle" class="label"'),
    text(14, (y0 + y1) / 2, "mean score", `transform="rotate(-90 14 ${r((y0 + y1) / 2)})" text-anchor="middle" class="label"`),
  ];
  for (const { a, i } of priced) {
    const tip = `${a.label}: score ${formatScore(a.meanScore)}, ${formatUsd(a.costPerCase)} per case`;
    body.push(`<circle cx="${r(sx(a.costPerCase as number))}" cy="${r(sy(a.meanScore as number))}" r="6" fill="${armColor(i)}" opacity="0.85"><title>${escapeHtml(tip)}</title></circle>`);
  }
  arms.forEach((a, i) => {
    const [lx, ly] = [x0 + (i % 2) * ((x1 - x0) / 2), y1 + 56 + Math.floor(i / 2) * 18];
    const note = a.costPerCase === null ? " (cost unknown: not plotted)" : "";
    body.push(`<circle cx="${r(lx)}" cy="${r(ly - 4)}" r="5" fill="${armColor(i)}"/>`, text(lx + 10, ly, `${a.label}${note}`, 'class="point"'));
  });
  return svg(height, "Cost per case against mean score, per arm", body);
}

/** [low, high] around the values with 10% of their span (or of their size) as margin, clamped. */
export function paddedDomain(values: readonly number[], min: number, max: number): [number, number] {
  if (values.length === 0) return [min, Number.isFinite(max) ? max : 1];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 0.05;
  const low = Math.max(min, lo - pad);
  const high = Math.min(max, hi + pad);
  return high > low ? [low, high] : [low, low + 1];
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
