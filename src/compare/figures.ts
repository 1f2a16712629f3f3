import type { Attempt, ComparisonFigures, Estimate } from "../core/index.js";
import { mcnemarExact, pairedBootstrap, pairedDifference, percentile, ratioOfMeans, type CaseAttemptValues } from "../stats/index.js";
import { agreementFigure } from "./agreement.js";
import { pairwiseFigure } from "./pairwise.js";
import { countArm } from "./arm-counts.js";
import type { ScoredPair } from "./case-outcome.js";
import { liveLatencies, p95RatioStatistic } from "./resample-statistics.js";
import { QUALITY_LEVEL, qualityBounds } from "./quality-evidence.js";

/** Bootstrap resamples for the cost and latency ratios. */
export const BOOTSTRAP_RESAMPLES = 2000;
/** Ratios: 95% two-sided intervals (cost: log-ratio delta method; latency: percentile bootstrap). */
export const RATIO_LEVEL = 0.95;

const NONE: Estimate = { value: null, low: null, high: null };

/**
 * Paired figures over the given cases (all paired cases, or one tag's). `seed` makes the
 * bootstrap reproducible: the same cases and seed give the same intervals.
 */
export function computeFigures(pairs: readonly ScoredPair[], seed: number, resamples = BOOTSTRAP_RESAMPLES, qualityLevel = QUALITY_LEVEL): ComparisonFigures {
  const base = countArm(pairs.flatMap((p) => p.pair.baseline));
  const cand = countArm(pairs.flatMap((p) => p.pair.candidate));
  const outcomes = { regression: 0, fix: 0, unchanged: 0, flaky: 0 };
  for (const p of pairs) outcomes[p.delta.outcome] += 1;
  const costs = caseCosts(pairs);
  const agreement = agreementFigure(pairs);
  const pairwise = pairwiseFigure(pairs, qualityLevel);
  return {
    pairedCases: pairs.length,
    qualityDelta: qualityDelta(pairs, qualityLevel),
    passRateDelta: differenceOf(pairs.map((p) => (p.baseline.pass ? 1 : 0)), pairs.map((p) => (p.candidate.pass ? 1 : 0))),
    regressions: outcomes.regression,
    fixes: outcomes.fix,
    unchanged: outcomes.unchanged,
    flaky: outcomes.flaky,
    mcnemarP: pairs.length === 0 ? null : mcnemarExact(outcomes.regression, outcomes.fix),
    passRate: { baseline: share(pairs, (p) => p.baseline.pass), candidate: share(pairs, (p) => p.candidate.pass) },
    meanScore: { baseline: meanOf(pairs.map((p) => p.baseline.score)), candidate: meanOf(pairs.map((p) => p.candidate.score)) },
    totalCost: { baseline: base.totalCost, candidate: cand.totalCost },
    costPerCase: {
      baseline: costs ? finite(meanOf(costs.map((c) => caseMean(c.baseline)))) : null,
      candidate: costs ? finite(meanOf(costs.map((c) => caseMean(c.candidate)))) : null,
      ratio: costs ? costRatio(costs) : NONE,
      casesLeftOut: pairs.filter((p) => !answeredInBoth(p)).length,
    },
    latencyP50: { baseline: pct(base.latencies, 50), candidate: pct(cand.latencies, 50) },
    latencyP95: { baseline: pct(base.latencies, 95), candidate: pct(cand.latencies, 95), ratio: latencyRatio(pairs, seed, resamples) },
    ttftP50: { baseline: pct(base.ttfts, 50), candidate: pct(cand.ttfts, 50) },
    liveAttempts: { baseline: base.latencies.length, candidate: cand.latencies.length },
    replayedAttempts: { baseline: base.replayed, candidate: cand.replayed },
    batchedAttempts: { baseline: base.batched, candidate: cand.batched },
    errorRate: { baseline: rate(base.errors, base.attempts), candidate: rate(cand.errors, cand.attempts) },
    finishReasons: { baseline: base.finishReasons, candidate: cand.finishReasons },
    refusals: { baseline: base.refusals, candidate: cand.refusals },
    schemaValidity: { baseline: base.schemaValidity, candidate: cand.schemaValidity },
    ...(agreement ? { agreement } : {}),
    ...(pairwise ? { pairwise } : {}),
  };
}

