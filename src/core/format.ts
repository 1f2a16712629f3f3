/**
 * The number formats every figure is shown with — console, reports, graders' reasons, the
 * budget line and the dashboard (which bundles this file) — so a figure reads the same
 * everywhere. Pure functions, no imports.
 */

/** No figure: null, or NaN (a rate over no attempts). */
function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** USD: "$0", "$0.000412" (three significant digits below a cent), "$1.2345"; "unknown" for no figure. */
export function formatUsd(value: number | null | undefined): string {
  if (missing(value)) return "unknown";
  if (value === 0) return "$0";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  return `${sign}$${abs < 0.01 ? abs.toPrecision(3) : abs.toFixed(4)}`;
}

/** A known part and a count left out: "$0.0120", "$0.0120 + 3 unpriced", "unknown (3 unpriced)" when nothing priced cost anything. */
export function formatCost(knownUsd: number, unknownCount: number): string {
  if (unknownCount === 0) return formatUsd(knownUsd);
  return knownUsd === 0 ? `unknown (${unknownCount} unpriced)` : `${formatUsd(knownUsd)} + ${unknownCount} unpriced`;
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return missing(value) ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function formatMs(value: number | null | undefined): string {
  return missing(value) ? "—" : `${Math.round(value)} ms`;
}

export function formatScore(value: number | null | undefined): string {
  return missing(value) ? "—" : value.toFixed(3);
}

/**
 * The one order of case ids (and of any id a table sorts by): by UTF-8 bytes, as SQLite's
 * BINARY collation and Postgres's "C" collation sort them, so every store pages alike.
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts surrogates (astral characters) below U+E000–U+FFFF; UTF-8 puts them above.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (x >= 0xe000 || y >= 0xe000)) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A difference of two rates, in percentage points: 0.012 → "+1.2 pp", −0.005 → "−0.5 pp". */
export function formatSignedPoints(value: number | null | undefined): string {
  return missing(value) ? "—" : `${value >= 0 ? "+" : "−"}${(Math.abs(value) * 100).toFixed(1)} pp`;
}

/** A relative change: 0.12 → "+12.0%", −0.05 → "−5.0%". */
export function formatSignedPercent(value: number | null | undefined): string {
  return missing(value) ? "—" : `${value >= 0 ? "+" : "−"}${(Math.abs(value) * 100).toFixed(1)}%`;
}
