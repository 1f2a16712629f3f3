import { compareIds } from "./format.js";
import type { ArmPair, Estimate } from "./estimate.js";
import type { Parity } from "./parity.js";

export type { ArmPair, Estimate } from "./estimate.js";
/** docs/design/architecture.md §9. The verdict of a comparison is the worst of its gates. */
export type VerdictStatus = "PASS" | "FAIL" | "INCONCLUSIVE";
export type GateStatus = VerdictStatus | "NOT_EVALUATED";

export type GateName =
  | "quality"
  | "critical_regressions"
  | "cost"
  | "latency_p95"
  | "errors"
  | "pass_rate"
  | "agreement"
  | "pairwise"
  | "refusal_rate"
  | "truncation_rate"
  | "schema_validity";

export interface GateResult {
  gate: GateName;
  status: GateStatus;
  /** The observed figure the gate is about (a delta, a ratio, a count, a rate). */
  figure: number | null;
  threshold: number;
  /** The interval the decision rests on, when it is statistical. */
  interval: [number, number] | null;
  /** Why, in a sentence a release manager can read. */
  reason: string;
  /** What would decide an INCONCLUSIVE gate, e.g. "needs ~1,900 cases". */
  decide: string | null;
}

export interface Verdict {
  status: VerdictStatus;
  gates: GateResult[];
}

export type CaseOutcome = "regression" | "fix" | "unchanged" | "flaky";

export interface CaseDelta {
  caseId: string;
  tags: string[];
  outcome: CaseOutcome;
  baselineScore: number | null;
  candidateScore: number | null;
  baselinePass: boolean;
  candidatePass: boolean;
  /** Repeats that passed, ran and errored per arm (set by src/compare). */
  repeats?: { baseline: RepeatCounts; candidate: RepeatCounts };
}

export interface RepeatCounts {
  passed: number;
  total: number;
  errors: number;
}


export interface ComparisonFigures {
  pairedCases: number;
  qualityDelta: Estimate;
  passRateDelta: Estimate;
  /** Cases that passed in the baseline and fail in the candidate, and the reverse. */
  regressions: number;
  fixes: number;
  mcnemarP: number | null;
  /** Over the cases answered in both arms; `casesLeftOut` counts those one arm never answered. */
  costPerCase: { baseline: number | null; candidate: number | null; ratio: Estimate; casesLeftOut?: number };
  latencyP95: { baseline: number | null; candidate: number | null; ratio: Estimate };
  ttftP50: { baseline: number | null; candidate: number | null };
  errorRate: { baseline: number; candidate: number };
  // Set by src/compare; optional so comparisons stored before they existed still read.
  unchanged?: number;
  flaky?: number;
  /** Share of paired cases that pass (majority of repeats). */
  passRate?: ArmPair<number | null>;
  /** Mean per-case score, errors counting 0. */
  meanScore?: ArmPair<number | null>;
  /** USD over the paired cases; null when a price is unknown. */
  totalCost?: ArmPair<number | null>;
  latencyP50?: ArmPair<number | null>;
  /** Attempts whose latency was measured (replayed attempts are left out of latency figures). */
  liveAttempts?: ArmPair<number>;
  replayedAttempts?: ArmPair<number>;
  /** Attempts a Batch API job answered (`run --batch`): untimed, left out of latency figures. */
  batchedAttempts?: ArmPair<number>;
  finishReasons?: ArmPair<Record<string, number>>;
  refusals?: ArmPair<number>;
  /** Pass rate of the json-schema grader over the attempts it scored; null when none. */
  schemaValidity?: ArmPair<number | null>;
  /** On a slice: McNemar's p adjusted by Holm over all slices of the comparison. */
  mcnemarPHolm?: number | null;
  /** The candidate's agreement with the recorded replies (the `agreement` grader), when it was graded so. */
  agreement?: AgreementFigure;
  /** The candidate against the recording by a pairwise judge (the `pairwise` grader), when it was graded so. */
  pairwise?: PairwiseFigure;
}

/**
 * The candidate's win rate against the recorded replies (docs/verdict.md `pairwise`): each
 * case is a win (1), tie (0.5) or loss (0) by the `pairwise` grader, asked in both orders (the
 * orders disagreeing is a tie); an errored candidate attempt is a loss; repeats are averaged.
 * `rate` = Σ w·s / Σ w over the cases, weighted by `weight`; [low, high] its two-sided interval
 * at `level` (the quality gate's: one-sided 95% at one look), a t interval on the weighted
 * mean's linearized standard error at Kish's effective n, floored.
 */
export interface PairwiseFigure {
  rate: number;
  low: number | null;
  high: number | null;
  /** Cases scored (judge errors and cases without a recording are left out). */
  cases: number;
  /** Cases whose score is above, at, or below a tie (unweighted). */
  wins: number;
  ties: number;
  losses: number;
  weight: number;
  effectiveCases: number;
  /** Two-sided level of [low, high]. */
  level: number;
  /** The bounds are the floor's: no spread was seen that would have given wider ones. */
  floored: boolean;
}

/**
 * The traffic-weighted share of cases where the candidate agrees with the recording
 * (docs/verdict.md `agreement`): a case agrees when most of its repeats pass the `agreement`
 * grader (a tie, or an error, does not). Weights are the cases' `weight` (how often each
 * request was seen); the Wilson 95% interval is taken at Kish's effective n = (Σw)² / Σw².
 */
export interface AgreementFigure {
  share: number | null;
  low: number | null;
  high: number | null;
  /** Cases the grader scored in the candidate (cases without a recording are left out). */
  cases: number;
  /** Of them, the cases that agree (unweighted). */
  agreeing: number;
  /** Σ weights of the scored cases, and of those that agree. */
  weight: number;
  agreeingWeight: number;
  effectiveCases: number;
}

