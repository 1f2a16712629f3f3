import type { Estimate, GateResult, Look } from "../core/index.js";
import { formatMarginPoints, wilsonInterval } from "../stats/index.js";
import { casesToExclude, formatCount, needsCases, percent } from "./decide-text.js";

/** The paired mean score delta d with its one-sided 95% bounds, and what the test could see. */
export interface QualityEvidence {
  pairedCases: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Power the test had to show non-inferiority at the margin if the arms were equal. */
  power: number | null;
  /** Paired cases that would give 80% power at this margin and spread; null with fewer than 2. */
  casesNeeded: number | null;
  /** Cases whose every attempt errored in both arms: left out of the delta, and reported. */
  bothErrored?: number;
  /** Repeats per case (the fewer of the two arms'); ≥ 2 makes repeats a remedy too. */
  repeats?: number;
  /** The bounds are the floor's: no variance was seen that would have given wider ones. */
  floored?: boolean;
  /** Groups the test clustered by (`group:`); null when the cases have none. */
  groups?: number | null;
  /** Two-sided level of [L, U]: 0.90 at one look, higher when the design allows more (looks). */
  level?: number;
  /** The true difference `power` assumes (`expected_delta`); 0 = the arms equal. */
  expectedDelta?: number;
}

/**
 * §9: PASS when L > −m (a drop shown to lie inside the margin passes, with a note); FAIL when
 * U < −m (shown worse than the margin); else INCONCLUSIVE, with power and cases needed.
 */
export function qualityGate(e: QualityEvidence, margin: number, gate: "quality" | "critical_regressions" = "quality", unit = "cases"): GateResult {
  const base = { gate, threshold: margin, figure: e.estimate };
  const sided = formatSided(e.level ?? 0.9);
  const left = e.bothErrored ? ` (${formatCount(e.bothErrored)} case${e.bothErrored === 1 ? "" : "s"} errored in both arms, left out)` : "";
  if (e.estimate === null || e.low === null || e.high === null) {
    return { ...base, status: "INCONCLUSIVE", interval: null, reason: `no case was graded in both arms${left}`, decide: `needs ${unit} answered and graded in both arms` };
  }
  const interval: [number, number] | null = Number.isFinite(e.low) && Number.isFinite(e.high) ? [e.low, e.high] : null;
  const floor = e.floored ? `; the spread seen is below the floor's, so the bounds are the floor's (as if ${Math.min(3, e.pairedCases)} of ${formatCount(e.pairedCases)} cases were discordant at the largest difference seen)` : "";
  const groups = e.groups ? ` over ${formatCount(e.groups)} groups` : "";
  const shown = interval
    ? `mean score delta ${signed(e.estimate)}, ${sided} bounds [${fixed(e.low)}, ${fixed(e.high)}]${groups}${left}${floor}`
    : `mean score delta ${signed(e.estimate)} over ${formatCount(e.pairedCases)} ${singular(unit)}, too few for bounds${left}`;
  if (e.low > -margin) {
    // What a margin allows: a drop may be real and still pass, and the reader is told.
    const inside = e.high < 0 ? `; the drop is real (the upper bound is below 0) but inside the ${formatMarginPoints(margin)} margin` : "";
    return { ...base, status: "PASS", interval, reason: `${shown}: the lower bound is above −${fixed(margin)}, so the candidate is no worse than a ${formatMarginPoints(margin)} margin${inside}`, decide: null };
  }
  if (e.high < -margin) {
    return { ...base, status: "FAIL", interval, reason: `${shown}: the upper bound is below −${fixed(margin)}, so the candidate is worse by more than the ${formatMarginPoints(margin)} margin`, decide: null };
  }
  const assumed = e.expectedDelta ? `if the true difference were ${signed(e.expectedDelta)} (expected_delta)` : "if the arms were equal";
  const power = e.power === null ? "" : ` (power ${Math.round(e.power * 100)}% at this margin ${assumed})`;
  const goal = `show non-inferiority at a ${formatMarginPoints(margin)} margin`;
  const repeats = (e.repeats ?? 1) >= 2 ? "; more repeats per case also narrow it" : "";
  return {
    ...base,
    status: "INCONCLUSIVE",
    interval,
    reason: interval ? `${shown}: the interval reaches below −${fixed(margin)} and above it${power}` : shown,
    // Never "more cases" when the estimate is already past the margin: they would more likely FAIL it.
    decide:
      e.estimate <= -margin && e.pairedCases >= 2
        ? `the observed delta ${signed(e.estimate)} is past the −${fixed(margin)} margin: more cases are more likely to FAIL it than to clear it`
        : `${needsCases(e.casesNeeded, e.pairedCases, goal, unit)}${repeats}`,
  };
}

