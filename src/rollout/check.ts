import type { RolloutComparison, RolloutMetric, RolloutStage } from "./artifact-schema.js";
import { addOutcome, differenceBounds, emptySums, type StreamSums } from "./confidence-sequence.js";
import type { LiveMetricKey } from "./metrics.js";
import type { Outcomes } from "./outcomes.js";

/**
 * `rollout check` (docs/rollout.md "Checking a stage"): the stage's live outcomes, treatment
 * and control, folded into running sums per metric; at any moment, the always-valid bounds on
 * each metric's increase treatment − control decide:
 * - **roll back** when some metric's lower bound is above 0 (the canary is shown worse than
 *   control) and its upper bound does not show the increase inside the margin;
 * - **continue** when every metric's upper bound is below its margin (no breach, at this size);
 * - **hold** otherwise: not enough traffic yet.
 */
export type StageDecision = "continue" | "hold" | "roll back";

export const DECISION_EXIT: Readonly<Record<StageDecision, 0 | 1 | 4>> = { continue: 0, "roll back": 1, hold: 4 };

export interface CheckState {
  treatment: Map<LiveMetricKey, StreamSums>;
  control: Map<LiveMetricKey, StreamSums>;
  requests: { treatment: number; control: number };
  /** Logged exchanges without a reply: they say nothing and are counted. */
  unlogged: { treatment: number; control: number };
}

export function createCheckState(): CheckState {
  return { treatment: new Map(), control: new Map(), requests: { treatment: 0, control: 0 }, unlogged: { treatment: 0, control: 0 } };
}

/** Adds one request's outcomes to its arm. */
export function addRequest(state: CheckState, arm: "treatment" | "control", outcomes: Outcomes): void {
  state.requests[arm] += 1;
  const sums = state[arm];
  for (const [key, values] of Object.entries(outcomes) as Array<[LiveMetricKey, number[]]>) {
    let s = sums.get(key);
    if (!s) sums.set(key, (s = emptySums()));
    for (const v of values) addOutcome(s, v);
  }
}

export type MetricStatus = "within margin" | "breach shown" | "undecided" | "no data";

export interface MetricCheck {
  key: LiveMetricKey;
  label: string;
  scale: number;
  treatment: { n: number; mean: number | null };
  control: { n: number; mean: number | null };
  estimate: number | null;
  low: number;
  high: number;
  margin: number;
  alertAbove: number | null;
  status: MetricStatus;
}

export interface CheckResult {
  decision: StageDecision;
  exitCode: 0 | 1 | 4;
  stage: number;
  /** Requests the plan gives the stage, and those seen. */
  plannedRequests: number;
  requests: { treatment: number; control: number };
  unlogged: { treatment: number; control: number };
  metrics: MetricCheck[];
}

/** The decision on the outcomes seen so far: pure, so a test can call it after every 100 requests. */
export function decideStage(state: CheckState, comparison: Pick<RolloutComparison, "metrics">, stage: RolloutStage): CheckResult {
  const metrics = comparison.metrics.filter((m) => m.measuredBy === "rollout check").flatMap((m) => {
    const planned = stage.metrics.find((s) => s.key === m.key);
    return planned ? [checkMetric(state, m, planned.eta)] : [];
  });
  const counted = metrics.filter((m) => m.status !== "no data");
  const decision: StageDecision = counted.some((m) => m.status === "breach shown") ? "roll back" : counted.every((m) => m.status === "within margin") ? "continue" : "hold";
  return { decision, exitCode: DECISION_EXIT[decision], stage: stage.percent, plannedRequests: stage.requests, requests: { ...state.requests }, unlogged: { ...state.unlogged }, metrics };
}

function checkMetric(state: CheckState, m: RolloutMetric, eta: number): MetricCheck {
  const t = state.treatment.get(m.key) ?? emptySums();
  const c = state.control.get(m.key) ?? emptySums();
  const b = differenceBounds(t, c, eta, m.alpha);
  const status: MetricStatus =
    t.n === 0 && c.n === 0 ? "no data" : b.high < m.margin ? "within margin" : b.low > 0 ? "breach shown" : "undecided";
  return {
    key: m.key,
    label: m.label,
    scale: m.scale,
    treatment: { n: t.n, mean: t.n ? t.sum / t.n : null },
    control: { n: c.n, mean: c.n ? c.sum / c.n : null },
    estimate: b.estimate,
    low: b.low,
    high: b.high,
    margin: m.margin,
    alertAbove: m.alertAbove,
    status,
  };
}
