/**
 * The JSON the API answers with. The dashboard imports these types (`import type`) and
 * nothing else from src/, so the wire stays one definition.
 */
import type { Attempt, CaseDelta, CaseOutcome, Comparison, ParityCard, VerdictStatus } from "../core/index.js";
import type { RunTotals } from "../stats/index.js";
import type { RunSummary } from "../store/index.js";
import type { Api, RunStatus } from "../core/index.js";
import type { ArmSummary, Interval } from "../stats/index.js";
import type { CaseDifference } from "../compare/index.js";
import type { ReleaseWarning } from "../report/release-view.js";

/** A run's summary (the one arm summary per arm, and totals: every figure computed by the server, never by the dashboard). */
export interface RunListItem extends RunSummary {
  /** The worst verdict of the stored comparisons this run is the candidate of; null when none. */
  verdict: VerdictStatus | null;
  /** The stored comparisons this run is the candidate of (each has a release page), oldest first. */
  releases: ReleaseLink[];
}

export interface ReleaseLink {
  id: string;
  baselineArm: string;
  candidateArm: string;
  status: VerdictStatus;
}

export interface RunListResponse {
  runs: RunListItem[];
}

/** A stored comparison without its per-case rows (those are paged by /api/comparisons/:id). */
export type ComparisonHead = Omit<Comparison, "cases" | "slices"> & { caseCounts: Record<CaseOutcome, number> };

export interface RunDetailResponse {
  summary: RunSummary;
  comparisons: ComparisonHead[];
  /** Case tags of the run, for the tag filter. */
  caseTags: string[];
  /** Grader names seen on the run's attempts, for the grader filter. */
  graders: string[];
}

/** An attempt with the vars and tags of its case. */
export interface AttemptRow extends Attempt {
  vars: Record<string, unknown> | null;
  tags: string[];
}

export interface AttemptListResponse {
  total: number;
  limit: number;
  offset: number;
  attempts: AttemptRow[];
}

export interface AttemptResponse {
  attempt: AttemptRow;
}

export interface RunComparisonsResponse {
  comparisons: ComparisonHead[];
}

export interface ComparisonResponse {
  comparison: Omit<Comparison, "cases">;
  /** Set when the comparison was made by earlier verdict rules (core outdatedMethodNote): the dashboard shows it. */
  outdated: string | null;
  /** Set when a compared run had not completed (core partialNote): "partial run …: 12 of 30 cases (interrupted)". */
  partial: string | null;
  /** The parity card (core parityCard: the strings every reporter shows), or why there is none. */
  parity: ParityCard | { missing: string };
  /** This page of cases: regressions first, then flaky, fixes, unchanged; by case id within. */
  cases: CaseDelta[];
  caseTotal: number;
  caseCounts: Record<CaseOutcome, number>;
  limit: number;
  offset: number;
}

export interface TrendPoint {
  runId: string;
  startedAt: string;
  status: RunSummary["run"]["status"];
  tags: string[];
  gitCommit: string | null;
  simulated: boolean;
  attempts: number;
  passRate: RunTotals["passRate"];
  totalCost: number | null;
  knownCost: number;
  slowestLatencyP95: number | null;
  /** Each arm's own pass rate (a trend per arm: arms of a run are never pooled on a chart). */
  arms: TrendArm[];
}

export interface TrendArm {
  arm: string;
  api: Api | null;
  model: string | null;
  passRate: Interval | null;
}

export interface TrendResponse {
  suite: string;
  /** Oldest first. */
  points: TrendPoint[];
}

/** One arm of one run, named as a release manager or a PM reads it. */
export interface ArmView {
  runId: string;
  arm: string;
  /** null when the run is no longer stored. */
  api: Api | null;
  model: string | null;
  simulated: boolean;
  suite: string | null;
  runStatus: RunStatus | null;
  startedAt: string | null;
}

/** One regressed case with what each arm said (report topRegressions: the cases the console and Markdown show). */
export interface RegressionPair {
  caseId: string;
  tags: string[];
  baselineScore: number | null;
  candidateScore: number | null;
  baseline: RegressionSide;
  candidate: RegressionSide;
}

export interface RegressionSide {
  /** The output, else its first error, else why there is nothing. */
  text: string;
  /** Repeats that passed, of those run. */
  passed: number;
  repeats: number;
  /** Why graders failed it. */
  reasons: string[];
}

/** `GET /api/comparisons/:id/release`: a comparison as a release manager reads it. */
export interface ReleaseResponse {
  comparison: ComparisonHead;
  /** "Ship Chat → Responses?" (report shipQuestion). */
  question: string;
  baseline: ArmView;
  candidate: ArmView;
  /** Partial runs, incomplete shards, simulated arms, old rules, cases left out (report releaseWarnings). */
  warnings: ReleaseWarning[];
  /** The worst regressions first, at most `limit`. */
  regressions: RegressionPair[];
}

/** One arm on the PM page: its figures over the cases every chosen arm shares. */
export interface ArmSetArm extends ArmView {
  /** `RUN_ID:ARM`, as the query names it. */
  key: string;
  /** The one arm summary (stats), over the shared cases. */
  summary: ArmSummary;
  /** USD per 1,000 requests with its 95% interval (stats costPer1kRequests); null when a price is unknown. */
  costPer1k: Interval | null;
  /** What the judges cost per 1,000 requests, kept apart from the arm's cost; null without attempts. */
  judgeCostPer1k: number | null;
  /** On the cost/pass-rate Pareto frontier (stats paretoFrontier). */
  frontier: boolean;
}

/** `GET /api/arm-set?arm=RUN_ID:ARM&arm=…`: any arms, compared on the cases they share. */
export interface ArmSetResponse {
  arms: ArmSetArm[];
  /** The cases every arm answered with the same vars: the figures are over these. */
  sharedCases: number;
  /** Cases left out, and why (up to 50; `differingTotal` counts them all). */
  differing: CaseDifference[];
  differingTotal: number;
  /** The model catalog's price table (core PRICE_TABLE_VERSION): the date its prices were checked. */
  priceTableVersion: string;
}
