/** Pairing arms, per-case deltas, gates → verdict (docs/design/architecture.md §9). Imports only core and stats. */
export { compareArms, comparisonId, type CompareArmsInput } from "./compare-arms.js";
export type { ArmInput, CaseInfo, GatesConfig, OutputContract } from "./inputs.js";
export { computeParity, isTruncated } from "./parity.js";
export { isRefusal } from "./arm-counts.js";
export { pairByCase, type Pairing, type PairedCase } from "./pairing.js";
export { commonCases, type ArmCaseSet, type CaseDifference, type CommonCases } from "./common-cases.js";
export { caseOutcome, summarizeCase, type CaseResult } from "./case-outcome.js";
export { computeFigures, BOOTSTRAP_RESAMPLES } from "./figures.js";
export { decideVerdict, CRITICAL_TAG } from "./verdict.js";
export { agreementFigure, agreementGate, AGREEMENT_GRADER } from "./agreement.js";
export { pairwiseFigure, pairwiseGate, PAIRWISE_GRADER } from "./pairwise.js";