/**
 * §9 `critical_regressions`: the critical slice decided by the quality gate's test and
 * margin (too small a slice is INCONCLUSIVE, saying how many critical cases would decide).
 * The critical cases that flipped pass → fail are listed; their count beside the configured
 * number is informational, never proof on its own.
 */
export function criticalSliceGate(e: QualityEvidence, margin: number, flipped: readonly string[], listed: number): GateResult {
  const gate = qualityGate(e, margin, "critical_regressions", "critical cases");
  const list = flipped.length ? `: ${flipped.slice(0, 5).join(", ")}${flipped.length > 5 ? ", …" : ""}` : "";
  const flips = `${formatCount(flipped.length)} critical case${flipped.length === 1 ? "" : "s"} flipped pass → fail${list} (informational; the suite lists ${formatCount(listed)})`;
  return { ...gate, reason: `critical slice, ${formatCount(e.pairedCases)} case${e.pairedCases === 1 ? "" : "s"}: ${gate.reason}; ${flips}` };
}

/** After the design's last look, the sequential gates (quality, the critical slice, pairwise) do not decide (docs/verdict.md "Repeated looks"). */
export function lookBudgetSpent(gate: "quality" | "critical_regressions" | "pairwise", margin: number, look: Look): GateResult {
  return {
    gate,
    status: "INCONCLUSIVE",
    figure: null,
    threshold: margin,
    interval: null,
    reason: `look ${formatCount(look.number)} of ${formatCount(look.max)} at this baseline: the look budget is spent`,
    decide: "compare against a new baseline run (a fresh look history), or declare more looks with `gates.looks.max` before the first look",
  };
}

/**
 * `cost` and `latency_p95` (§9): the relative increase candidate/baseline − 1 with its
 * paired bootstrap interval. PASS when the upper bound ≤ the threshold, FAIL when the lower
 * bound > it, INCONCLUSIVE otherwise.
 */
export function increaseGate(gate: "cost" | "latency_p95", ratio: Estimate, maxIncrease: number, pairedCases: number, unavailable?: { reason: string; decide: string }): GateResult {
  const what = gate === "cost" ? "cost per case" : "p95 latency";
  const base = { gate, threshold: maxIncrease };
  // A percentile bootstrap over a handful of cases is far too liberal: below the minimum it does not decide.
  if (pairedCases < MIN_RATIO_CASES && ratio.value !== null) {
    return {
      ...base,
      status: "INCONCLUSIVE",
      figure: ratio.value - 1,
      interval: null,
      reason: `${what} ${change(ratio.value - 1)} over ${formatCount(pairedCases)} paired case${pairedCases === 1 ? "" : "s"}: the ${what} gate decides from ${formatCount(MIN_RATIO_CASES)} cases on`,
      decide: `needs at least ${formatCount(MIN_RATIO_CASES)} paired cases (has ${formatCount(pairedCases)})`,
    };
  }
  if (ratio.value === null || ratio.low === null || ratio.high === null) {
    const why = unavailable ?? { reason: `no ${what} ratio: the baseline's is 0 or not measured`, decide: `needs ${what} measured in both arms` };
    return { ...base, status: "INCONCLUSIVE", figure: null, interval: null, ...why };
  }
  const figure = ratio.value - 1;
  const interval: [number, number] = [ratio.low - 1, ratio.high - 1];
  const method = gate === "cost" ? "log-ratio" : "bootstrap";
  const shown = `${what} ${change(figure)} (95% ${method} interval ${change(interval[0])} to ${change(interval[1])})`;
  if (interval[1] <= maxIncrease) {
    return { ...base, status: "PASS", figure, interval, reason: `${shown}: the upper bound is within the allowed +${percent(maxIncrease)}`, decide: null };
  }
  if (interval[0] > maxIncrease) {
    return { ...base, status: "FAIL", figure, interval, reason: `${shown}: even the lower bound exceeds the allowed +${percent(maxIncrease)}`, decide: null };
  }
  const halfWidth = figure > maxIncrease ? figure - interval[0] : interval[1] - figure;
  return {
    ...base,
    status: "INCONCLUSIVE",
    figure,
    interval,
    reason: `${shown}: the interval straddles the allowed +${percent(maxIncrease)}`,
    decide: needsCases(casesToExclude(pairedCases, figure, halfWidth, maxIncrease), pairedCases, `tell whether ${what} rises more than ${percent(maxIncrease)}`),
  };
}

