import type { ComparisonFigures, GateResult, Verdict } from "../core/index.js";
import { worstStatus } from "../core/index.js";
import { nonInferiority, wilsonInterval } from "../stats/index.js";
import type { ScoredPair } from "./case-outcome.js";
import { QUALITY_LEVEL } from "./figures.js";
import { criticalRegressionsGate, errorsGate, increaseGate, latencyNotEvaluated, passRateGate, qualityGate, type QualityEvidence } from "./gates.js";
import type { GatesConfig } from "./inputs.js";

/** The tag that makes a regression count against `critical_regressions`. */
export const CRITICAL_TAG = "critical";

/** Applies the configured gates (in docs/design/architecture.md §4 order) to the paired cases; the verdict is the worst of them. */
export function decideVerdict(pairs: readonly ScoredPair[], figures: ComparisonFigures, gates: GatesConfig): Verdict {
  const results: GateResult[] = [];
  const n = figures.pairedCases;
  if (gates.quality) results.push(qualityGate(qualityEvidence(pairs, gates.quality.margin), gates.quality.margin));
  if (gates.critical_regressions !== undefined) {
    const regressed = pairs.filter((p) => p.delta.outcome === "regression" && p.delta.tags.includes(CRITICAL_TAG)).map((p) => p.delta.caseId);
    results.push(criticalRegressionsGate(regressed, gates.critical_regressions));
  }
  if (gates.cost) {
    const left = figures.costPerCase.casesLeftOut ?? 0;
    const gate = increaseGate("cost", figures.costPerCase.ratio, gates.cost.max_increase, n - left, costUnavailable(figures));
    results.push(left ? { ...gate, reason: `${gate.reason} (compared on the ${n - left} cases answered in both arms; ${left} left out)` } : gate);
  }
  if (gates.latency_p95) {
    const replayed = figures.replayedAttempts ?? { baseline: 0, candidate: 0 };
    results.push(
      replayed.baseline + replayed.candidate > 0
        ? latencyNotEvaluated(gates.latency_p95.max_increase, replayed)
        : increaseGate("latency_p95", figures.latencyP95.ratio, gates.latency_p95.max_increase, n),
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
  return { status: worstStatus(results.map((g) => g.status)), gates: results };
}

function costUnavailable(figures: ComparisonFigures): { reason: string; decide: string } | undefined {
  const unknown = [figures.totalCost?.baseline === null ? "baseline" : "", figures.totalCost?.candidate === null ? "candidate" : ""].filter(Boolean);
  if (!unknown.length) return undefined;
  return {
    reason: `the ${unknown.join(" and ")} arm has attempts with an unknown price, so cost cannot be compared`,
    decide: "give the target a `pricing:` (USD per 1M tokens) or use a model the catalog prices",
  };
}

/** Every attempt of the case errored in this arm: it says nothing about quality. */
const allErrored = (r: ScoredPair["baseline"]) => r.repeats > 0 && r.errors === r.repeats;

/**
 * The non-inferiority test of §9 on the per-case mean scores scored in both arms. A case
 * whose every attempt errored in both arms is left out (two zeros would cancel and look like
 * agreement) and counted in `bothErrored`; with no case graded in both arms there is no
 * evidence, so the gate can never PASS on it.
 */
export function qualityEvidence(pairs: readonly ScoredPair[], margin: number): QualityEvidence {
  const bothErrored = pairs.filter((p) => allErrored(p.baseline) && allErrored(p.candidate)).length;
  const scored = pairs.filter((p) => p.baseline.score !== null && p.candidate.score !== null && !(allErrored(p.baseline) && allErrored(p.candidate)));
  if (scored.length === 0) return { pairedCases: 0, estimate: null, low: null, high: null, power: null, casesNeeded: null, bothErrored };
  const r = nonInferiority(scored.map((p) => p.baseline.score ?? 0), scored.map((p) => p.candidate.score ?? 0), { margin, level: QUALITY_LEVEL });
  return { pairedCases: scored.length, estimate: r.estimate, low: r.low, high: r.high, power: r.power, casesNeeded: r.casesNeeded, bothErrored };
}
