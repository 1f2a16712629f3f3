import { attemptLatencyMs, type ArmPair, type Attempt } from "../core/index.js";
import { percentile } from "../stats/index.js";
import { LIVE_METRIC_KEYS, type LiveMetricKey } from "./metrics.js";
import { requestOutcomes, type OutcomeScales, type OutputChecksLike } from "./outcomes.js";

/** Mean and sample variance of one metric's outcomes in one arm of the eval. */
export interface Moments {
  n: number;
  mean: number;
  variance: number;
}

/** One arm of the comparison as the plan reads it: its attempts on the paired cases and its output checks. */
export interface ArmEval {
  attempts: readonly Attempt[];
  checks: OutputChecksLike;
}

export type EvalFigures = Record<LiveMetricKey, ArmPair<Moments | null>>;

/**
 * The scales that turn latency and cost into [0, 1] outcomes, from the eval: "slow" is slower
 * than the baseline's p95 latency (the candidate's when the baseline's latency was not
 * measured — a recorded arm); the cost scale is twice the larger arm's p99 cost per request,
 * so it clips almost nothing and keeps the outcome's spread.
 */
export function outcomeScales(arms: ArmPair<ArmEval>): OutcomeScales {
  const latencies = (a: ArmEval) => a.attempts.filter((x) => !x.replayed).flatMap((x) => nonNull(attemptLatencyMs(x)));
  const base = latencies(arms.baseline);
  const slow = base.length ? percentile(base, 95) : latencies(arms.candidate).length ? percentile(latencies(arms.candidate), 95) : null;
  const costs = [arms.baseline, arms.candidate].flatMap((a) => a.attempts.filter((x) => x.status !== "error").flatMap((x) => nonNull(x.cost.usd)));
  const top = costs.length ? percentile(costs, 99) : 0;
  return { slowAboveMs: slow, costScaleUsd: top > 0 ? 2 * top : null };
}

/** Each live metric's mean and spread in each arm, by the one classification the check uses on live logs. */
export function evalFigures(arms: ArmPair<ArmEval>, scales: OutcomeScales): EvalFigures {
  const side = (arm: ArmEval) => {
    const values = new Map<LiveMetricKey, number[]>();
    for (const a of arm.attempts) {
      const outcomes = requestOutcomes({ error: a.status === "error", output: a.output, latencyMs: a.replayed ? null : attemptLatencyMs(a), costUsd: a.cost.usd, judgeScore: judgeScore(a) }, arm.checks, scales);
      for (const [key, xs] of Object.entries(outcomes) as Array<[LiveMetricKey, number[]]>) {
        const list = values.get(key);
        if (list) list.push(...xs);
        else values.set(key, [...xs]);
      }
    }
    return values;
  };
  const base = side(arms.baseline);
  const cand = side(arms.candidate);
  const figures = {} as EvalFigures;
  for (const key of LIVE_METRIC_KEYS) figures[key] = { baseline: moments(base.get(key)), candidate: moments(cand.get(key)) };
  return figures;
}

/** The mean of the attempt's model-graded scores (graders that called a judge); null when none scored it. */
function judgeScore(a: Attempt): number | null {
  const judged = a.scores.filter((s) => s.judgeCost !== undefined && s.value !== null);
  return judged.length ? judged.reduce((s, x) => s + (x.value ?? 0), 0) / judged.length : null;
}

export function moments(values: readonly number[] | undefined): Moments | null {
  if (!values?.length) return null;
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n < 2 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

function nonNull(x: number | null): number[] {
  return x === null ? [] : [x];
}
