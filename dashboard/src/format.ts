/** Number formats for the dashboard; null shows as a dash, never as zero. */
export const DASH = "—";

export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? DASH : `${(v * 100).toFixed(digits)}%`;
}

export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined) return DASH;
  if (v === 0) return "$0";
  return v < 0.01 ? `$${v.toPrecision(2)}` : `$${v.toFixed(v < 10 ? 4 : 2)}`;
}

export function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? DASH : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

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

/** Wilson 95% interval for a share (used for per-arm pass rates in the charts). */
export function wilson(passed: number, n: number): [number, number] | null {
  if (n === 0) return null;
  const z = 1.959964;
  const p = passed / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
