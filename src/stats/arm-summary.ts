import type { Attempt } from "../core/index.js";
import { percentileByRank } from "./percentile.js";
import { wilsonInterval } from "./proportion.js";

/**
 * The one definition of an arm's figures (docs/design/architecture.md §9): what `run`
 * prints, every reporter writes, `runs --json` returns and the dashboard API serves. A
 * store aggregates the inputs (an ArmTally) its own way — SQL for SQLite — and calls
 * `summarizeTally`, so the definitions below are written once.
 */

/** How the pass rate is counted, for every label that shows it. */
export const PASS_RATE_NOTE = "pass rate: passing attempts over all attempts; an errored attempt counts as not passed";

/** The figures of one attempt a summary needs (small: 100,000 of them fit easily). */
export interface AttemptFigures {
  caseId: string;
  status: Attempt["status"];
  pass: boolean | null;
  score: number | null;
  /** USD of an attempt with output; null when its price is unknown; 0 for an errored attempt. */
  costUsd: number | null;
  latencyMs: number | null;
  ttftMs: number | null;
  replayed: boolean;
  /** What model-graded graders spent judging this attempt (kept apart from the arm's cost). */
  judgeUsd: number;
  judgeCalls: number;
  /** Judge calls whose cost is unknown (an unpriced judge model). */
  judgeUnknownCost: number;
}

export function attemptFigures(a: Attempt): AttemptFigures {
  let judgeUsd = 0;
  let judgeCalls = 0;
  let judgeUnknownCost = 0;
  for (const s of a.scores) {
    if (s.judgeCost === undefined) continue;
    judgeCalls++;
    if (s.judgeCost.usd === null) judgeUnknownCost++;
    else judgeUsd += s.judgeCost.usd;
  }
  return {
    caseId: a.caseId,
    status: a.status,
    pass: a.pass,
    score: a.score,
    costUsd: a.status === "ok" ? a.cost.usd : 0,
    latencyMs: a.output?.latency.totalMs ?? null,
    ttftMs: a.output?.latency.ttftMs ?? null,
    replayed: a.replayed,
    judgeUsd,
    judgeCalls,
    judgeUnknownCost,
  };
}

/** What every figure of an arm is computed from. */
export interface ArmTally {
  attempts: number;
  /** Distinct case ids. */
  cases: number;
  /** Graded attempts that passed. */
  passed: number;
  /** Graded attempts that did not pass. */
  failed: number;
  /** Attempts without output. */
  errors: number;
  /** Sum of attempt scores; an errored or unscored attempt counts 0. */
  scoreSum: number;
  /** Sum of the known costs (an errored attempt costs 0). */
  knownCostUsd: number;
  /** Attempts with output whose price is unknown. */
  unknownCost: number;
  judgeCalls: number;
  judgeCostUsd: number;
  judgeUnknownCost: number;
  /** Total latency of the attempts with output that were sent (replayed ones are left out), ascending. */
  latencies: SortedValues;
  /** Time to first token of the same attempts, where streamed, ascending. */
  ttfts: SortedValues;
}

