import { describe, expect, it } from "vitest";
import { createRng } from "../core/index.js";
import type { RolloutComparison, RolloutMetric } from "./artifact-schema.js";
import { addRequest, createCheckState, decideStage } from "./check.js";
import { addOutcome, differenceBounds, emptySums } from "./confidence-sequence.js";
import { CHECK_ALPHA, type LiveMetricKey } from "./metrics.js";
import { planStages } from "./plan.js";
import type { MetricThresholds } from "./thresholds.js";

/**
 * The check's calibration (docs/design/statistics.md "Rollout check"), seeded and bounded:
 * a healthy canary checked after every 100 of its requests must rarely be rolled back, and a
 * stage of the plan's size must show a true breach of the margin at least 80% of the time.
 */

interface Truth {
  key: LiveMetricKey;
  /** The control's rate; the treatment's is rate + shift. */
  rate: number;
  margin: number;
}

/** Four rates a canary is watched on, at realistic levels, with the default margins. */
const HEALTHY: Truth[] = [
  { key: "errors", rate: 0.01, margin: 0.01 },
  { key: "refusals", rate: 0.02, margin: 0.01 },
  { key: "truncations", rate: 0.01, margin: 0.01 },
  { key: "slow_requests", rate: 0.05, margin: 0.05 },
];

function thresholds(t: Truth): MetricThresholds {
  const p = t.rate;
  const q = p + t.margin;
  return { margin: t.margin, marginSource: "default", alertAbove: q, reference: p, variances: { control: p * (1 - p), treatment: q * (1 - q) } };
}

function metric(t: Truth, checked: number): RolloutMetric {
  return { key: t.key, label: t.key, over: "requests", measuredBy: "rollout check", scale: 1, margin: t.margin, marginSource: "default", eval: { baseline: t.rate, candidate: t.rate, baselineN: 1000, candidateN: 1000 }, alertAbove: t.rate + t.margin, alpha: CHECK_ALPHA / checked };
}

function planFor(truths: Truth[], percent: number) {
  const metrics = truths.map((t) => metric(t, truths.length));
  const [stage] = planStages([percent], truths.map((t, i) => ({ metric: metrics[i]!, thresholds: thresholds(t) })), null);
  return { comparison: { metrics } as Pick<RolloutComparison, "metrics">, stage: stage! };
}

/** Runs a canary at `percent`, checking after every 100 treatment requests; what the check said first that ends the stage, or "hold". */
function runCanary(truths: Truth[], shifts: Partial<Record<LiveMetricKey, number>>, percent: number, looks: number, seed: number): string {
  const { comparison, stage } = planFor(truths, percent);
  const rng = createRng(seed);
  const state = createCheckState();
  const controlPerLook = Math.round((100 * (100 - percent)) / percent);
  const draw = (arm: "treatment" | "control") => {
    const outcomes: Partial<Record<LiveMetricKey, number[]>> = {};
    for (const t of truths) outcomes[t.key] = [rng() < t.rate + (arm === "treatment" ? (shifts[t.key] ?? 0) : 0) ? 1 : 0];
    addRequest(state, arm, outcomes);
  };
  for (let look = 1; look <= looks; look++) {
    for (let i = 0; i < 100; i++) draw("treatment");
    for (let i = 0; i < controlPerLook; i++) draw("control");
    const d = decideStage(state, comparison, stage).decision;
    if (d !== "hold") return d;
  }
  return "hold";
}

describe("the rollout check's calibration", () => {
  it("rolls back a healthy canary, checked after every 100 of its requests up to 3,000, at most 5% of the time", () => {
    for (const percent of [10, 50]) {
      const reps = 120;
      let rolledBack = 0;
      for (let r = 0; r < reps; r++) if (runCanary(HEALTHY, {}, percent, 30, 1000 * percent + r) === "roll back") rolledBack += 1;
      if (process.env.EVALGATE_SHOW_CALIBRATION) console.log(`healthy canary at ${percent}%: rolled back ${rolledBack} of ${reps}`);
      expect(rolledBack / reps).toBeLessThanOrEqual(0.05);
    }
  });

  it("rolls back a canary with a planted 5-point refusal increase, within 3,000 of its requests, nearly always", () => {
    const reps = 100;
    let rolledBack = 0;
    for (let r = 0; r < reps; r++) if (runCanary(HEALTHY, { refusals: 0.05 }, 50, 30, 77 + r) === "roll back") rolledBack += 1;
    if (process.env.EVALGATE_SHOW_CALIBRATION) console.log(`+5 pp refusals at 50%: rolled back ${rolledBack} of ${reps}`);
    expect(rolledBack / reps).toBeGreaterThanOrEqual(0.95);
  });

  it("shows a true breach of the margin at the stage's planned size at least 80% of the time", () => {
    const cases: Array<{ truth: Truth; percent: number }> = [
      { truth: { key: "refusals", rate: 0.05, margin: 0.03 }, percent: 50 },
      { truth: { key: "refusals", rate: 0.05, margin: 0.03 }, percent: 10 },
      { truth: { key: "slow_requests", rate: 0.05, margin: 0.05 }, percent: 10 },
      { truth: { key: "errors", rate: 0.01, margin: 0.02 }, percent: 50 },
    ];
    for (const { truth, percent } of cases) {
      const truths = [truth, ...HEALTHY.filter((h) => h.key !== truth.key)].slice(0, 4);
      const { comparison, stage } = planFor(truths, percent);
      const planned = stage.metrics.find((m) => m.key === truth.key)!;
      const m = comparison.metrics.find((x) => x.key === truth.key)!;
      const reps = 400;
      let shown = 0;
      for (let r = 0; r < reps; r++) {
        const rng = createRng(31 * percent + r);
        const t = emptySums();
        const c = emptySums();
        for (let i = 0; i < planned.treatmentRequests; i++) addOutcome(t, rng() < truth.rate + truth.margin ? 1 : 0);
        for (let i = 0; i < planned.controlRequests; i++) addOutcome(c, rng() < truth.rate ? 1 : 0);
        if (differenceBounds(t, c, planned.eta, m.alpha).low > 0) shown += 1;
      }
      if (process.env.EVALGATE_SHOW_CALIBRATION) console.log(`${truth.key} ${truth.rate} +${truth.margin} at ${percent}%: ${planned.requests} requests (one look ${planned.oneLookRequests}), shown ${shown} of ${reps}`);
      expect(shown / reps, `${truth.key} at ${percent}%: ${planned.requests} requests`).toBeGreaterThanOrEqual(0.8);
      // More than one look costs traffic: the always-valid size exceeds the one-look size.
      expect(planned.requests).toBeGreaterThan(planned.oneLookRequests);
    }
  });
});
