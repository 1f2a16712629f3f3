/**
 * Number formats for the dashboard: the figures' own formats are core's (one definition
 * each, bundled from src/core/format.ts, a file with no imports), so a figure reads the same
 * here as in the console and the reports. The dashboard formats figures; it never derives them.
 */
import { formatCost, formatMs, formatPercent, formatScore, formatUsd } from "../../src/core/format.js";

// The CLI's own table rows for gates, deltas, slices and an arm's pass rate (browser-safe src/report modules).
export { DELTA_HEADER, GATE_HEADER, SLICE_HEADER, deltaRows, formatEstimate, gateRows, sliceRows } from "../../src/report/comparison-view.js";
export { formatPassRate } from "../../src/report/arm-rows.js";

export const DASH = "—";
export const pct = formatPercent;
export const usd = formatUsd;
export const ms = formatMs;
export const cost = formatCost;
export const score = formatScore;

export function signed(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined ? DASH : `${v > 0 ? "+" : ""}${v.toFixed(digits)}`;
}

export function ratio(v: number | null | undefined): string {
  return v === null || v === undefined ? DASH : `×${v.toFixed(2)}`;
}

export function interval(low: number | null | undefined, high: number | null | undefined, f: (v: number) => string = (v) => v.toFixed(3)): string {
  return low === null || low === undefined || high === null || high === undefined ? "" : `[${f(low)}, ${f(high)}]`;
}

export function when(iso: string): string {
  return iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "Z");
}

export function commit(sha: string | null, dirty: boolean | null): string {
  return sha === null ? DASH : `${sha.slice(0, 7)}${dirty ? "*" : ""}`;
}
