import { formatMs, formatPercent, formatSignedPercent, formatSignedPoints, formatUsd } from "./format.js";
import type { RateParity } from "./parity.js";
import type { Comparison } from "./verdict.js";

/**
 * The parity card (docs/reports.md "Parity"): one view model of a comparison's parity
 * figures, formatted once. The console, Markdown, HTML and JSON-reading reporters and the
 * dashboard's comparison page (through the server's API) show these strings, so a figure
 * reads the same everywhere. It only formats: the figures are src/compare/parity.ts's.
 */
export interface ParityCard {
  header: readonly [string, string, string, string];
  rows: ParityRow[];
  /** What the intervals are, said under the card. */
  note: string;
}

export interface ParityRow {
  /** A stable key (tests and the dashboard's `data-parity`). */
  key: string;
  figure: string;
  baseline: string;
  candidate: string;
  /** candidate − baseline: points with the paired interval for a rate, else the change. */
  difference: string;
}

export const PARITY_HEADER = ["parity", "baseline", "candidate", "difference [interval]"] as const;

export const PARITY_NOTE = "rates over answered attempts, paired by case: Δ in points with one-sided 95% bounds (a 90% interval), floored; tokens per case over the cases answered in both arms; latency over attempts actually sent";

/** Said in place of the card for a comparison stored before parity existed. */
export const PARITY_MISSING = "parity: not stored with this comparison (made before evalgate computed parity): run `evalgate compare` again to compute it";

/** The card of a comparison, or null when it was stored without parity. */
export function parityCard(c: Pick<Comparison, "figures" | "parity">): ParityCard | null {
  const p = c.parity;
  if (!p) return null;
  const f = c.figures;
  const rows: ParityRow[] = [];
  if (f.finishReasons) rows.push({ key: "finish", figure: "finish reasons", baseline: formatFinishReasons(f.finishReasons.baseline), candidate: formatFinishReasons(f.finishReasons.candidate), difference: "" });
  rows.push(rateRow("refusals", "refusals", p.refusals, "attempts"));
  rows.push(rateRow("truncations", "truncations (length / incomplete)", p.truncations, "attempts"));
  if (p.schemaInvalid) rows.push(rateRow("schema-invalid", "schema invalid", p.schemaInvalid, "attempts"));
  rows.push(rateRow("tool-calls", "tool-call rate", p.toolCalls, "attempts"));
  if (p.toolArgumentsInvalid) rows.push(rateRow("tool-arguments-invalid", "tool arguments invalid", p.toolArgumentsInvalid, "calls"));
  const tokens: Array<[string, string, keyof typeof p.tokensPerCase]> = [
    ["input-tokens", "input tokens / case", "input"],
    ["cached-tokens", "cached input tokens / case", "cached"],
    ["output-tokens", "output tokens / case", "output"],
    ["reasoning-tokens", "reasoning tokens / case", "reasoning"],
  ];
  for (const [key, figure, which] of tokens) {
    const t = p.tokensPerCase[which];
    rows.push({ key, figure, baseline: formatTokens(t.baseline), candidate: formatTokens(t.candidate), difference: change(t.baseline, t.candidate, formatTokenDelta) });
  }
  const cost = p.costPer1kRequests;
  rows.push({ key: "cost-1k", figure: "cost per 1,000 requests", baseline: formatUsd(cost.baseline), candidate: formatUsd(cost.candidate), difference: relative(cost.baseline, cost.candidate) });
  const p50 = f.latencyP50;
  if (p50) rows.push({ key: "latency-p50", figure: "latency p50", baseline: formatMs(p50.baseline), candidate: formatMs(p50.candidate), difference: change(p50.baseline, p50.candidate, formatMsDelta) });
  rows.push({ key: "latency-p95", figure: "latency p95", baseline: formatMs(f.latencyP95.baseline), candidate: formatMs(f.latencyP95.candidate), difference: change(f.latencyP95.baseline, f.latencyP95.candidate, formatMsDelta) });
  rows.push({ key: "ttft-p50", figure: "TTFT p50", baseline: formatMs(f.ttftP50.baseline), candidate: formatMs(f.ttftP50.candidate), difference: change(f.ttftP50.baseline, f.ttftP50.candidate, formatMsDelta) });
  return { header: PARITY_HEADER, rows, note: PARITY_NOTE };
}

/** "2.0% (4 of 200)", and the difference "+1.5 pp [+0.2 pp, +2.8 pp]". */
function rateRow(key: string, figure: string, r: RateParity, unit: string): ParityRow {
  const side = (rate: number | null, n: { hits: number; of: number }) => `${formatPercent(rate)} (${n.hits} of ${n.of} ${unit})`;
  const d = r.difference;
  const interval = d.low === null || d.high === null ? "" : ` [${formatSignedPoints(d.low)}, ${formatSignedPoints(d.high)}]`;
  return { key, figure, baseline: side(r.baseline, r.counts.baseline), candidate: side(r.candidate, r.counts.candidate), difference: d.value === null ? "—" : `${formatSignedPoints(d.value)}${interval}` };
}

/** Share of each finish reason, most common first: "stop 95.0% · length 5.0%". */
export function formatFinishReasons(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((s, n) => s + n, 0);
  if (total === 0) return "—";
  return Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([reason, n]) => `${reason} ${formatPercent(n / total)}`)
    .join(" · ");
}

function formatTokens(v: number | null): string {
  return v === null ? "—" : v.toFixed(1);
}

function formatTokenDelta(d: number): string {
  return `${d >= 0 ? "+" : "−"}${Math.abs(d).toFixed(1)}`;
}

function formatMsDelta(d: number): string {
  return `${d >= 0 ? "+" : "−"}${formatMs(Math.abs(d))}`;
}

/** candidate − baseline in the figure's unit, with the relative change when the baseline is not 0. */
function change(baseline: number | null, candidate: number | null, unit: (d: number) => string): string {
  if (baseline === null || candidate === null) return "—";
  const rel = baseline === 0 ? "" : ` (${formatSignedPercent(candidate / baseline - 1)})`;
  return `${unit(candidate - baseline)}${rel}`;
}

function relative(baseline: number | null, candidate: number | null): string {
  if (baseline === null || candidate === null || baseline === 0) return "—";
  return formatSignedPercent(candidate / baseline - 1);
}
