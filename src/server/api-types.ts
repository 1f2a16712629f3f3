/**
 * The JSON the API answers with. The dashboard imports these types (`import type`) and
 * nothing else from src/, so the wire stays one definition.
 */
import type { Attempt, CaseDelta, CaseOutcome, Comparison, ParityCard, VerdictStatus } from "../core/index.js";
import type { RunTotals } from "../stats/index.js";
import type { RunSummary } from "../store/index.js";

/** A run's summary (the one arm summary per arm, and totals: every figure computed by the server, never by the dashboard). */
export interface RunListItem extends RunSummary {
  /** The worst verdict of the stored comparisons this run is the candidate of; null when none. */
  verdict: VerdictStatus | null;
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
}

export interface TrendResponse {
  suite: string;
  /** Oldest first. */
  points: TrendPoint[];
}