/**
 * d = candidate − baseline of the per-case mean scores (errors 0) with the quality gate's own
 * bounds (the same cases, level, floor and clusters: qualityBounds), so the figure and the
 * gate never show two intervals.
 */
export function qualityDelta(pairs: readonly ScoredPair[], level = QUALITY_LEVEL): Estimate {
  const b = qualityBounds(pairs, level);
  return b === null ? NONE : { value: b.estimate, low: finite(b.low), high: finite(b.high) };
}

function differenceOf(baseline: number[], candidate: number[]): Estimate {
  if (baseline.length === 0) return NONE;
  const d = pairedDifference(baseline, candidate, { level: QUALITY_LEVEL });
  return { value: d.estimate, low: finite(d.low), high: finite(d.high) };
}

/** Both arms have at least one attempt with an answer for the case. */
function answeredInBoth(p: ScoredPair): boolean {
  return p.pair.baseline.some((a) => a.status !== "error") && p.pair.candidate.some((a) => a.status !== "error");
}

/**
 * USD of each case's answered attempts in each arm, over the cases answered in both arms
 * (an errored attempt bought no answer and is left out: the error rate reports it; a case
 * one arm never answered would compare the cost of different case sets). Null when any
 * answered attempt has an unknown price — never counted as 0.
 */
function caseCosts(pairs: readonly ScoredPair[]): CaseAttemptValues[] | null {
  const values: CaseAttemptValues[] = [];
  for (const p of pairs) {
    if (!answeredInBoth(p)) continue;
    const baseline = answeredCosts(p.pair.baseline);
    const candidate = answeredCosts(p.pair.candidate);
    if (baseline === null || candidate === null) return null;
    values.push({ baseline, candidate });
  }
  return values.length ? values : null;
}

function answeredCosts(attempts: readonly Attempt[]): number[] | null {
  const out: number[] = [];
  for (const a of attempts) {
    if (a.status === "error") continue;
    if (a.cost.usd === null) return null;
    out.push(a.cost.usd);
  }
  return out;
}

/** Mean cost per case, candidate / baseline, with the log-ratio delta-method interval (stats ratioOfMeans). */
function costRatio(costs: readonly CaseAttemptValues[]): Estimate {
  const both = costs.filter((c) => c.baseline.length > 0 && c.candidate.length > 0);
  const r = ratioOfMeans(both.map((c) => caseMean(c.baseline) ?? Number.NaN), both.map((c) => caseMean(c.candidate) ?? Number.NaN), RATIO_LEVEL);
  if (!Number.isFinite(r.estimate)) return NONE;
  return { value: r.estimate, low: finite(r.low), high: finite(r.high) };
}

function latencyRatio(pairs: readonly ScoredPair[], seed: number, resamples: number): Estimate {
  const base = pairs.map((p) => liveLatencies(p.pair.baseline));
  const cand = pairs.map((p) => liveLatencies(p.pair.candidate));
  if (!base.some((l) => l.length) || !cand.some((l) => l.length)) return NONE;
  return bootstrap(pairs.length, p95RatioStatistic(base, cand), seed, "latency_p95", resamples);
}

function bootstrap(n: number, statistic: (idx: readonly number[]) => number, seed: number, stream: string, resamples: number): Estimate {
  const r = pairedBootstrap({ n, statistic, resamples, level: RATIO_LEVEL, seed: `${seed}:${stream}` });
  if (!Number.isFinite(r.estimate)) return NONE;
  return { value: r.estimate, low: finite(r.low), high: finite(r.high) };
}

function caseMean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

function pct(values: number[], p: number): number | null {
  return values.length ? percentile(values, p) : null;
}

function share(pairs: readonly ScoredPair[], pass: (p: ScoredPair) => boolean): number | null {
  return pairs.length ? pairs.filter(pass).length / pairs.length : null;
}

function meanOf(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((s, v) => s + v, 0) / known.length : null;
}

function finite(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

function rate(k: number, n: number): number {
  return n === 0 ? 0 : k / n;
}
