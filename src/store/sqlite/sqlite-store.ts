import type Database from "better-sqlite3";
import { EvalgateError, type Attempt, type BatchIntent, type Comparison, type Run, type RunPlan, type RunStatus } from "../../core/index.js";
import {
  STREAM_PAGE,
  type AttemptFilter,
  type AttemptPage,
  type AttemptQuery,
  type ResumeState,
  type RunListQuery,
  type RunSummary,
  type Store,
  type StoredCase,
  type StoredComparisonHead,
  type StoredLook,
  type StoredShard,
  type StoredSuite,
} from "../store.js";
import { describeRecentRuns, findRunByRef } from "../run-ref.js";
import type { StoredImage } from "../image-refs.js";
import { AttemptTable } from "./attempts.js";
import { BatchChunkTable } from "./batch-chunks.js";
import { BlobTable } from "./blobs.js";
import { PayloadCodec } from "./payload-codec.js";
import { RunSummaries } from "./run-summary.js";
import { RunTable } from "./runs.js";
import { ImageTable } from "./images.js";

const DEFAULT_RUN_LIMIT = 50;

/**
 * The Store on one better-sqlite3 connection. better-sqlite3 is synchronous: each method
 * does its work at once and returns a settled promise, so one attempt is still one
 * IMMEDIATE transaction (no lock upgrades between writers) and callers await like they
 * would a server store.
 */
