import { attemptLatencyMs, type Attempt } from "../core/attempt.js";
import { percentileByRank } from "./percentile.js";
import { wilsonInterval, wilsonOfRate } from "./proportion.js";

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
  /** The observed wall latency when latencyMs is the simulator's modelled one; else null. */
  wallMs: number | null;
  replayed: boolean;
  /** Input tokens of an attempt with output, and how many of them the API served from its prompt cache; 0 for an errored one. */
  inputTokens: number;
  cachedInputTokens: number;
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
    latencyMs: attemptLatencyMs(a),
    ttftMs: a.output?.latency.ttftMs ?? null,
    wallMs: a.output?.latency.observed?.totalMs ?? null,
    replayed: a.replayed,
    inputTokens: a.output?.usage?.inputTokens ?? 0,
    cachedInputTokens: a.output?.usage?.cachedInputTokens ?? 0,
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
  /** Input tokens of the attempts with output, and the cached ones among them. */
  inputTokens: number;
  cachedInputTokens: number;
  judgeCalls: number;
  judgeCostUsd: number;
  judgeUnknownCost: number;
  /** Latency (core attemptLatencyMs: timeouts censored at the timeout) of the attempts sent (replayed ones left out), ascending. */
  latencies: SortedValues;
  /** Time to first token of the same attempts, where streamed, ascending. */
  ttfts: SortedValues;
  /** Sums over cases of their per-case counts, for the intervals clustered by case (CaseSquares). */
  caseSquares: CaseSquares;
  /** Σ (observed − modelled) latency over the attempts with a modelled latency, and their count. */
  overheadSumMs: number;
  overheadCount: number;
}

/**
 * Σ over cases c of n_c², k_c², k_c·n_c, S_c², S_c·n_c (n_c attempts, k_c passing, S_c the
 * score sum): with the arm's totals, enough for the cluster-robust variance of the pass rate
 * and of the mean score (CR1, as stats' clusteredMean), however the store aggregates.
 */
export interface CaseSquares {
  attempts2: number;
  passed2: number;
  passedAttempts: number;
  score2: number;
  scoreAttempts: number;
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
  /**
   * Passing attempts over all attempts (PASS_RATE_NOTE), Wilson 95% clustered by case (on the
   * effective number of attempts, N / design effect: repeats of a case are not independent); null without attempts.
   */
  passRate: Interval | null;
  /** Mean attempt score, an errored attempt counting 0 (as in the quality delta); null without attempts. */
  meanScore: number | null;
  /** Its standard error clustered by case (CR1); null with fewer than 2 cases. */
  meanScoreSe?: number | null;
  /** Mean observed − modelled latency of simulated attempts: the harness's own overhead; null when none was modelled. */
  harnessOverheadMs?: number | null;
  /** USD over every attempt; null when any attempt's price is unknown (never a partial sum shown as a total). */
  totalCost: number | null;
  /** USD over the attempts whose price is known. */
  knownCost: number;
  /** Attempts with output whose price is unknown. */
  unknownCostAttempts: number;
  /** Mean cost of answering a case once (total over the answered attempts), as the cost gate compares it. */
  costPerCase: number | null;
  /**
   * Cached input tokens over input tokens: the share of the prompt the API's cache served (at
   * the cached price). Shown beside cost, since a cache warmed by another arm makes an arm
   * cheaper. Null without input tokens (absent in summaries stored before it was kept).
   */
  cachedInputShare?: number | null;
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
    passRate: t.attempts === 0 ? null : clusteredPassRate(t),
    meanScore: t.attempts === 0 ? null : t.scoreSum / t.attempts,
    meanScoreSe: clusteredSe(t.cases, t.attempts, t.scoreSum, t.caseSquares.score2, t.caseSquares.scoreAttempts, t.caseSquares.attempts2),
    harnessOverheadMs: t.overheadCount === 0 ? null : t.overheadSumMs / t.overheadCount,
    totalCost,
    knownCost: t.knownCostUsd,
    unknownCostAttempts: t.unknownCost,
    costPerCase: totalCost === null || answered === 0 ? null : totalCost / answered,
    cachedInputShare: t.inputTokens > 0 ? t.cachedInputTokens / t.inputTokens : null,
    latencyP50: pct(t.latencies, 50),
    latencyP95: pct(t.latencies, 95),
    ttftP50: pct(t.ttfts, 50),
    judgeCalls: t.judgeCalls,
    judgeCost: t.judgeCostUsd,
    judgeUnknownCost: t.judgeUnknownCost,
  };
}

