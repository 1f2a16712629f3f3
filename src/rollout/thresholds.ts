import type { ArmPair, GateResult } from "../core/index.js";
import { normalQuantile, wilsonInterval } from "../stats/index.js";
import type { Moments } from "./eval-figures.js";
import { LIVE_METRICS, type LiveMetricKey } from "./metrics.js";

/**
 * A live metric's margin and alert threshold, from the eval (docs/rollout.md "Margins and
 * thresholds"), in the metric's outcome unit (a rate; a share of slow requests; USD over the
 * cost scale; 1 − judge score).
 */
export interface MetricThresholds {
  /** The largest increase treatment − control that is acceptable; a breach is an increase beyond it. */
  margin: number;
  /** Where the margin comes from: `gate NAME` or `default`. */
  marginSource: string;
  /**
   * The level of the treatment's own rate a monitoring job alerts on when it has no control:
   * the larger of the candidate's one-sided 95% upper bound in the eval and the baseline's
   * eval figure + the margin. Below the first, production only repeats what the eval
   * showed and accepted; below the second, a change is inside the margin.
   */
  alertAbove: number | null;
  /** The candidate's eval level the plan assumes in both arms while healthy. */
  reference: number | null;
  /** Per-request variances the sizes use: control at the reference, treatment at reference + margin. */
  variances: { control: number; treatment: number } | null;
}

const Z95 = normalQuantile(0.95);

/** Rates (0/1 outcomes) use the binomial variance; the others the eval's sample variance. */
const BINARY: ReadonlySet<LiveMetricKey> = new Set(["errors", "refusals", "truncations", "schema_invalid", "tool_arguments_invalid", "slow_requests"]);

export function metricThresholds(key: LiveMetricKey, figures: ArmPair<Moments | null>, gates: readonly GateResult[]): MetricThresholds | null {
  const cand = figures.candidate;
  const base = figures.baseline;
  if (!cand) return null;
  const found = marginFromGates(key, gates, base);
  if (found === null) return null;
  const { margin, source } = found;
  const binary = BINARY.has(key);
  const candHigh = binary ? wilsonInterval(Math.round(cand.mean * cand.n), cand.n, 0.9).high : cand.mean + Z95 * Math.sqrt(cand.variance / cand.n);
  const alertAbove = Math.min(1, Math.max(candHigh, base ? base.mean + margin : candHigh));
  const p = cand.mean;
  const variances = binary
    ? { control: p * (1 - p), treatment: Math.min(1, p + margin) * (1 - Math.min(1, p + margin)) }
    : { control: Math.max(cand.variance, (margin / 2) ** 2), treatment: Math.max(cand.variance, (margin / 2) ** 2) };
  // A breach at a rate of 100% has no spread left to detect; the plan still needs a positive variance.
  if (variances.treatment <= 0) variances.treatment = margin * (1 - Math.min(margin, 0.5));
  return { margin, marginSource: source, alertAbove, reference: p, variances };
}

/**
 * The gate's threshold as a margin in the outcome's unit. `errors` caps the candidate's rate
 * (max_rate), read as the increase over control allowed; `cost` is relative, so its margin is
 * max_increase × the baseline's cost outcome; `quality`'s margin is on the 0..1 score, as the
 * judge's. Without the gate, the metric's documented default.
 */
function marginFromGates(key: LiveMetricKey, gates: readonly GateResult[], base: Moments | null): { margin: number; source: string } | null {
  const def = LIVE_METRICS[key];
  const gate = def.gate ? gates.find((g) => g.gate === def.gate) : undefined;
  const relative = (increase: number, source: string) => (base && base.mean > 0 ? { margin: increase * base.mean, source } : null);
  if (key === "cost_per_request") return gate ? relative(gate.threshold, `gate cost (+${Math.round(gate.threshold * 100)}%)`) : relative(def.defaultMargin, "default (+10%)");
  if (gate && gate.threshold > 0) return { margin: gate.threshold, source: `gate ${gate.gate}` };
  return { margin: def.defaultMargin, source: "default" };
}
