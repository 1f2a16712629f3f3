import type { Attempt, BatchIntent, Comparison, Run, RunPlan, RunStatus, VerdictStatus } from "../core/index.js";
import type { ArmSummary, RunTotals } from "../stats/index.js";
import type { StoredImage } from "./image-refs.js";
export type { StoredImage } from "./image-refs.js";

/** A case as the run saw it: its vars hash decides pairing across runs (docs/design/architecture.md §9). */
export interface StoredCase {
  id: string;
  vars: Record<string, unknown>;
  tags: string[];
  varsHash: string;
  /** The case's `group:`, when it has one. */
  group?: string;
  /** How often the case's request was seen in imported traffic (absent = 1): the agreement gate weighs by it. */
  weight?: number;
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
 * `tag`: a case tag. `search`: a case-insensitive (ASCII) substring of the case id, the
 * output text or the error message.
 */
export interface AttemptFilter {
  arm?: string;
  caseId?: string;
  status?: AttemptOutcome;
  grader?: string;
  tag?: string;
  search?: string;
  /** Read the raw request/response payloads too (off by default: listing stays light). */
  includeRaw?: boolean;
}

export interface AttemptQuery extends AttemptFilter {
  limit: number;
  offset: number;
}

export interface AttemptPage {
  /** Attempts matching the filters, whatever the page. */
  total: number;
  /** Ordered by case id (core compareIds), arm, repeat. */
  attempts: Attempt[];
}

/** A run with its arms summarized by the one definition (stats/arm-summary) and its totals. */
export interface RunSummary {
  run: Run;
  arms: ArmSummary[];
  totals: RunTotals;
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

/** What `resume` needs of a stored run besides its plan. */
export interface ResumeState {
  /** Keys (core attemptKeyString) of the attempts already answered: never sent again. */
  completed: Set<string>;
  /** What the stored attempts that were sent cost (replayed ones cost nothing): counted against the budget. */
  spentUsd: number;
}

export { attemptKeyString } from "../core/index.js";

/**
 * Where runs, attempts, comparisons and cached responses live (docs/design/architecture.md §8).
 * Every method is asynchronous, so a server store (Postgres) fits behind it; each
 * implementation passes the same conformance suite (store-conformance.ts). `openStore(url)`
 * picks the implementation.
 */
export interface Store {
  /** What the user named (a path or URL), for messages. */
  readonly location: string;
  /** Records a run with its suite (stored once per hash) and its cases. Idempotent by run id. */
  createRun(run: Run, suite: StoredSuite, cases: StoredCase[]): Promise<void>;
  /** One transaction: the attempt, its scores and payloads; re-recording replaces, never duplicates. */
  recordAttempt(attempt: Attempt): Promise<void>;
  /**
   * One transaction: a case added to a run already created, with its attempts (a shadow
   * pair: the recorded production reply and the live candidate), so a crash keeps the
   * case whole or not at all. A case id already held keeps its first row; the attempts replace.
   */
  recordCaseAttempts(runId: string, kase: StoredCase, attempts: Attempt[]): Promise<void>;
  finishRun(runId: string, status: RunStatus, finishedAt: string): Promise<void>;
  getRun(runId: string): Promise<Run | undefined>;
  listRuns(query?: RunListQuery): Promise<RunSummary[]>;
  summarizeRun(runId: string): Promise<RunSummary | undefined>;
  /** A run id (or an unambiguous prefix), `latest` (of `suite` when given), or `tag:NAME`; throws RUNREF_NOT_FOUND. */
  resolveRunRef(ref: string, options?: { suite?: string }): Promise<Run>;
  /** One page of a run's attempts. */
  listAttempts(runId: string, query: AttemptQuery): Promise<AttemptPage>;
  /** Every attempt of a run matching the filter, in page order, read a page at a time (whole-run reads). */
  streamAttempts(runId: string, filter?: AttemptFilter): AsyncIterable<Attempt>;
  /** One attempt with its raw payloads. */
  getAttempt(runId: string, caseId: string, arm: string, repeat: number): Promise<Attempt | undefined>;
  resumeState(runId: string): Promise<ResumeState>;
  getCases(runId: string): Promise<StoredCase[]>;
  getSuiteSource(hash: string): Promise<unknown>;
  /** The flags the run was planned with (what `resume` plans again); replaces any earlier plan. */
  saveRunPlan(runId: string, plan: RunPlan): Promise<void>;
  getRunPlan(runId: string): Promise<RunPlan | undefined>;
  saveComparison(comparison: Comparison): Promise<void>;
  /** Comparisons where the run is the baseline or the candidate, oldest first. */
  listComparisons(runId: string): Promise<Comparison[]>;
  /** The same comparisons as listComparisons, as heads read from their rows (cheap at any size). */
  listComparisonHeads(runId: string): Promise<StoredComparisonHead[]>;
  getComparison(id: string): Promise<Comparison | undefined>;
  /**
   * Records a look of the verdict's group-sequential design (docs/verdict.md "Repeated
   * looks") and returns its number: 1 + the looks made earlier under the key. Recording the
   * same candidate run again returns the number it got first (recomputing is not a new look).
   */
  recordLook(look: StoredLook): Promise<number>;
  /** The looks made under a key, oldest first. */
  listLooks(key: string): Promise<StoredLook[]>;
  /**
   * Records a shard of a run as it ended (re-recording a shard replaces it) and returns, in
   * the same transaction with the run locked, how many of its shards have completed: the
   * shard that makes it `count` is the one that completes the run (docs/design/store.md).
   */
  recordShard(runId: string, shard: StoredShard): Promise<{ completed: number }>;
  /** A run's shards by index. */
  listShards(runId: string): Promise<StoredShard[]>;
  /** An image an attempt sent, by the sha256 its stored raw request names (`evalgate-image:sha256:<hex>`). */
  getImage(sha256: string): Promise<StoredImage | undefined>;
  /**
   * Records a batch chunk's intent (`run --batch`, docs/reliability.md "Batch runs"): its input
   * file before the batch is created, then the batch id; re-saving a chunk replaces it.
   */
  saveBatchIntent(runId: string, intent: BatchIntent): Promise<void>;
  /** A run's batch intents, by chunk id. */
  listBatchIntents(runId: string): Promise<BatchIntent[]>;
  cacheGet(key: string): Promise<unknown | undefined>;
  cachePut(key: string, response: unknown): Promise<void>;
  close(): Promise<void>;
}

/** One look: a comparison of a candidate run against the baseline its key names. */
export interface StoredLook {
  key: string;
  candidateRunId: string;
  comparisonId: string;
  createdAt: string;
}

/** One shard of a run (`run --shard i/n`): what it ran with, and how it ended. */
export interface StoredShard {
  /** 1-based. */
  index: number;
  count: number;
  status: RunStatus;
  finishedAt: string;
  /** Repeats per case, and the simulator's seed (null off the simulator): shards that differ cannot be merged. */
  repeat: number;
  seed: number | null;
}

/** Attempts per page when a whole run is streamed. */
export const STREAM_PAGE = 1000;

/** Collects a stream (for callers that need the whole list at once, e.g. a comparison). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
