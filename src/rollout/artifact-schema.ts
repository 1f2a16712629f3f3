import { z } from "zod";
import { LIVE_METRIC_KEYS, OFFLINE_ONLY_KEYS } from "./metrics.js";

/**
 * The rollout artifact (docs/rollout.md "The JSON format"): `{format: "evalgate-rollout",
 * version: 1}`, what `evalgate rollout --format json` writes and `evalgate rollout check`,
 * a flag system or a monitoring job reads. Types are inferred from this schema and
 * schema/rollout.schema.json is generated from it (scripts/gen-schema.js): one definition.
 * A change of shape bumps `version`.
 */
export const ROLLOUT_FORMAT = "evalgate-rollout";
export const ROLLOUT_VERSION = 1;

const nullableNumber = z.number().nullable();
const interval = z.tuple([z.number(), z.number()]).nullable();
const estimate = z.object({ value: nullableNumber, low: nullableNumber, high: nullableNumber });

const gateSchema = z
  .object({
    gate: z.string(),
    status: z.enum(["PASS", "FAIL", "INCONCLUSIVE", "NOT_EVALUATED"]),
    figure: nullableNumber,
    threshold: z.number(),
    interval,
    reason: z.string().describe("why, in a sentence; an INCONCLUSIVE quality gate states its power here"),
    decide: z.string().nullable().describe("what would decide an INCONCLUSIVE gate"),
    shown: z.object({ figure: z.string(), threshold: z.string(), interval: z.string() }).describe("the figures in natural units, as every report shows them"),
  })
  .strict();

const segmentSchema = z
  .object({
    tag: z.string(),
    pairedCases: z.number().int().min(0),
    qualityDelta: estimate,
    passRateDelta: estimate,
    regressions: z.number().int().min(0),
    fixes: z.number().int().min(0),
    mcnemarP: nullableNumber,
    mcnemarPHolm: nullableNumber.describe("McNemar's p, Holm-adjusted over the comparison's segments: read this one"),
    shown: z.array(z.string()).describe("the row every report shows for this segment"),
  })
  .strict();

const parityCardSchema = z
  .object({
    header: z.array(z.string()),
    rows: z.array(z.object({ key: z.string(), figure: z.string(), baseline: z.string(), candidate: z.string(), difference: z.string() }).strict()),
    note: z.string(),
  })
  .strict();

export const rolloutMetricSchema = z
  .object({
    key: z.enum(LIVE_METRIC_KEYS),
    label: z.string(),
    over: z.string().describe("what one outcome is counted over"),
    measuredBy: z.enum(["rollout check", "a judge on sampled live requests"]),
    scale: z.number().positive().describe("an outcome × scale is the figure in its natural unit (1 for rates; USD for cost)"),
    margin: z.number().positive().describe("the largest acceptable increase treatment − control, in outcome units"),
    marginSource: z.string(),
    eval: z.object({ baseline: nullableNumber, candidate: z.number(), baselineN: z.number().int().min(0), candidateN: z.number().int().min(1) }).strict(),
    alertAbove: nullableNumber.describe("the treatment's own level to alert on without a control, in outcome units"),
    alpha: z.number().positive().describe("the check's two-sided level for this metric: 0.05 / the number of metrics it checks"),
  })
  .strict();

const stageMetricSchema = z
  .object({
    key: z.enum(LIVE_METRIC_KEYS),
    requests: z.number().int().positive().describe("requests (both arms) the always-valid check needs to show a breach of the margin with 80% power"),
    oneLookRequests: z.number().int().positive().describe("the same for a single look: one-sided α = 0.05, power 0.8"),
    treatmentRequests: z.number().int().min(0),
    controlRequests: z.number().int().min(0),
    hours: nullableNumber,
    eta: z.number().positive().describe("the normal mixture's η (a variance) the check uses at this stage"),
  })
  .strict();

export const rolloutStageSchema = z
  .object({
    percent: z.number().positive().max(100),
    requests: z.number().int().min(0).describe("the largest of the checked metrics' requests: when every metric can decide"),
    hours: nullableNumber,
    metrics: z.array(stageMetricSchema),
  })
  .strict();

export const rolloutComparisonSchema = z
  .object({
    id: z.string(),
    baselineRunId: z.string(),
    candidateRunId: z.string(),
    baselineArm: z.string(),
    candidateArm: z.string(),
    verdict: z.object({ status: z.enum(["PASS", "FAIL", "INCONCLUSIVE"]), gates: z.array(gateSchema) }).strict(),
    segments: z.array(segmentSchema),
    parity: parityCardSchema.nullable(),
    candidate: z
      .object({
        api: z.enum(["chat", "responses"]).nullable(),
        model: z.string().nullable(),
        outputSchema: z.record(z.string(), z.unknown()).nullable().describe("the prompt's output schema: live replies are checked against it"),
        tools: z.array(z.object({ name: z.string(), parameters: z.record(z.string(), z.unknown()).nullable() }).strict()),
      })
      .strict(),
    slowAboveMs: nullableNumber.describe("a request slower than this is slow: the eval baseline's p95 latency"),
    metrics: z.array(rolloutMetricSchema),
    offlineOnly: z.array(z.object({ key: z.enum(OFFLINE_ONLY_KEYS), label: z.string(), why: z.string() }).strict()),
    plan: z.array(rolloutStageSchema),
  })
  .strict();

export const rolloutArtifactSchema = z
  .object({
    format: z.literal(ROLLOUT_FORMAT),
    version: z.literal(ROLLOUT_VERSION),
    createdAt: z.string(),
    evalgateVersion: z.string(),
    run: z.object({ id: z.string(), suite: z.string(), simulated: z.boolean() }).strict(),
    stages: z.array(z.number().positive().max(100)).min(1),
    trafficPerHour: nullableNumber,
    alpha: z.number().describe("the one-sided error of the plan's one-look sizes, and the check's over all its metrics"),
    power: z.number(),
    comparisons: z.array(rolloutComparisonSchema),
  })
  .strict();

export type RolloutArtifact = z.infer<typeof rolloutArtifactSchema>;
export type RolloutComparison = z.infer<typeof rolloutComparisonSchema>;
export type RolloutMetric = z.infer<typeof rolloutMetricSchema>;
export type RolloutStage = z.infer<typeof rolloutStageSchema>;

/** schema/rollout.schema.json as written to disk (scripts/gen-schema.js). */
export function rolloutJsonSchemaText(): string {
  const json = z.toJSONSchema(rolloutArtifactSchema, { io: "output", unrepresentable: "any", reused: "inline" }) as Record<string, unknown>;
  return `${JSON.stringify({ ...json, title: "evalgate rollout artifact", description: "A staged rollout plan and its decision figures (docs/rollout.md)." }, null, 2)}\n`;
}
