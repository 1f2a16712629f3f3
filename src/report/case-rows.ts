import type { Attempt, Output } from "../core/index.js";
import type { ReportCase } from "./reporter.js";

/** A case's result in one arm: most repeats pass → pass (a tie fails, docs/design/architecture.md §9). */
export type CaseResult = "pass" | "fail" | "error";

/** One case × arm of a run, its repeats folded into one row. */
export interface CaseRow {
  runId: string;
  arm: string;
  caseId: string;
  tags: string[];
  repeats: number;
  passed: number;
  /** Repeats graded and failed. */
  failed: number;
  /** Repeats without output (after retries). */
  errored: number;
  /**
   * `pass` when most repeats pass; otherwise `error` when no graded repeat failed (only
   * errors kept it from passing), else `fail`.
   */
  result: CaseResult;
  /**
   * Mean repeat score as the comparison computes it: an errored repeat counts 0, a repeat
   * no grader scored is left out; null when no repeat was scored.
   */
  meanScore: number | null;
  /** Sum over repeats; null when any repeat's price is unknown (never silently zero). */
  costUsd: number | null;
  /** Mean total latency of the repeats with output. */
  latencyMs: number | null;
  /** The failing graders' reasons, `grader: reason`, once each. */
  reasons: string[];
  /** The errored repeats' messages, `kind: message`, once each. */
  errors: string[];
  /** The output shown for the case: a failing repeat's when there is one, else the first. */
  output: string | null;
}

/** Folds attempts into rows ordered by arm (in the order given), then case id. */
export function caseRows(attempts: readonly Attempt[], cases: readonly ReportCase[] = [], armOrder: readonly string[] = []): CaseRow[] {
  const tagsById = new Map(cases.map((c) => [c.id, c.tags]));
  const groups = new Map<string, Attempt[]>();
  for (const a of attempts) {
    const key = `${a.runId}\u0000${a.arm}\u0000${a.caseId}`;
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  const rows = [...groups.values()].map((group) => foldCase(group, tagsById.get(group[0]?.caseId ?? "") ?? []));
  const rank = (arm: string) => {
    const i = armOrder.indexOf(arm);
    return i < 0 ? armOrder.length : i;
  };
  return rows.sort((x, y) => rank(x.arm) - rank(y.arm) || cmp(x.arm, y.arm) || cmp(x.runId, y.runId) || cmp(x.caseId, y.caseId));
}

function foldCase(group: Attempt[], tags: string[]): CaseRow {
  const sorted = [...group].sort((a, b) => a.repeat - b.repeat);
  const first = sorted[0] as Attempt;
  const passed = sorted.filter((a) => a.pass === true).length;
  const errored = sorted.filter((a) => a.status === "error").length;
  const failed = sorted.length - passed - errored;
  const result: CaseResult = passed * 2 > sorted.length ? "pass" : failed === 0 ? "error" : "fail";
  const scored = sorted.filter((a) => a.status === "error" || a.score !== null);
  const withOutput = sorted.filter((a) => a.output !== null);
  const shown = sorted.find((a) => a.pass === false && a.output !== null) ?? withOutput[0];
  return {
    runId: first.runId,
    arm: first.arm,
    caseId: first.caseId,
    tags,
    repeats: sorted.length,
    passed,
    failed,
    errored,
    result,
    meanScore: scored.length ? scored.reduce((s, a) => s + (a.score ?? 0), 0) / scored.length : null,
    costUsd: sumCost(sorted),
    latencyMs: withOutput.length ? withOutput.reduce((s, a) => s + (a.output?.latency.totalMs ?? 0), 0) / withOutput.length : null,
    reasons: unique(sorted.flatMap((a) => a.scores.filter((s) => !s.pass && s.weight > 0).map((s) => `${s.grader}: ${s.reason}`))),
    errors: unique(sorted.flatMap((a) => (a.error ? [`${a.error.kind}: ${a.error.message}`] : []))),
    output: shown?.output ? outputText(shown.output) : null,
  };
}

/** An errored attempt cost nothing it was charged for; an unpriced output makes the sum unknown. */
function sumCost(attempts: Attempt[]): number | null {
  let sum = 0;
  for (const a of attempts) {
    if (a.status === "error") continue;
    if (a.cost.usd === null) return null;
    sum += a.cost.usd;
  }
  return sum;
}

/** What the model said, as text: its text, else its refusal, else its tool calls as `name(args)`. */
export function outputText(output: Output): string {
  if (output.text) return output.text;
  if (output.refusal) return `[refusal] ${output.refusal}`;
  if (output.toolCalls.length) return output.toolCalls.map((t) => `${t.name}(${t.rawArguments})`).join("\n");
  return "";
}

/** Case ids that did not pass in at least one arm: what `run --filter-failing RUNREF` re-runs. */
export function failingCaseIds(attempts: readonly Attempt[]): string[] {
  return unique(caseRows(attempts).filter((r) => r.result !== "pass").map((r) => r.caseId)).sort(cmp);
}

/** Removes control characters (ANSI escapes among them) but newlines and tabs: model output is data, never terminal commands. */
export function stripControl(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

/** Cuts a text to `max` characters with "…". */
export function excerpt(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
