import type { ArmPair, Estimate } from "./estimate.js";

/**
 * Parity between the two arms of a comparison (docs/reports.md "Parity"): what an API
 * migration or a model change breaks silently, beside the quality verdict. Computed once by
 * src/compare/parity.ts from the attempts the comparison reads, stored with the comparison
 * (`Comparison.parity`), and shown by every reporter and the dashboard through one card
 * (core/parity-card.ts). Finish reasons and latency are the comparison's own figures.
 */
export interface Parity {
  /** The shape's version: bumped when it changes. */
  version: typeof PARITY_VERSION;
  /** Answered attempts that refused (an output `refusal`, or finish `refusal`). */
  refusals: RateParity;
  /** Answered attempts cut by the output cap: finish `length` (Chat) or `incomplete` (Responses). */
  truncations: RateParity;
  /** Answered attempts whose output is not valid against the prompt's output schema; null when the prompt has none. */
  schemaInvalid: RateParity | null;
  /** Answered attempts that called at least one tool. */
  toolCalls: RateParity;
  /** Tool calls whose arguments are not valid against their tool's parameters schema; null when neither arm called a tool. */
  toolArgumentsInvalid: RateParity | null;
  /** Mean tokens per case: each case's mean over its answered attempts, over the cases answered in both arms. */
  tokensPerCase: { input: ArmPair<number | null>; cached: ArmPair<number | null>; output: ArmPair<number | null>; reasoning: ArmPair<number | null> };
  /** USD per 1,000 requests (an attempt is one request; a tool loop's steps count as one): 1,000 × the mean answered attempt's cost; null when a price is unknown. */
  costPer1kRequests: ArmPair<number | null>;
}

export const PARITY_VERSION = 1;

/**
 * A rate in both arms and its paired difference. Each arm's figure is the mean of its per-case
 * rates over the cases counted in both arms (`pairedCases`), so `difference.value` is exactly
 * candidate − baseline; its bounds are one-sided 95% (a 90% two-sided interval), floored and
 * clustered by `group:` like the quality delta's. `counts` are the raw hits over the arm's
 * counted units (attempts, or tool calls) on every paired case.
 */
export interface RateParity {
  baseline: number | null;
  candidate: number | null;
  difference: Estimate;
  pairedCases: number;
  counts: ArmPair<{ hits: number; of: number }>;
}
