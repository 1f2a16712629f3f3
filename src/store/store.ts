import type { Attempt, Comparison, Run, RunStatus, VerdictStatus } from "../core/index.js";

/** A case as the run saw it: its vars hash decides pairing across runs (docs/design/architecture.md §9). */
export interface StoredCase {
  id: string;
  vars: Record<string, unknown>;
  tags: string[];
  varsHash: string;
}

/** The suite a run came from; `source` is stored once per hash. */
export interface StoredSuite {
  name: string;
  hash: string;
  source: unknown;
}

export type AttemptOutcome = "pass" | "fail" | "error";

/**
 * Attempt filters, all optional and combined with AND. `status`: "pass" and "fail" are
 * graded attempts (an errored attempt is neither), "error" the attempts without output.
 * `grader`: attempts that grader scored; with `status: "fail"`, the ones that grader failed.
 * `tag`: a case tag. `search`: a case-insensitive substring of the case id, the output
 * text or the error message.
 */
export interface AttemptQuery {
  arm?: string;
  caseId?: string;
  status?: AttemptOutcome;
  grader?: string;
  tag?: string;
  search?: string;
  limit: number;
  offset: number;
  /** Read the raw request/response payloads too (off by default: listing stays light). */
  includeRaw?: boolean;
}

export interface AttemptPage {
  /** Attempts matching the filters, whatever the page. */
  total: number;
  /** Ordered by case id, arm, repeat. */
  attempts: Attempt[];
}

/** Per-arm figures computed in SQL over attempts (not cases: the statistics live in src/stats). */
export interface ArmSummary {
  arm: string;
  attempts: number;
  errors: number;
  passed: number;
  failed: number;
  /** passed / (passed + failed); null when nothing was graded. */
  passRate: number | null;
  meanScore: number | null;
  /** Sum of the known costs; null when no attempt has a known cost. */
  costUsd: number | null;
  /** Attempts with output whose cost is unknown (unpriced model): the sum leaves them out. */
  unknownCost: number;
  /** Nearest-rank p95 of total latency over attempts with output that were sent (replayed ones are left out). */
  p95LatencyMs: number | null;
}

/** What the run's model-graded graders cost, apart from the arms' own calls. */
export interface JudgeSpend {
  /** Scores a judge produced (cached replies included: they cost nothing again). */
  calls: number;
  /** Sum of the known judge costs; null when no judge call has a known cost. */
  costUsd: number | null;
  /** Judge calls whose cost is unknown (unpriced judge model): the sum leaves them out. */
  unknownCost: number;
}

export interface RunSummary {
  run: Run;
  arms: ArmSummary[];
  totals: Omit<ArmSummary, "arm" | "meanScore" | "p95LatencyMs">;
  judges: JudgeSpend;
}

/** A stored comparison as its row knows it, without parsing its body: what lists need. */
export interface StoredComparisonHead {
  id: string;
  baselineRunId: string;
  candidateRunId: string;
  baselineArm: string;
  candidateArm: string;
  /** The verdict's status. */
  status: VerdictStatus;
  createdAt: string;
}

export interface RunListQuery {
  suite?: string;
  tag?: string;
  /** Newest first; 50 when not given. */
  limit?: number;
}

export { attemptKeyString } from "../core/index.js";

/**
 * Where runs, attempts, comparisons and cached responses live (docs/design/architecture.md §8). SQLite
 * today; a shared Postgres store later behind the same interface, held to the same
 * conformance suite (store-conformance.ts).
 */
export interface Store {
  /** Records a run with its suite (stored once per hash) and its cases. Idempotent by run id. */
  createRun(run: Run, suite: StoredSuite, cases: StoredCase[]): void;
  /** One transaction: the attempt, its scores and payloads; re-recording replaces, never duplicates. */
  recordAttempt(attempt: Attempt): void;
  finishRun(runId: string, status: RunStatus, finishedAt: string): void;
  getRun(runId: string): Run | undefined;
  listRuns(query?: RunListQuery): RunSummary[];
  summarizeRun(runId: string): RunSummary | undefined;
  /** A run id, `latest` (of `suite` when given), or `tag:NAME`; throws RUNREF_NOT_FOUND. */
  resolveRunRef(ref: string, options?: { suite?: string }): Run;
  listAttempts(runId: string, query: AttemptQuery): AttemptPage;
  /** One attempt with its raw payloads. */
  getAttempt(runId: string, caseId: string, arm: string, repeat: number): Attempt | undefined;
  /** Keys (attemptKeyString) of the attempts already recorded: what `resume` skips. */
  completedAttemptKeys(runId: string): Set<string>;
  getCases(runId: string): StoredCase[];
  getSuiteSource(hash: string): unknown;
  saveComparison(comparison: Comparison): void;
  /** Comparisons where the run is the baseline or the candidate, oldest first. */
  listComparisons(runId: string): Comparison[];
  /** The same comparisons as listComparisons, as heads read from their rows (cheap at any size). */
  listComparisonHeads(runId: string): StoredComparisonHead[];
  getComparison(id: string): Comparison | undefined;
  cacheGet(key: string): unknown | undefined;
  cachePut(key: string, response: unknown): void;
  close(): void;
}
