// Browser-safe imports (the dashboard bundles this file to format gates and deltas as the CLI does): no Node module.
import { compareIds, formatSignedPercent, formatSignedPoints } from "../core/format.js";
import { parityCard, PARITY_MISSING } from "../core/parity-card.js";
import { outdatedMethodNote, partialNote, type CaseDelta, type Comparison, type Estimate, type GateName, type GateResult } from "../core/verdict.js";
import type { ArmSummary } from "../stats/index.js";
import { caseRows, type CaseRow } from "./case-rows.js";
import { formatMs, formatPercent, formatScore, formatUsd } from "./format.js";
import type { ReportInput, RunReport } from "./reporter.js";

/**
 * What the console, Markdown and HTML reporters show of a comparison, computed once:
 * the deltas table, the gates table and the top regressions with both sides' rows.
 */

export const DELTA_HEADER = ["figure", "baseline", "candidate", "delta [interval]"];
export const GATE_HEADER = ["gate", "status", "figure", "threshold", "interval", "reason"];

export function findRun(input: ReportInput, runId: string): RunReport | undefined {
  return input.runs.find((r) => r.run.id === runId) ?? input.related?.find((r) => r.run.id === runId);
}

export function findArm(input: ReportInput, runId: string, arm: string): ArmSummary | undefined {
  return findRun(input, runId)?.arms.find((a) => a.arm === arm);
}

/** `baseArm → candArm`, with the runs when they differ. */
export function comparisonTitle(c: Omit<Comparison, "cases">): string {
  const arms = `${c.baselineArm} → ${c.candidateArm}`;
  const title = c.baselineRunId === c.candidateRunId ? `${arms} (run ${c.baselineRunId})` : `${arms} (runs ${c.baselineRunId} → ${c.candidateRunId})`;
  const partial = partialNote(c);
  return partial ? `${title} · ${partial}` : title;
}

/**
 * The deltas table. Baseline and candidate columns are the comparison's own figures over
 * the paired cases when it has them (so each delta is their difference), else the arms'.
 */
export function deltaRows(c: Omit<Comparison, "cases">, input: ReportInput): string[][] {
  const f = c.figures;
  const base = findArm(input, c.baselineRunId, c.baselineArm);
  const cand = findArm(input, c.candidateRunId, c.candidateArm);
  const flaky = f.flaky === undefined ? "" : ` / ${f.flaky} flaky`;
  const rows = [
    ["paired cases", "", "", String(f.pairedCases)],
    ["mean score", formatScore(f.meanScore?.baseline ?? base?.meanScore), formatScore(f.meanScore?.candidate ?? cand?.meanScore), formatEstimate(f.qualityDelta, signedScore)],
    ["pass rate", formatPercent(f.passRate?.baseline ?? base?.passRate?.estimate), formatPercent(f.passRate?.candidate ?? cand?.passRate?.estimate), formatEstimate(f.passRateDelta, signedPoints)],
    ["regressions / fixes", "", "", `${f.regressions} / ${f.fixes}${flaky}${f.mcnemarP === null ? "" : ` (McNemar p=${f.mcnemarP.toFixed(3)})`}`],
    ["cost per case", formatUsd(f.costPerCase.baseline), formatUsd(f.costPerCase.candidate), formatEstimate(f.costPerCase.ratio, ratioChange)],
  ];
  if (f.latencyP50) rows.push(["latency p50", formatMs(f.latencyP50.baseline), formatMs(f.latencyP50.candidate), ""]);
  rows.push(
    ["latency p95", formatMs(f.latencyP95.baseline), formatMs(f.latencyP95.candidate), formatEstimate(f.latencyP95.ratio, ratioChange)],
    ["TTFT p50", formatMs(f.ttftP50.baseline), formatMs(f.ttftP50.candidate), ""],
    ["error rate", formatPercent(f.errorRate.baseline), formatPercent(f.errorRate.candidate), signedPoints(f.errorRate.candidate - f.errorRate.baseline)],
  );
  if (f.agreement) {
    const a = f.agreement;
    const interval = a.low === null || a.high === null ? "" : ` [${formatPercent(a.low)}, ${formatPercent(a.high)}]`;
    rows.push(["agreement with recording", "(recording)", formatPercent(a.share), `${a.agreeing} of ${a.cases} cases${interval}`]);
  }
  if (f.pairwise) {
    const p = f.pairwise;
    const interval = p.low === null || p.high === null ? "" : ` [${formatPercent(p.low)}, ${formatPercent(p.high)}]`;
    rows.push(["win rate against recording", "(recording)", formatPercent(p.rate), `${p.wins} won / ${p.ties} tied / ${p.losses} lost${interval}`]);
  }
  return rows;
}

/** The parity card's table (core parityCard: one view model for every reporter and the dashboard), or what to say without one. */
export function parityTable(c: Comparison): { header: string[]; rows: string[][]; note: string } | { missing: string } {
  const card = parityCard(c);
  if (!card) return { missing: PARITY_MISSING };
  return { header: [...card.header], rows: card.rows.map((r) => [r.figure, r.baseline, r.candidate, r.difference]), note: card.note };
}

export const SLICE_HEADER = ["tag", "paired cases", "mean score Δ [bounds]", "pass rate Δ", "regressions / fixes", "McNemar p (Holm)"];

