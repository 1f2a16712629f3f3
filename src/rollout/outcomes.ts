import { outputToolCalls, type Output, type OutputToolCall } from "../core/index.js";
import { isRefusal, isTruncated } from "../compare/index.js";
import type { LiveMetricKey } from "./metrics.js";

/**
 * The one classification of a request into metric outcomes, used for the eval's attempts (the
 * plan's figures) and for live logs (the check), so both count the same thing — and the same
 * thing as the parity card (src/compare/parity.ts): refusals, truncations and schema validity
 * over answered requests (schema validity over those that did not call a tool), tool-argument
 * validity per call, errors over all requests.
 */
export interface RequestResult {
  /** The request failed: an error body, a non-2xx status, an errored attempt. */
  error: boolean;
  output: Output | null;
  latencyMs: number | null;
  costUsd: number | null;
  /** The judge's score of the output, when it was judged. */
  judgeScore?: number | null;
}

export interface OutputChecksLike {
  schemaValid: ((output: Output) => boolean) | null;
  toolArgumentsValid: (call: OutputToolCall) => boolean;
}

/** What turns latency and cost into outcomes in [0, 1]: the slow threshold and the cost scale. */
export interface OutcomeScales {
  /** A request slower than this is "slow"; null: latency is not measured. */
  slowAboveMs: number | null;
  /** Cost outcome = min(1, USD / scale); null: cost is not measured. */
  costScaleUsd: number | null;
}

/** Each metric's outcomes for one request (a metric the request says nothing about is absent). */
export type Outcomes = Partial<Record<LiveMetricKey, number[]>>;

export function requestOutcomes(r: RequestResult, checks: OutputChecksLike, scales: OutcomeScales): Outcomes {
  const out: Outcomes = { errors: [r.error ? 1 : 0] };
  if (scales.slowAboveMs !== null && r.latencyMs !== null) out.slow_requests = [r.latencyMs > scales.slowAboveMs ? 1 : 0];
  if (r.error || !r.output) return out;
  const o = r.output;
  out.refusals = [isRefusal(o) ? 1 : 0];
  out.truncations = [isTruncated(o) ? 1 : 0];
  const calls = outputToolCalls(o);
  if (checks.schemaValid && o.toolCalls.length === 0) out.schema_invalid = [checks.schemaValid(o) ? 0 : 1];
  if (calls.length) out.tool_arguments_invalid = calls.map((c) => (checks.toolArgumentsValid(c) ? 0 : 1));
  if (scales.costScaleUsd !== null && r.costUsd !== null) out.cost_per_request = [Math.min(1, r.costUsd / scales.costScaleUsd)];
  if (r.judgeScore !== undefined && r.judgeScore !== null) out.judge_quality_drop = [1 - r.judgeScore];
  return out;
}