/**
 * CR1 standard error of Σy/N over C cases from the per-case sums: Var = C/(C − 1)·Σ_c (Y_c − ȳ·n_c)²/N²,
 * with Σ_c (Y_c − ȳ·n_c)² = ΣY² − 2ȳ·ΣY·n + ȳ²·Σn². Null with fewer than 2 cases.
 */
function clusteredSe(cases: number, n: number, sum: number, sumSq: number, sumByN: number, nSq: number): number | null {
  if (cases < 2 || n === 0) return null;
  const mean = sum / n;
  const residuals = Math.max(0, sumSq - 2 * mean * sumByN + mean * mean * nSq);
  return Math.sqrt(((cases / (cases - 1)) * residuals) / (n * n));
}

/**
 * Wilson's interval on the effective number of attempts: N over the design effect (clustered
 * variance / binomial variance, at least 1), so 3 repeats of a case that always agree count
 * as about one attempt, as they should. With one attempt per case it is Wilson's on N.
 */
function clusteredPassRate(t: ArmTally): Interval {
  const p = t.passed / t.attempts;
  const se = clusteredSe(t.cases, t.attempts, t.passed, t.caseSquares.passed2, t.caseSquares.passedAttempts, t.caseSquares.attempts2);
  const binomial = (p * (1 - p)) / t.attempts;
  const effect = se === null || binomial === 0 ? 1 : Math.max(1, (se * se) / binomial);
  return wilsonOfRate(p, t.attempts / effect);
}

/** The tally of attempts' figures (what a store without SQL, and the runner, aggregate). */
export function tallyFigures(figures: readonly AttemptFigures[]): ArmTally {
  const cases = new Map<string, { n: number; k: number; s: number }>();
  const latencies: number[] = [];
  const ttfts: number[] = [];
  const t = { attempts: 0, passed: 0, failed: 0, errors: 0, scoreSum: 0, knownCostUsd: 0, unknownCost: 0, inputTokens: 0, cachedInputTokens: 0, judgeCalls: 0, judgeCostUsd: 0, judgeUnknownCost: 0, overheadSumMs: 0, overheadCount: 0 };
  for (const f of figures) {
    t.attempts++;
    const c = cases.get(f.caseId) ?? { n: 0, k: 0, s: 0 };
    cases.set(f.caseId, c);
    c.n++;
    if (f.status !== "error" && f.pass === true) c.k++;
    c.s += f.score ?? 0;
    if (f.wallMs !== null && f.latencyMs !== null) (t.overheadSumMs += f.wallMs - f.latencyMs), t.overheadCount++;
    if (f.status === "error") t.errors++;
    else if (f.pass === true) t.passed++;
    else if (f.pass === false) t.failed++;
    t.scoreSum += f.score ?? 0;
    if (f.costUsd === null) t.unknownCost++;
    else t.knownCostUsd += f.costUsd;
    t.inputTokens += f.inputTokens;
    t.cachedInputTokens += f.cachedInputTokens;
    t.judgeCalls += f.judgeCalls;
    t.judgeCostUsd += f.judgeUsd;
    t.judgeUnknownCost += f.judgeUnknownCost;
    if (!f.replayed && f.latencyMs !== null) {
      latencies.push(f.latencyMs);
      if (f.ttftMs !== null) ttfts.push(f.ttftMs);
    }
  }
  const caseSquares: CaseSquares = { attempts2: 0, passed2: 0, passedAttempts: 0, score2: 0, scoreAttempts: 0 };
  for (const c of cases.values()) {
    caseSquares.attempts2 += c.n * c.n;
    caseSquares.passed2 += c.k * c.k;
    caseSquares.passedAttempts += c.k * c.n;
    caseSquares.score2 += c.s * c.s;
    caseSquares.scoreAttempts += c.s * c.n;
  }
  return { ...t, cases: cases.size, caseSquares, latencies: Float64Array.from(latencies).sort(), ttfts: Float64Array.from(ttfts).sort() };
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