export class SqliteStore implements Store {
  private readonly blobs: BlobTable;
  private readonly runs: RunTable;
  private readonly attempts: AttemptTable;
  private readonly summaries: RunSummaries;
  private readonly images: ImageTable;
  private readonly batchChunks: BatchChunkTable;
  /** One transaction function for every write: better-sqlite3 builds four wrappers per `transaction()` call. */
  private readonly inTransaction: Database.Transaction<<T>(body: () => T) => T>;

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
    private readonly readonly: boolean,
  ) {
    this.blobs = new BlobTable(db);
    this.runs = new RunTable(db, this.blobs);
    this.images = new ImageTable(db);
    this.attempts = new AttemptTable(db, this.blobs, new PayloadCodec(db, this.blobs), this.images);
    this.summaries = new RunSummaries(db);
    this.batchChunks = new BatchChunkTable(db);
    this.inTransaction = db.transaction(<T>(body: () => T): T => body());
  }

  async createRun(run: Run, suite: StoredSuite, cases: StoredCase[]): Promise<void> {
    this.write("record a run", () => this.runs.create(run, suite, cases));
  }

  async recordAttempt(attempt: Attempt): Promise<void> {
    this.write("record an attempt", () => {
      if (!this.runs.exists(attempt.runId)) {
        throw new EvalgateError("INTERNAL", `attempt ${attempt.caseId}/${attempt.repeat} of ${attempt.arm} names run ${attempt.runId}, which ${this.location} does not hold`);
      }
      this.attempts.write(attempt);
    });
  }

  async recordCaseAttempts(runId: string, kase: StoredCase, attempts: Attempt[]): Promise<void> {
    this.write("record a case and its attempts", () => {
      if (!this.runs.exists(runId)) throw new EvalgateError("INTERNAL", `case ${kase.id} names run ${runId}, which ${this.location} does not hold`);
      this.runs.insertCases(runId, [kase]);
      for (const attempt of attempts) this.attempts.write(attempt);
    });
  }

  async finishRun(runId: string, status: RunStatus, finishedAt: string): Promise<void> {
    const changed = this.write("finish a run", () => {
      const n = this.runs.finish(runId, status, finishedAt);
      // Summarized once here; the runs list reads these rows until an attempt changes.
      const run = n > 0 ? this.runs.get(runId) : undefined;
      if (run) this.summaries.store(run);
      return n;
    });
    if (changed === 0) throw new EvalgateError("INTERNAL", `cannot finish run ${runId}: ${this.location} does not hold it`);
  }

  async getRun(runId: string): Promise<Run | undefined> {
    return this.runs.get(runId);
  }

  async listRuns(query: RunListQuery = {}): Promise<RunSummary[]> {
    const runs = this.runs.list({ suite: query.suite, tag: query.tag, limit: query.limit ?? DEFAULT_RUN_LIMIT });
    return runs.map((run) => this.summaries.summarize(run));
  }

  async summarizeRun(runId: string): Promise<RunSummary | undefined> {
    const run = this.runs.get(runId);
    return run ? this.summaries.summarize(run) : undefined;
  }

  async resolveRunRef(ref: string, options: { suite?: string } = {}): Promise<Run> {
    const found = findRunByRef(ref.trim(), options.suite, this.runs);
    if (found) return found;
    throw describeRecentRuns(ref, options.suite, this.location, this.runs.list({ limit: 5 }));
  }

  async listAttempts(runId: string, query: AttemptQuery): Promise<AttemptPage> {
    return this.attempts.list(runId, query);
  }

  async getAttempt(runId: string, caseId: string, arm: string, repeat: number): Promise<Attempt | undefined> {
    return this.attempts.get(runId, caseId, arm, repeat);
  }

  async resumeState(runId: string): Promise<ResumeState> {
    return this.attempts.resumeState(runId);
  }

  async *streamAttempts(runId: string, filter: AttemptFilter = {}): AsyncIterable<Attempt> {
    let after: Attempt | null = null;
    for (;;) {
      const page = this.attempts.pageAfter(runId, filter, after, STREAM_PAGE);
      yield* page;
      if (page.length < STREAM_PAGE) return;
      after = page[page.length - 1] ?? null;
    }
  }

  async saveRunPlan(runId: string, plan: RunPlan): Promise<void> {
    this.write("save a run plan", () => this.runs.savePlan(runId, plan));
  }

  async getRunPlan(runId: string): Promise<RunPlan | undefined> {
    return this.runs.plan(runId);
  }

  async getCases(runId: string): Promise<StoredCase[]> {
    return this.runs.cases(runId);
  }

  async getSuiteSource(hash: string): Promise<unknown> {
    return this.runs.suiteSource(hash);
  }

  async saveComparison(c: Comparison): Promise<void> {
    this.write("save a comparison", () => {
      this.db
        .prepare(
          `INSERT INTO comparisons (id, baseline_run_id, candidate_run_id, baseline_arm, candidate_arm, status, created_at, body_blob)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at, body_blob = excluded.body_blob`,
        )
        .run(c.id, c.baselineRunId, c.candidateRunId, c.baselineArm, c.candidateArm, c.verdict.status, c.createdAt, this.blobs.put(c));
    });
  }

  async listComparisons(runId: string): Promise<Comparison[]> {
    const rows = this.db
      .prepare<[string, string], { body_blob: string }>(
        "SELECT body_blob FROM comparisons WHERE baseline_run_id = ? OR candidate_run_id = ? ORDER BY created_at, id",
      )
      .all(runId, runId);
    return rows.map((r) => this.blobs.get(r.body_blob) as Comparison);
  }

  async listComparisonHeads(runId: string): Promise<StoredComparisonHead[]> {
    return this.db
      .prepare<[string, string], StoredComparisonHead>(
        `SELECT id, baseline_run_id AS baselineRunId, candidate_run_id AS candidateRunId, baseline_arm AS baselineArm,
           candidate_arm AS candidateArm, status, created_at AS createdAt
         FROM comparisons WHERE baseline_run_id = ? OR candidate_run_id = ? ORDER BY created_at, id`,
      )
      .all(runId, runId);
  }

  async getComparison(id: string): Promise<Comparison | undefined> {
    const row = this.db.prepare<[string], { body_blob: string }>("SELECT body_blob FROM comparisons WHERE id = ?").get(id);
    return row ? (this.blobs.get(row.body_blob) as Comparison) : undefined;
  }

  async recordLook(look: StoredLook): Promise<number> {
    return this.write("record a look", () => {
      this.db
        .prepare("INSERT OR IGNORE INTO looks (look_key, candidate_run_id, comparison_id, created_at) VALUES (?, ?, ?, ?)")
        .run(look.key, look.candidateRunId, look.comparisonId, look.createdAt);
      return this.db
        .prepare<[{ key: string; run: string }], number>(
          "SELECT COUNT(*) FROM looks WHERE look_key = @key AND seq <= (SELECT seq FROM looks WHERE look_key = @key AND candidate_run_id = @run)",
        )
        .pluck()
        .get({ key: look.key, run: look.candidateRunId }) as number;
    });
  }

  async listLooks(key: string): Promise<StoredLook[]> {
    return this.db
      .prepare<[string], StoredLook>(
        "SELECT look_key AS key, candidate_run_id AS candidateRunId, comparison_id AS comparisonId, created_at AS createdAt FROM looks WHERE look_key = ? ORDER BY seq",
      )
      .all(key);
  }

  async recordShard(runId: string, shard: StoredShard): Promise<{ completed: number }> {
    return this.write("record a shard", () => {
      if (!this.runs.exists(runId)) throw new EvalgateError("INTERNAL", `cannot record shard ${shard.index}/${shard.count}: ${this.location} does not hold run ${runId}`);
      this.db
        .prepare(
          `INSERT INTO run_shards (run_id, shard_index, shard_count, status, finished_at, repeat, seed) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, shard_index) DO UPDATE SET shard_count = excluded.shard_count, status = excluded.status,
             finished_at = excluded.finished_at, repeat = excluded.repeat, seed = excluded.seed`,
        )
        .run(runId, shard.index, shard.count, shard.status, shard.finishedAt, shard.repeat, shard.seed);
      const completed = this.db.prepare<[string], number>("SELECT COUNT(*) FROM run_shards WHERE run_id = ? AND status = 'completed'").pluck().get(runId) ?? 0;
      return { completed };
    });
  }

  async listShards(runId: string): Promise<StoredShard[]> {
    return this.db
      .prepare<[string], StoredShard>(
        "SELECT shard_index AS \"index\", shard_count AS count, status, finished_at AS finishedAt, repeat, seed FROM run_shards WHERE run_id = ? ORDER BY shard_index",
      )
      .all(runId);
  }

  async getImage(sha256: string): Promise<StoredImage | undefined> {
    return this.images.get(sha256);
  }

  async saveBatchIntent(runId: string, intent: BatchIntent): Promise<void> {
    this.write("record a batch", () => {
      if (!this.runs.exists(runId)) throw new EvalgateError("INTERNAL", `cannot record batch chunk ${intent.chunk}: ${this.location} does not hold run ${runId}`);
      this.batchChunks.save(runId, intent);
    });
  }

  async listBatchIntents(runId: string): Promise<BatchIntent[]> {
    return this.batchChunks.list(runId);
  }

  async cacheGet(key: string): Promise<unknown | undefined> {
    const row = this.db.prepare<[string], { response_blob: string }>("SELECT response_blob FROM response_cache WHERE key = ?").get(key);
    return row ? this.blobs.get(row.response_blob) : undefined;
  }

  async cachePut(key: string, response: unknown): Promise<void> {
    this.write("write the response cache", () => {
      this.db
        .prepare(
          `INSERT INTO response_cache (key, response_blob, created_at) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET response_blob = excluded.response_blob, created_at = excluded.created_at`,
        )
        .run(key, this.blobs.put(response), new Date().toISOString());
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private write<T>(what: string, body: () => T): T {
    if (this.readonly) {
      throw new EvalgateError("INTERNAL", `cannot ${what}: ${this.location} was opened read-only`);
    }
    try {
      return this.inTransaction.immediate(body) as T;
    } catch (error) {
      throw asDatabaseError(error, `cannot ${what} in ${this.location}`);
    }
  }
}

/** SQLite failures (busy, disk full, corrupt) become DATABASE_UNUSABLE with the reason; our own errors pass through. */
export function asDatabaseError(error: unknown, context: string): unknown {
  if (error instanceof EvalgateError) return error;
  if (error instanceof Error && error.name === "SqliteError") {
    const code = (error as Error & { code?: string }).code ?? "";
    const hint = code.startsWith("SQLITE_BUSY")
      ? "another evalgate process held the database past the busy timeout; retry, or give each run its own --db"
      : "check the file, its folder's permissions and free disk space";
    return new EvalgateError("DATABASE_UNUSABLE", `${context}: ${error.message} (${code})`, { hint, cause: error });
  }
  return error;
}