/**
 * The fewest paired cases the cost and latency gates decide on (docs/design/architecture.md §9):
 * below it their bootstrap intervals are 2–10× too narrow (the measurement at n ≤ 20).
 */
export const MIN_RATIO_CASES = 20;

/** The latency gate, not evaluated, and why: it counts for nothing. */
function latencyNotEvaluatedBecause(maxIncrease: number, why: string, decide: string): GateResult {
  return { gate: "latency_p95", status: "NOT_EVALUATED", figure: null, threshold: maxIncrease, interval: null, reason: `not evaluated: ${why}`, decide };
}

/** "baseline N, candidate M": the attempts of each arm a latency gate could not use. */
function armSides(n: { baseline: number; candidate: number }): string {
  return [n.baseline > 0 ? `baseline ${formatCount(n.baseline)}` : "", n.candidate > 0 ? `candidate ${formatCount(n.candidate)}` : ""].filter(Boolean).join(", ");
}

/** Latency figures of replayed attempts measure the cache, not the endpoint. */
export function latencyNotEvaluated(maxIncrease: number, replayed: { baseline: number; candidate: number }): GateResult {
  return latencyNotEvaluatedBecause(maxIncrease, `attempts were replayed from the cache (${armSides(replayed)}), so their latency is not the endpoint's`, "re-run both arms with --cache off (or write) to measure latency");
}

/** Batch arms were never timed (a batch answers within 24 h, not in a latency). */
export function latencyNotEvaluatedForBatch(maxIncrease: number, batched: { baseline: number; candidate: number }): GateResult {
  return latencyNotEvaluatedBecause(maxIncrease, `attempts were answered by the Batch API (${armSides(batched)}), which measures no latency`, "run both arms without --batch to measure latency");
}

/** Production's logged latency is not a latency measured by this harness (docs/verdict.md): shown, never gated. */
export function recordedLatencyNotEvaluated(maxIncrease: number): GateResult {
  return latencyNotEvaluatedBecause(maxIncrease, "the baseline is a recorded arm (production's logged replies), whose latency was not measured by this harness", "compare latency between two live arms (or in a shadow run)");
}

