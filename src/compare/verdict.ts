import type { ComparisonFigures, GateResult, Look, Parity, Verdict } from "../core/index.js";
import { DEFAULT_MAX_LOOKS, lookLevel, rateGateLimit, worstStatus } from "../core/index.js";
import { wilsonInterval } from "../stats/index.js";
import type { ScoredPair } from "./case-outcome.js";
import { agreementGate } from "./agreement.js";
import { pairwiseGate } from "./pairwise.js";
import { criticalSliceGate, errorsGate, increaseGate, latencyNotEvaluated, latencyNotEvaluatedForBatch, lookBudgetSpent, passRateGate, qualityGate, recordedLatencyNotEvaluated } from "./gates.js";
import type { GatesConfig } from "./inputs.js";
import { computeParity } from "./parity.js";
import { qualityEvidence } from "./quality-evidence.js";
import { rateIncreaseGate } from "./rate-increase-gate.js";

/** The tag that makes a regression count against `critical_regressions`. */
export const CRITICAL_TAG = "critical";

/** The margin the critical slice is held to when the gates set no quality margin (docs/verdict.md). */
export const DEFAULT_CRITICAL_MARGIN = 0.02;

/** Applies the configured gates (in docs/design/architecture.md §4 order) to the paired cases; the verdict is the worst of them. */
export function decideVerdict(pairs: readonly ScoredPair[], figures: ComparisonFigures, gates: GatesConfig, look: Look = firstLook(gates), parity: Parity = computeParity(pairs), recordedBaseline = false): Verdict {
  const results: GateResult[] = [];
  const n = figures.pairedCases;
  const level = lookLevel(look.max);
  const spent = look.number > look.max;
  if (gates.quality) {
    const margin = gates.quality.margin;
    results.push(spent ? lookBudgetSpent("quality", margin, look) : qualityGate(qualityEvidence(pairs, margin, level, gates.quality.expected_delta), margin));
  }
  if (gates.critical_regressions !== undefined) {
    const margin = gates.quality?.margin ?? DEFAULT_CRITICAL_MARGIN;
    const critical = pairs.filter((p) => p.delta.tags.includes(CRITICAL_TAG));
    const flipped = critical.filter((p) => p.delta.outcome === "regression").map((p) => p.delta.caseId);
    if (critical.length === 0) results.push(noCriticalCase(margin));
    else results.push(spent ? lookBudgetSpent("critical_regressions", margin, look) : criticalSliceGate(qualityEvidence(critical, margin, level, gates.quality?.expected_delta), margin, flipped, gates.critical_regressions));
  }
  if (gates.cost) {
    const left = figures.costPerCase.casesLeftOut ?? 0;
    const gate = increaseGate("cost", figures.costPerCase.ratio, gates.cost.max_increase, n - left, costUnavailable(figures));
    results.push(left ? { ...gate, reason: `${gate.reason} (compared on the ${n - left} cases answered in both arms; ${left} left out)` } : gate);
  }
  if (gates.latency_p95) {
    const replayed = figures.replayedAttempts ?? { baseline: 0, candidate: 0 };
    const batched = figures.batchedAttempts ?? { baseline: 0, candidate: 0 };
    const max = gates.latency_p95.max_increase;
    results.push(
      recordedBaseline
        ? recordedLatencyNotEvaluated(max)
        : batched.baseline + batched.candidate > 0
          ? latencyNotEvaluatedForBatch(max, batched)
          : replayed.baseline + replayed.candidate > 0
            ? latencyNotEvaluated(max, replayed)
            : increaseGate("latency_p95", figures.latencyP95.ratio, max, n),
    );
  }
  if (gates.errors) {
    const attempts = pairs.reduce((s, p) => s + p.candidate.repeats, 0);
    const errors = pairs.reduce((s, p) => s + p.candidate.errors, 0);
    results.push(errorsGate(errors, attempts, gates.errors.max_rate));
  }
  if (gates.pass_rate) {
    const passed = pairs.filter((p) => p.candidate.pass).length;
    results.push(passRateGate(wilsonInterval(passed, n), passed, n, gates.pass_rate.min));
  }
  if (gates.agreement) results.push(agreementGate(figures.agreement ?? null, gates.agreement.min));
  if (gates.pairwise) results.push(spent ? lookBudgetSpent("pairwise", gates.pairwise.margin, look) : pairwiseGate(figures.pairwise ?? null, gates.pairwise.margin));
  const parityGates = [
    ["refusal_rate", parity.refusals, rateGateLimit(gates.refusal_rate)],
    ["truncation_rate", parity.truncations, rateGateLimit(gates.truncation_rate)],
    ["schema_validity", parity.schemaInvalid, rateGateLimit(gates.schema_validity)],
  ] as const;
  for (const [gate, rate, limit] of parityGates) if (limit !== undefined) results.push(rateIncreaseGate(gate, rate, limit));
  return { status: worstStatus(results.map((g) => g.status)), gates: results };
}

/** A comparison without critical cases: the slice gate has nothing to decide, and counts for nothing. */
function noCriticalCase(margin: number): GateResult {
  return {
    gate: "critical_regressions",
    status: "NOT_EVALUATED",
    figure: null,
    threshold: margin,
    interval: null,
    reason: "not evaluated: no paired case is tagged `critical`",
    decide: "tag the cases a regression must never reach `critical` (docs/verdict.md)",
  };
}

/** The look a comparison is when its caller keeps no history: the first, of the gates' maximum. */
export function firstLook(gates: GatesConfig): Look {
  return { number: 1, max: gates.looks?.max ?? DEFAULT_MAX_LOOKS, key: null, history: false };
}

function costUnavailable(figures: ComparisonFigures): { reason: string; decide: string } | undefined {
  const unknown = [figures.totalCost?.baseline === null ? "baseline" : "", figures.totalCost?.candidate === null ? "candidate" : ""].filter(Boolean);
  if (!unknown.length) return undefined;
  return {
    reason: `the ${unknown.join(" and ")} arm has attempts with an unknown price, so cost cannot be compared`,
    decide: "give the target a `pricing:` (USD per 1M tokens) or use a model the catalog prices",
  };
}