/** Per case tag; the Holm-adjusted p is the one to read before claiming a slice changed. */
export function sliceRows(c: Pick<Comparison, "slices">): string[][] {
  return Object.entries(c.slices)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tag, f]) => [
      tag,
      String(f.pairedCases),
      formatEstimate(f.qualityDelta, signedScore),
      formatEstimate(f.passRateDelta, signedPoints),
      `${f.regressions} / ${f.fixes}`,
      f.mcnemarP === null ? "—" : `${f.mcnemarP.toFixed(3)}${f.mcnemarPHolm === undefined || f.mcnemarPHolm === null ? "" : ` (${f.mcnemarPHolm.toFixed(3)})`}`,
    ]);
}

/** What a reader must know about the pairing: the comparison's notes, else the counts left out. */
export function pairingNotes(c: Omit<Comparison, "cases">): string[] {
  const outdated = outdatedMethodNote(c);
  if (c.notes) return outdated ? [outdated, ...c.notes] : c.notes;
  return [
    outdated ?? "",
    c.changedCases.length ? `${c.changedCases.length} case(s) changed their vars between the runs and are left out of the pairing` : "",
    c.onlyInBaseline.length ? `${c.onlyInBaseline.length} case(s) only in the baseline` : "",
    c.onlyInCandidate.length ? `${c.onlyInCandidate.length} case(s) only in the candidate` : "",
  ].filter(Boolean);
}

export function gateRows(c: Pick<Comparison, "verdict">): string[][] {
  return c.verdict.gates.map((g) => [
    g.gate,
    g.status,
    formatGateValue(g.gate, g.figure),
    formatThreshold(g),
    g.interval ? `[${formatGateValue(g.gate, g.interval[0])}, ${formatGateValue(g.gate, g.interval[1])}]` : "",
    g.decide ? `${g.reason} (${g.decide})` : g.reason,
  ]);
}

/** A gate's figure in its own unit: a score delta, a relative increase, a rate or a count. */
export function formatGateValue(gate: GateName, value: number | null): string {
  if (value === null) return "—";
  switch (gate) {
    case "quality":
    case "critical_regressions":
      return signedScore(value);
    case "cost":
    case "latency_p95":
      return signedPercent(value);
    case "pass_rate":
    case "errors":
    case "agreement":
    case "pairwise":
      return formatPercent(value);
    case "refusal_rate":
    case "truncation_rate":
    case "schema_validity":
      return signedPoints(value);
  }
}

export function formatThreshold(g: GateResult): string {
  switch (g.gate) {
    case "quality":
    case "critical_regressions":
      return `margin ${g.threshold.toFixed(3)}`;
    case "cost":
    case "latency_p95":
      return `≤ ${signedPercent(g.threshold)}`;
    case "pass_rate":
      return `≥ ${formatPercent(g.threshold)}`;
    case "errors":
      return `≤ ${formatPercent(g.threshold)}`;
    case "agreement":
      return `≥ ${formatPercent(g.threshold)} agree`;
    case "pairwise":
      return `win rate > ${formatPercent(0.5 - g.threshold)} (margin ${g.threshold.toFixed(3)})`;
    case "refusal_rate":
    case "truncation_rate":
    case "schema_validity":
      return `≤ ${signedPoints(g.threshold)}`;
  }
}

export interface RegressionView {
  delta: CaseDelta;
  baseline: CaseRow | undefined;
  candidate: CaseRow | undefined;
  /** What each side said: its output, else its first error, else why there is nothing to show. */
  baselineText: string;
  candidateText: string;
}

/** Regressions first by how much the score dropped, then by case id; each with both sides' rows. */
export function topRegressions(c: Comparison, input: ReportInput, limit: number): RegressionView[] {
  const regressions = c.cases
    .filter((d) => d.outcome === "regression")
    .sort((a, b) => drop(b) - drop(a) || compareIds(a.caseId, b.caseId))
    .slice(0, limit);
  if (regressions.length === 0) return [];
  const wanted = new Set(regressions.map((d) => d.caseId));
  const side = (runId: string, arm: string) => {
    const attempts = (findRun(input, runId)?.attempts ?? []).filter((a) => a.arm === arm && wanted.has(a.caseId));
    return new Map(caseRows(attempts).map((r) => [r.caseId, r]));
  };
  const base = side(c.baselineRunId, c.baselineArm);
  const cand = side(c.candidateRunId, c.candidateArm);
  const text = (row: CaseRow | undefined, runId: string) =>
    row?.output ?? (row?.errors[0] ? `[error] ${row.errors[0]}` : findRun(input, runId) ? "(no output)" : `(run ${runId} is not in this report)`);
  return regressions.map((delta) => {
    const [b, k] = [base.get(delta.caseId), cand.get(delta.caseId)];
    return { delta, baseline: b, candidate: k, baselineText: text(b, c.baselineRunId), candidateText: text(k, c.candidateRunId) };
  });
}

function drop(d: CaseDelta): number {
  return (d.baselineScore ?? 0) - (d.candidateScore ?? 0);
}

export function formatEstimate(e: Estimate, unit: (v: number) => string): string {
  if (e.value === null) return "—";
  const interval = e.low === null || e.high === null ? "" : ` [${unit(e.low)}, ${unit(e.high)}]`;
  return `${unit(e.value)}${interval}`;
}

export function signedScore(v: number): string {
  return `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(3)}`;
}

/** A difference of two rates, in percentage points (core formatSignedPoints). */
export const signedPoints = (v: number): string => formatSignedPoints(v);

export const signedPercent = (v: number): string => formatSignedPercent(v);

/** A ratio candidate/baseline shown as a relative change: 1.12 → +12.0%. */
function ratioChange(ratio: number): string {
  return signedPercent(ratio - 1);
}