/** §9 `pass_rate`: the candidate's pass rate over cases, Wilson 95%. PASS when L ≥ min, FAIL when U < min. */
export function passRateGate(wilson: { estimate: number; low: number; high: number }, passed: number, cases: number, min: number): GateResult {
  const base = { gate: "pass_rate" as const, threshold: min, figure: cases === 0 ? null : wilson.estimate };
  if (cases === 0) return { ...base, status: "INCONCLUSIVE", interval: null, reason: "no paired case", decide: "needs paired cases" };
  const interval: [number, number] = [wilson.low, wilson.high];
  const shown = `${formatCount(passed)} of ${formatCount(cases)} cases pass (${percent(wilson.estimate)}, Wilson 95% ${percent(wilson.low)}–${percent(wilson.high)})`;
  if (wilson.low >= min) return { ...base, status: "PASS", interval, reason: `${shown}: the lower bound reaches ${percent(min)}`, decide: null };
  if (wilson.high < min) return { ...base, status: "FAIL", interval, reason: `${shown}: the upper bound is below ${percent(min)}`, decide: null };
  const z = 1.959963984540054;
  const p = wilson.estimate;
  const needed = p === min ? null : Math.ceil((z * z * p * (1 - p)) / (p - min) ** 2);
  return { ...base, status: "INCONCLUSIVE", interval, reason: `${shown}: the interval contains ${percent(min)}`, decide: needsCases(needed, cases, `tell whether the pass rate reaches ${percent(min)}`) };
}

/**
 * §9 `errors`: the candidate's error rate over its attempts, decided on its one-sided 95%
 * Wilson bounds like the other rates (one error in 50 attempts does not FAIL a 1% limit):
 * PASS when the upper bound is within `max_rate`, FAIL when the lower bound is above it,
 * INCONCLUSIVE otherwise, with how many attempts would tell.
 */
export function errorsGate(errors: number, attempts: number, maxRate: number): GateResult {
  const base = { gate: "errors" as const, threshold: maxRate };
  if (attempts === 0) return { ...base, status: "INCONCLUSIVE", figure: null, interval: null, reason: "the candidate made no attempt", decide: "needs candidate attempts" };
  // `max_rate: 0` is zero tolerance: no interval is ever within 0, so it is decided on the count.
  if (maxRate === 0) {
    const counted = `${formatCount(errors)} of ${formatCount(attempts)} candidate attempts errored (limit: none)`;
    return { ...base, status: errors > 0 ? "FAIL" : "PASS", figure: errors / attempts, interval: null, reason: counted, decide: null };
  }
  const w = wilsonInterval(errors, attempts, RATE_LEVEL);
  const interval: [number, number] = [w.low, w.high];
  const shown = `${formatCount(errors)} of ${formatCount(attempts)} candidate attempts errored (${percent(w.estimate)}, one-sided 95% bounds ${percent(w.low)}–${percent(w.high)}; limit ${percent(maxRate)})`;
  if (w.high <= maxRate) return { ...base, status: "PASS", figure: w.estimate, interval, reason: `${shown}: the upper bound is within the limit`, decide: null };
  if (w.low > maxRate) return { ...base, status: "FAIL", figure: w.estimate, interval, reason: `${shown}: even the lower bound is above the limit`, decide: null };
  // Attempts at which the bound at this rate would clear the limit (normal approximation; at 0 errors, z²(1 − m)/m).
  const z = 1.6448536269514722;
  const p = w.estimate;
  const needed = p === maxRate ? null : p === 0 ? Math.ceil((z * z * (1 - maxRate)) / maxRate) : Math.ceil((z * z * p * (1 - p)) / (p - maxRate) ** 2);
  return {
    ...base,
    status: "INCONCLUSIVE",
    figure: w.estimate,
    interval,
    reason: `${shown}: the interval contains the limit`,
    decide: needsCases(needed, attempts, `tell whether the error rate is within ${percent(maxRate)}`, "candidate attempts"),
  };
}

/** The rate gates' level: one-sided 95% bounds (a 90% two-sided interval), as the quality gate's. */
const RATE_LEVEL = 0.9;


/** 0.9 → "one-sided 95%", 0.98 → "one-sided 99%". */
function formatSided(level: number): string {
  return `one-sided ${Number((((1 + level) / 2) * 100).toFixed(2))}%`;
}

function singular(unit: string): string {
  return unit.replace(/s$/, "");
}

function fixed(x: number): string {
  return x.toFixed(3);
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
}

function change(x: number): string {
  return `${x >= 0 ? "+" : ""}${percent(x)}`;
}
