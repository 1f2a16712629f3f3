/**
 * Axes that fit the data, for the SVG charts of the HTML report and the dashboard (which
 * bundles this file: it imports nothing). A domain covers every value and interval end with
 * a margin, is widened to round ticks (1, 2 or 5 × 10^k) and never leaves its natural range
 * ([0, 1] for a rate, [0, ∞) for a cost), so arms at 95–100% are not drawn on 0–100%.
 */

export interface Axis {
  domain: [number, number];
  /** Tick values, ascending, the domain's ends included. */
  ticks: number[];
  /** The distance between ticks (decides how many decimals a tick label needs). */
  step: number;
}

const STEPS = [1, 2, 2.5, 5, 10];

/** A round step giving at most `maxTicks` intervals over `span`. */
export function niceStep(span: number, maxTicks: number): number {
  const raw = span / Math.max(1, maxTicks);
  const power = 10 ** Math.floor(Math.log10(raw));
  return (STEPS.find((s) => s * power >= raw) ?? 10) * power;
}

/**
 * The axis over `values` (points and interval ends): padded by `pad` of the span, starting at
 * `min` when the values come within `zeroShare` of their maximum from it, clamped to
 * [min, max], ends rounded outwards to the step.
 */
export function fitAxis(values: readonly number[], options: { min: number; max: number; maxTicks?: number; pad?: number; zeroShare?: number }): Axis {
  const { min, max, maxTicks = 5, pad = 0.08, zeroShare = 0.35 } = options;
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : min;
  let hi = finite.length ? Math.max(...finite) : Number.isFinite(max) ? max : min + 1;
  // One value (or equal ones) has no spread to zoom on: the axis starts at its natural minimum.
  if (hi === lo && Number.isFinite(min)) lo = min;
  const span = hi - lo || Math.abs(hi) * 0.1 || 0.01;
  lo -= span * pad;
  hi += span * pad;
  if (lo - min <= zeroShare * (hi - min)) lo = min;
  lo = Math.max(min, lo);
  hi = Math.min(max, hi);
  if (hi <= lo) hi = lo + span;
  const step = niceStep(hi - lo, maxTicks);
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Math.min(max, Math.max(min, round(k * step, step))));
  return { domain: [ticks[0] as number, ticks[ticks.length - 1] as number], ticks, step };
}

/** Rounds away float noise (0.30000000000000004) at the step's precision. */
function round(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(v.toFixed(Math.min(12, digits)));
}

/** Decimals a tick label needs to tell ticks `step` apart once multiplied by `scale` (0.025 as % → 1). */
export function tickDecimals(step: number, scale = 1): number {
  const scaled = step * scale;
  const power = Math.floor(Math.log10(scaled) + 1e-9);
  const mantissa = scaled / 10 ** power;
  return Math.max(0, -power + (Math.abs(mantissa - Math.round(mantissa)) > 1e-6 ? 1 : 0));
}

/** A rate tick: "95%", "97.5%". */
export function percentTick(v: number, step: number): string {
  return `${(v * 100).toFixed(tickDecimals(step, 100))}%`;
}

/** A money tick: "$0", "$0.25", "$1.5". */
export function usdTick(v: number, step: number): string {
  return v === 0 ? "$0" : `$${v.toFixed(tickDecimals(step))}`;
}

/** Maps a domain onto pixels (`range` may be reversed, as for a y axis). */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const k = (range[1] - range[0]) / (d1 - d0 || 1);
  return (v) => range[0] + (v - d0) * k;
}

/** The approximate width of a label in a sans-serif font (charts measure no text: they run without a DOM). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}
