import type { Attempt } from "../core/index.js";
import { percentile, wilsonInterval } from "../stats/index.js";

/** The figures of one attempt a summary needs (small: 100,000 of them fit easily). */
export interface AttemptFigures {
  caseId: string;
  status: Attempt["status"];
  pass: boolean | null;
  score: number | null;
  costUsd: number | null;
  latencyMs: number | null;
  ttftMs: number | null;
  replayed: boolean;
  /** What model-graded graders spent judging this attempt (kept apart from the arm's cost). */
  judgeUsd: number;
  judgeCalls: number;
}

export function attemptFigures(a: Attempt): AttemptFigures {
  return {
    caseId: a.caseId,
    status: a.status,
    pass: a.pass,
    score: a.score,
    costUsd: a.status === "ok" ? a.cost.usd : 0,
    latencyMs: a.output?.latency.totalMs ?? null,
    ttftMs: a.output?.latency.ttftMs ?? null,
    replayed: a.replayed,
    judgeUsd: a.scores.reduce((sum, s) => sum + (s.judgeCost?.usd ?? 0), 0),
    judgeCalls: a.scores.filter((s) => s.judgeCost !== undefined).length,
  };
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Per arm (docs/design/architecture.md §9): the run summary's row. */
export interface ArmSummary {
  arm: string;
  attempts: number;
  cases: number;
  passed: number;
  errors: number;
  /** Passing attempts over all attempts (an errored attempt does not pass), Wilson 95%. */
  passRate: Interval;
  /** Mean attempt score, an errored attempt counting 0 (as in the quality delta). */
  meanScore: number | null;
  /** USD; null when any attempt's price is unknown (never silently zero). */
  totalCost: number | null;
  /** Mean cost of answering a case once (total over the answered attempts), as the cost gate compares it. */
  costPerCase: number | null;
  unknownCostAttempts: number;
  /** Latency of attempts actually sent (replayed ones are left out). */
  latencyP50: number | null;
  latencyP95: number | null;
  ttftP50: number | null;
  /** Judge calls made grading this arm and their cost (USD; unknown prices count 0). */
  judgeCalls: number;
  judgeCost: number;
}

export function summarizeArm(arm: string, figures: readonly AttemptFigures[]): ArmSummary {
  const attempts = figures.length;
  const passed = figures.filter((f) => f.pass === true).length;
  const errors = figures.filter((f) => f.status === "error").length;
  const cases = new Set(figures.map((f) => f.caseId)).size;
  const unknownCostAttempts = figures.filter((f) => f.costUsd === null).length;
  const totalCost = unknownCostAttempts > 0 ? null : figures.reduce((sum, f) => sum + (f.costUsd ?? 0), 0);
  const live = figures.filter((f) => !f.replayed);
  const latencies = live.map((f) => f.latencyMs).filter((v): v is number => v !== null);
  const ttfts = live.map((f) => f.ttftMs).filter((v): v is number => v !== null);
  const wilson = wilsonInterval(passed, attempts);
  return {
    arm,
    attempts,
    cases,
    passed,
    errors,
    passRate: { estimate: wilson.estimate, low: wilson.low, high: wilson.high },
    meanScore: attempts === 0 ? null : figures.reduce((sum, f) => sum + (f.score ?? 0), 0) / attempts,
    totalCost,
    costPerCase: totalCost === null || attempts === errors ? null : totalCost / (attempts - errors),
    unknownCostAttempts,
    latencyP50: latencies.length ? percentile(latencies, 50) : null,
    latencyP95: latencies.length ? percentile(latencies, 95) : null,
    ttftP50: ttfts.length ? percentile(ttfts, 50) : null,
    judgeCalls: figures.reduce((sum, f) => sum + f.judgeCalls, 0),
    judgeCost: figures.reduce((sum, f) => sum + f.judgeUsd, 0),
  };
}

/** Groups figures by arm, keeping the arms' order as given. */
export function summarizeArms(arms: readonly string[], figures: ReadonlyMap<string, readonly AttemptFigures[]>): ArmSummary[] {
  return arms.map((arm) => summarizeArm(arm, figures.get(arm) ?? []));
}
