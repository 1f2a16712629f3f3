/** Number formats shared by the reporters, so a figure reads the same everywhere. */

/** No figure: null, or NaN (a rate over no attempts, as the statistics return it). */
function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return missing(value) ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function formatUsd(value: number | null | undefined): string {
  if (missing(value)) return "unknown";
  if (value === 0) return "$0";
  return value < 0.01 ? `$${value.toPrecision(3)}` : `$${value.toFixed(4)}`;
}

export function formatMs(value: number | null | undefined): string {
  return missing(value) ? "—" : `${Math.round(value)} ms`;
}

export function formatScore(value: number | null | undefined): string {
  return missing(value) ? "—" : value.toFixed(3);
}
