/**
 * The rollout decision (docs/rollout.md, docs/design/architecture.md §13): a staged plan with
 * the traffic each stage needs and the thresholds to alert on, built from a comparison's
 * evidence; and the check of a stage's live logs with an always-valid confidence sequence.
 * Imports core, stats, compare, report (the gate and parity formatting), import (the
 * logged-exchange format), providers (reply normalization) and graders (output checks).
 */
export { buildRolloutArtifact, parseRolloutArtifact, type CandidateDeclaration, type ComparisonEvidence, type RolloutOptions } from "./artifact.js";
export { ROLLOUT_FORMAT, ROLLOUT_VERSION, rolloutArtifactSchema, rolloutJsonSchemaText, type RolloutArtifact, type RolloutComparison, type RolloutMetric, type RolloutStage } from "./artifact-schema.js";
export { addRequest, createCheckState, decideStage, DECISION_EXIT, type CheckResult, type CheckState, type MetricCheck, type StageDecision } from "./check.js";
export { differenceBounds, mixtureHalfWidth, tuneMixture, type StreamSums } from "./confidence-sequence.js";
export { DEFAULT_STAGES } from "./plan.js";
export { exchangeResult } from "./log-metrics.js";
export { requestOutcomes, type Outcomes, type RequestResult } from "./outcomes.js";
export { alwaysValidRequests, oneLookRequests } from "./sample-size.js";
export { CHECK_ALPHA, LIVE_METRICS, type LiveMetricKey } from "./metrics.js";
export { renderRollout, ROLLOUT_RENDER_FORMATS, type RolloutRenderFormat } from "./render.js";
export { renderCheck } from "./render-check.js";
