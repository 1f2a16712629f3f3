/** Statistics for comparisons and verdicts (docs/design/architecture.md §9); methods in docs/design/statistics.md. */
export { normalCdf, normalQuantile, studentTCdf, studentTDensity, studentTQuantile } from "./distributions.js";
export { wilsonInterval, wilsonOfRate, proportionBounds, type ProportionInterval, type ProportionBounds } from "./proportion.js";
export { percentile, percentileOfSorted, percentileByRank, p50, p95, p99 } from "./percentile.js";
export { meanWithSE, clusteredMean, sampleMoments, type MeanEstimate, type ClusteredMeanEstimate, type SampleMoments } from "./mean.js";
export { pairedDifference, differenceInterval, floorSe, FLOOR_DISCORDANT_CASES, type IntervalOptions, type ScorePair, type PairedDifference, type ConfidenceOptions } from "./paired.js";
export {
  nonInferiority,
  nonInferiorityOfDifferences,
  nonInferiorityPower,
  casesForNonInferiority,
  TARGET_POWER,
  type NonInferiorityOptions,
  type NonInferiorityResult,
  type PowerInputs,
} from "./non-inferiority.js";
export { weightedMeanInterval, type WeightedMeanInterval, type WeightedMeanOptions } from "./weighted-mean.js";
export { mcnemarExact } from "./mcnemar.js";
export { ratioOfMeans, type RatioInterval } from "./ratio.js";
export { holm, holmRejections } from "./holm.js";
export { costPer1kRequests, judgeCostPer1kRequests, REQUESTS_PER_COST_UNIT } from "./cost-per-request.js";
export { paretoFrontier, type ParetoPoint } from "./pareto.js";
export {
  pairedBootstrap,
  DEFAULT_BOOTSTRAP_ITERATIONS,
  type BootstrapOptions,
  type IndexBootstrapOptions,
  type BootstrapResult,
} from "./bootstrap.js";
export { p95LatencyRatio, ttftP50Ratio, meanCostRatio, type CaseAttemptValues } from "./bootstrap-statistics.js";
export { formatApproxCases, formatMarginPoints, formatCasesNeeded } from "./format.js";
export {
  attemptFigures,
  summarizeArm,
  summarizeArms,
  summarizeTally,
  summarizeTotals,
  tallyFigures,
  PASS_RATE_NOTE,
  type ArmSummary,
  type ArmTally,
  type CaseSquares,
  type AttemptFigures,
  type Interval,
  type RunTotals,
  type SortedValues,
} from "./arm-summary.js";
export {
  failureCause,
  createFailureTally,
  combineFailures,
  dominantCause,
  describeCause,
  REASONING_CAP_DETAIL,
  OUTPUT_CAP_DETAIL,
  type FailureCause,
  type FailureSummary,
  type CauseCount,
} from "./failure-causes.js";
