import type { RolloutMetric, RolloutStage } from "./artifact-schema.js";
import type { MetricThresholds } from "./thresholds.js";
import { alwaysValidRequests, oneLookRequests } from "./sample-size.js";

/** The default stages, in percent of traffic on the candidate. */
export const DEFAULT_STAGES: readonly number[] = [1, 10, 50, 100];

export interface PlannedMetric {
  metric: RolloutMetric;
  thresholds: MetricThresholds;
}

/**
 * The staged plan (docs/rollout.md "The plan's math"): for each stage and metric, the live
 * requests the check needs to show a breach of the margin with 80% power (and the one-look
 * figure beside it), split by the stage's treatment share, and in hours at a traffic rate.
 * A stage's own size is its largest checked metric's: when every metric can decide.
 */
export function planStages(stages: readonly number[], metrics: readonly PlannedMetric[], trafficPerHour: number | null): RolloutStage[] {
  return stages.map((percent) => {
    const share = percent / 100;
    const rows = metrics.flatMap(({ metric, thresholds }) => {
      if (!thresholds.variances) return [];
      const inputs = { treatmentVariance: thresholds.variances.treatment, controlVariance: thresholds.variances.control, margin: thresholds.margin, share };
      const size = alwaysValidRequests(inputs, metric.alpha);
      const treatment = Math.ceil(size.requests * share);
      return [
        {
          key: metric.key,
          requests: size.requests,
          oneLookRequests: oneLookRequests(inputs),
          treatmentRequests: treatment,
          controlRequests: share >= 1 ? 0 : Math.max(0, size.requests - treatment),
          hours: hoursOf(size.requests, trafficPerHour),
          eta: size.eta,
        },
      ];
    });
    const checked = new Set(metrics.filter((m) => m.metric.measuredBy === "rollout check").map((m) => m.metric.key));
    const requests = Math.max(0, ...rows.filter((r) => checked.has(r.key)).map((r) => r.requests));
    return { percent, requests, hours: hoursOf(requests, trafficPerHour), metrics: rows };
  });
}

function hoursOf(requests: number, perHour: number | null): number | null {
  return perHour === null ? null : requests / perHour;
}
