import { formatSignedPoints, type GateResult, type RateParity } from "../core/index.js";
import { casesToExclude, formatCount, needsCases, percent } from "./decide-text.js";

export type RateIncreaseGateName = "refusal_rate" | "truncation_rate" | "schema_validity";

/** What each gate counts, in the reason's words. */
const WHAT: Record<RateIncreaseGateName, string> = {
  refusal_rate: "refusal rate",
  truncation_rate: "truncation rate",
  schema_validity: "schema-invalid rate",
};

/**
 * `refusal_rate`, `truncation_rate`, `schema_validity` (docs/verdict.md): the increase of a
 * rate, candidate − baseline in points, on its paired interval over cases (one-sided 95%
 * bounds, floored, as the pass rate Δ's). PASS when the upper bound ≤ `max_increase`, FAIL
 * when the lower bound > it, INCONCLUSIVE otherwise with the cases that would decide it.
 * `rate` null: the figure does not apply (no output schema) and the gate is not evaluated.
 */
export function rateIncreaseGate(gate: RateIncreaseGateName, rate: RateParity | null, maxIncrease: number): GateResult {
  const what = WHAT[gate];
  const base = { gate, threshold: maxIncrease };
  const limit = `the allowed ${formatSignedPoints(maxIncrease)}`;
  if (rate === null) {
    return { ...base, status: "NOT_EVALUATED", figure: null, interval: null, reason: "not evaluated: the prompt has no output schema", decide: "give the prompt an `output:` schema to measure schema validity" };
  }
  const d = rate.difference;
  const n = rate.pairedCases;
  if (d.value === null) {
    return { ...base, status: "INCONCLUSIVE", figure: null, interval: null, reason: `no case was answered in both arms, so the ${what} cannot be compared`, decide: "needs cases answered in both arms" };
  }
  const arms = `${what} ${percent(rate.baseline ?? 0)} → ${percent(rate.candidate ?? 0)} over ${formatCount(n)} paired case${n === 1 ? "" : "s"}`;
  if (d.low === null || d.high === null) {
    return { ...base, status: "INCONCLUSIVE", figure: d.value, interval: null, reason: `${arms} (${formatSignedPoints(d.value)}): too few cases for bounds`, decide: `needs at least 2 cases answered in both arms (has ${formatCount(n)})` };
  }
  const interval: [number, number] = [d.low, d.high];
  const shown = `${arms} (${formatSignedPoints(d.value)}, one-sided 95% bounds ${formatSignedPoints(d.low)} to ${formatSignedPoints(d.high)})`;
  if (d.high <= maxIncrease) return { ...base, status: "PASS", figure: d.value, interval, reason: `${shown}: the upper bound is within ${limit}`, decide: null };
  if (d.low > maxIncrease) return { ...base, status: "FAIL", figure: d.value, interval, reason: `${shown}: even the lower bound exceeds ${limit}`, decide: null };
  const halfWidth = d.value > maxIncrease ? d.value - d.low : d.high - d.value;
  return {
    ...base,
    status: "INCONCLUSIVE",
    figure: d.value,
    interval,
    reason: `${shown}: the interval straddles ${limit}`,
    decide: needsCases(casesToExclude(n, d.value, halfWidth, maxIncrease), n, `tell whether the ${what} rises more than ${formatSignedPoints(maxIncrease).replace(/^\+/, "")}`),
  };
}