export interface Comparison {
  id: string;
  baselineRunId: string;
  candidateRunId: string;
  baselineArm: string;
  candidateArm: string;
  figures: ComparisonFigures;
  /** Per tag (slice) figures. */
  slices: Record<string, ComparisonFigures>;
  cases: CaseDelta[];
  /** Cases whose vars changed between the runs: reported, not paired. */
  changedCases: string[];
  onlyInBaseline: string[];
  onlyInCandidate: string[];
  verdict: Verdict;
  createdAt: string;
  /** The bootstrap seed, so the intervals can be reproduced. */
  seed?: number;
  /** What a reader must know: the paired case count caveats, how slices were treated. */
  notes?: string[];
  /** The version of the verdict rules that made it (COMPARISON_METHOD); absent on comparisons stored before versions. */
  method?: number;
  /** Set when a run compared had not completed (interrupted, budget-stopped, running): its verdict covers part of its cases. */
  partial?: PartialRun[];
  /** Which look of the group-sequential design this comparison is (method 3 on). */
  look?: Look;
  /** Parity between the arms (core/parity.ts); absent on comparisons stored before it existed. */
  parity?: Parity;
}

/**
 * A look of the quality and critical-slice gates' group-sequential design (docs/verdict.md
 * "Repeated looks"): the n-th comparison of a candidate against one baseline, of at most
 * `max`. Each look spends 5%/max of the one-sided error (a Pocock-type constant boundary,
 * valid whatever the looks share).
 */
export interface Look {
  number: number;
  max: number;
  /** (suite, baseline run, candidate arm's prompt, target and graders), hashed. */
  key: string | null;
  /** False when no record of earlier looks was available: this one is counted as the first. */
  history: boolean;
}

/** The one-sided error the whole verdict may make per gate, spread over the looks. */
export const LOOK_ALPHA = 0.05;
/** Looks a design allows unless `gates.looks.max` says otherwise. */
export const DEFAULT_MAX_LOOKS = 5;

/** The two-sided level of the quality bounds at a look: 1 − 2·(0.05 / max), i.e. 0.90 with one look. */
export function lookLevel(max: number): number {
  return 1 - (2 * LOOK_ALPHA) / max;
}

/** "look 2 of 5" with what the reader needs when history is missing or the budget is spent. */
export function lookNote(look: Look | undefined): string | null {
  if (!look) return null;
  if (look.number > look.max) return `look ${look.number} of ${look.max}: the look budget is spent, so the quality and critical-slice gates cannot decide (docs/verdict.md "Repeated looks")`;
  if (!look.history) return `look history unavailable: counted as look 1 of ${look.max} (keep .evalgate/ between CI jobs, or use a shared store, to count looks)`;
  return look.number > 1 ? `look ${look.number} of ${look.max} at this baseline: the quality bounds are one-sided ${formatLevel(1 - LOOK_ALPHA / look.max)}` : null;
}

function formatLevel(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

export interface PartialRun {
  runId: string;
  status: string;
  /** Cases with at least one stored attempt in the compared arm, of the cases the run planned. */
  cases: number;
  planned: number;
}

/** "partial run: 12 of 30 cases (interrupted)": said beside every verdict of a partial comparison. */
export function partialNote(c: Pick<Comparison, "partial">): string | null {
  if (!c.partial?.length) return null;
  return c.partial.map((p) => `partial run ${p.runId}: ${p.cases} of ${p.planned} cases (${p.status})`).join("; ");
}

/**
 * The version of the verdict rules (docs/design/architecture.md §9). 2: the quality gate
 * FAILs only beyond the margin, errors are decided on an interval, cases errored in both arms
 * are left out, unequal repeats compare pass rates, cost and latency need 20 cases. 3: the
 * quality interval has a floor and clusters by `group:`, the critical slice is decided by the
 * quality test, looks are counted (a group-sequential design), cost uses a log-ratio interval,
 * timed-out attempts stay in latency. A stored comparison made by earlier rules is labelled
 * wherever it is shown.
 */
export const COMPARISON_METHOD = 3;

/** The label of a comparison made by earlier rules, or null for one made by these. */
export function outdatedMethodNote(c: Pick<Comparison, "method">): string | null {
  const method = c.method ?? 1;
  return method < COMPARISON_METHOD
    ? `made by earlier verdict rules (method ${method}; these are method ${COMPARISON_METHOD}): run \`evalgate compare\` again to recompute it`
    : null;
}

/** The one order of case outcomes: what a reader must look at first. */
export const OUTCOME_ORDER: readonly CaseOutcome[] = ["regression", "flaky", "fix", "unchanged"];

/** The one order of per-case rows: regressions, then flaky, fixes, unchanged; by case id within each. */
export function orderCaseDeltas<T extends { outcome: CaseOutcome; caseId: string }>(cases: readonly T[]): T[] {
  const rank = (o: CaseOutcome) => OUTCOME_ORDER.indexOf(o);
  return [...cases].sort((a, b) => rank(a.outcome) - rank(b.outcome) || compareIds(a.caseId, b.caseId));
}

const SEVERITY: Record<GateStatus, number> = { NOT_EVALUATED: 0, PASS: 0, INCONCLUSIVE: 1, FAIL: 2 };

/** FAIL > INCONCLUSIVE > PASS; a gate not evaluated affects nothing. The one ranking of statuses. */
export function worstStatus(statuses: Iterable<GateStatus>): VerdictStatus {
  let worst: VerdictStatus = "PASS";
  for (const status of statuses) {
    if (status === "NOT_EVALUATED") continue;
    if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  }
  return worst;
}
