/**
 * The metrics a rollout watches (docs/rollout.md "Metrics"). Every live metric is a mean of
 * per-request outcomes in [0, 1] where higher is worse, so one confidence sequence and one
 * sample-size formula serve them all: a rate is a 0/1 outcome, latency is "slower than the
 * threshold" (0/1), cost is the request's USD over a scale, judge quality is 1 − the score.
 */
export const LIVE_METRIC_KEYS = ["errors", "refusals", "truncations", "schema_invalid", "tool_arguments_invalid", "slow_requests", "cost_per_request", "judge_quality_drop"] as const;
export type LiveMetricKey = (typeof LIVE_METRIC_KEYS)[number];

/** Metrics that need ground truth (labels, an expected answer, a recording): decided offline, by the eval. */
export const OFFLINE_ONLY_KEYS = ["quality", "pass_rate", "agreement"] as const;
export type OfflineMetricKey = (typeof OFFLINE_ONLY_KEYS)[number];

export interface LiveMetricDefinition {
  label: string;
  /** What one outcome is counted over. */
  over: string;
  /** The margin used when no gate gives one, in the outcome's unit (a default, documented). */
  defaultMargin: number;
  /** Which gate gives the margin, when the suite has it. */
  gate: string | null;
  /** False for a metric `rollout check` cannot compute from logs alone (the judge needs model calls). */
  checked: boolean;
}

export const LIVE_METRICS: Readonly<Record<LiveMetricKey, LiveMetricDefinition>> = {
  errors: { label: "errors", over: "requests", defaultMargin: 0.01, gate: "errors", checked: true },
  refusals: { label: "refusals", over: "answered requests", defaultMargin: 0.01, gate: "refusal_rate", checked: true },
  truncations: { label: "truncations (length / incomplete)", over: "answered requests", defaultMargin: 0.01, gate: "truncation_rate", checked: true },
  schema_invalid: { label: "schema invalid", over: "answered requests without tool calls", defaultMargin: 0.01, gate: "schema_validity", checked: true },
  tool_arguments_invalid: { label: "tool arguments invalid", over: "tool calls", defaultMargin: 0.01, gate: null, checked: true },
  slow_requests: { label: "latency: slower than the p95 threshold", over: "requests with a logged latency", defaultMargin: 0.05, gate: null, checked: true },
  cost_per_request: { label: "cost per request", over: "answered requests with a known price", defaultMargin: 0.1, gate: "cost", checked: true },
  judge_quality_drop: { label: "judge quality (1 − judge score)", over: "judged requests", defaultMargin: 0.02, gate: "quality", checked: false },
};

export const OFFLINE_ONLY: Readonly<Record<OfflineMetricKey, { label: string; why: string }>> = {
  quality: { label: "quality (mean score)", why: "the graders compare with the expected answer, which live traffic does not carry" },
  pass_rate: { label: "pass rate", why: "needs the expected answer of each request" },
  agreement: { label: "agreement with the recording", why: "needs production's reply to the same request, which a canary does not get" },
};

/** The one-sided error the check may make over all its metrics: each metric gets 0.05/k (Bonferroni). */
export const CHECK_ALPHA = 0.05;