/** Values in ascending order, read by rank: a sorted Float64Array, or a store's indexed column. */
export interface SortedValues {
  readonly length: number;
  at(rank: number): number | undefined;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Per arm: the run summary's row. */
export interface ArmSummary {
  arm: string;
  attempts: number;
  cases: number;
  passed: number;
  failed: number;
  errors: number;
  /** Passing attempts over all attempts (PASS_RATE_NOTE), Wilson 95%; null without attempts. */
  passRate: Interval | null;
  /** Mean attempt score, an errored attempt counting 0 (as in the quality delta); null without attempts. */
  meanScore: number | null;
  /** USD over every attempt; null when any attempt's price is unknown (never a partial sum shown as a total). */
  totalCost: number | null;
  /** USD over the attempts whose price is known. */
  knownCost: number;
  /** Attempts with output whose price is unknown. */
  unknownCostAttempts: number;
  /** Mean cost of answering a case once (total over the answered attempts), as the cost gate compares it. */
  costPerCase: number | null;
  /** Interpolated percentiles (stats/percentile) of the attempts actually sent. */
  latencyP50: number | null;
  latencyP95: number | null;
  ttftP50: number | null;
  /** Judge calls made grading this arm, their known cost (USD) and how many had no known price. */
  judgeCalls: number;
  judgeCost: number;
  judgeUnknownCost: number;
}

const pct = (sorted: SortedValues, p: number): number | null => (sorted.length > 0 ? percentileByRank(sorted.length, p, (rank) => sorted.at(rank) ?? Number.NaN) : null);

/** The figures from their inputs: the one place each is defined. */
export function summarizeTally(arm: string, t: ArmTally): ArmSummary {
  const answered = t.attempts - t.errors;
  const totalCost = t.unknownCost > 0 ? null : t.knownCostUsd;
  return {
    arm,
    attempts: t.attempts,
    cases: t.cases,
    passed: t.passed,
    failed: t.failed,
    errors: t.errors,
    passRate: t.attempts === 0 ? null : wilsonInterval(t.passed, t.attempts),
    meanScore: t.attempts === 0 ? null : t.scoreSum / t.attempts,
    totalCost,
    knownCost: t.knownCostUsd,
    unknownCostAttempts: t.unknownCost,
    costPerCase: totalCost === null || answered === 0 ? null : totalCost / answered,
    latencyP50: pct(t.latencies, 50),
    latencyP95: pct(t.latencies, 95),
    ttftP50: pct(t.ttfts, 50),
    judgeCalls: t.judgeCalls,
    judgeCost: t.judgeCostUsd,
    judgeUnknownCost: t.judgeUnknownCost,
  };
}

/** The tally of attempts' figures (what a store without SQL, and the runner, aggregate). */
export function tallyFigures(figures: readonly AttemptFigures[]): ArmTally {
  const cases = new Set<string>();
  const latencies: number[] = [];
  const ttfts: number[] = [];
  const t = { attempts: 0, passed: 0, failed: 0, errors: 0, scoreSum: 0, knownCostUsd: 0, unknownCost: 0, judgeCalls: 0, judgeCostUsd: 0, judgeUnknownCost: 0 };
  for (const f of figures) {
    t.attempts++;
    cases.add(f.caseId);
    if (f.status === "error") t.errors++;
    else if (f.pass === true) t.passed++;
    else if (f.pass === false) t.failed++;
    t.scoreSum += f.score ?? 0;
    if (f.costUsd === null) t.unknownCost++;
    else t.knownCostUsd += f.costUsd;
    t.judgeCalls += f.judgeCalls;
    t.judgeCostUsd += f.judgeUsd;
    t.judgeUnknownCost += f.judgeUnknownCost;
    if (f.status === "ok" && !f.replayed && f.latencyMs !== null) {
      latencies.push(f.latencyMs);
      if (f.ttftMs !== null) ttfts.push(f.ttftMs);
    }
  }
  return { ...t, cases: cases.size, latencies: Float64Array.from(latencies).sort(), ttfts: Float64Array.from(ttfts).sort() };
}

export function summarizeArm(arm: string, figures: readonly AttemptFigures[]): ArmSummary {
  return summarizeTally(arm, tallyFigures(figures));
}

/** Groups figures by arm, keeping the arms' order as given. */
export function summarizeArms(arms: readonly string[], figures: ReadonlyMap<string, readonly AttemptFigures[]>): ArmSummary[] {
  return arms.map((arm) => summarizeArm(arm, figures.get(arm) ?? []));
}

/** A run's totals over its arms (the runs list's row): counts and cost add up; latency does not. */
export interface RunTotals {
  attempts: number;
  passed: number;
  failed: number;
  errors: number;
  passRate: Interval | null;
  totalCost: number | null;
  knownCost: number;
  unknownCostAttempts: number;
  /** The slowest arm's p95 latency. */
  slowestLatencyP95: number | null;
  /** What the run's model-graded graders cost, apart from the arms' own calls. */
  judgeCalls: number;
  judgeCost: number;
  judgeUnknownCost: number;
}

export function summarizeTotals(arms: readonly ArmSummary[]): RunTotals {
  const sum = (f: (a: ArmSummary) => number) => arms.reduce((acc, a) => acc + f(a), 0);
  const attempts = sum((a) => a.attempts);
  const passed = sum((a) => a.passed);
  const unknownCostAttempts = sum((a) => a.unknownCostAttempts);
  const knownCost = sum((a) => a.knownCost);
  const p95s = arms.map((a) => a.latencyP95).filter((v): v is number => v !== null);
  return {
    attempts,
    passed,
    failed: sum((a) => a.failed),
    errors: sum((a) => a.errors),
    passRate: attempts === 0 ? null : wilsonInterval(passed, attempts),
    totalCost: unknownCostAttempts > 0 ? null : knownCost,
    knownCost,
    unknownCostAttempts,
    slowestLatencyP95: p95s.length ? Math.max(...p95s) : null,
    judgeCalls: sum((a) => a.judgeCalls),
    judgeCost: sum((a) => a.judgeCost),
    judgeUnknownCost: sum((a) => a.judgeUnknownCost),
  };
}
