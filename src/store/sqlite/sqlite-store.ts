import type Database from "better-sqlite3";
import { EvalgateError, type Attempt, type Comparison, type Run, type RunStatus } from "../../core/index.js";
import type {
  AttemptPage,
  AttemptQuery,
  RunListQuery,
  RunSummary,
  Store,
  StoredCase,
  StoredComparisonHead,
  StoredSuite,
} from "../store.js";
import { AttemptTable } from "./attempts.js";
import { BlobTable } from "./blobs.js";
import { RunSummaries } from "./run-summary.js";
import { RunTable } from "./runs.js";

const DEFAULT_RUN_LIMIT = 50;

/** The Store on one better-sqlite3 connection. Writes are IMMEDIATE transactions (no lock upgrades between writers). */
export class SqliteStore implements Store {
  private readonly blobs: BlobTable;
  private readonly runs: RunTable;
  private readonly attempts: AttemptTable;
  private readonly summaries: RunSummaries;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly readonly: boolean,
  ) {
    this.blobs = new BlobTable(db);
    this.runs = new RunTable(db, this.blobs);
    this.attempts = new AttemptTable(db, this.blobs);
    this.summaries = new RunSummaries(db);
  }

  createRun(run: Run, suite: StoredSuite, cases: StoredCase[]): void {
    this.write("record a run", () => this.runs.create(run, suite, cases));
  }

  recordAttempt(attempt: Attempt): void {
    this.write("record an attempt", () => {
      if (!this.runs.exists(attempt.runId)) {
        throw new EvalgateError("INTERNAL", `attempt ${attempt.caseId}/${attempt.repeat} of ${attempt.arm} names run ${attempt.runId}, which ${this.path} does not hold`);
      }
      this.attempts.write(attempt);
    });
  }

  finishRun(runId: string, status: RunStatus, finishedAt: string): void {
    const changed = this.write("finish a run", () => {
      const n = this.runs.finish(runId, status, finishedAt);
      // Summarized once here; the runs list reads these rows until an attempt changes.
      if (n > 0) this.summaries.store(runId);
      return n;
    });
    if (changed === 0) throw new EvalgateError("INTERNAL", `cannot finish run ${runId}: ${this.path} does not hold it`);
  }

  getRun(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  listRuns(query: RunListQuery = {}): RunSummary[] {
    const runs = this.runs.list({ suite: query.suite, tag: query.tag, limit: query.limit ?? DEFAULT_RUN_LIMIT });
    return runs.map((run) => this.summaries.summarize(run));
  }

  summarizeRun(runId: string): RunSummary | undefined {
    const run = this.runs.get(runId);
    return run ? this.summaries.summarize(run) : undefined;
  }

  resolveRunRef(ref: string, options: { suite?: string } = {}): Run {
    const found = this.findRun(ref.trim(), options.suite);
    if (found) return found;
    const scope = options.suite === undefined ? "" : ` of suite ${options.suite}`;
    const recent = this.runs.list({ limit: 5 });
    const hint = recent.length
      ? `recent runs: ${recent.map((r) => `${r.id} (${r.suite}${r.tags.length ? `, tag:${r.tags.join(" tag:")}` : ""})`).join(", ")}`
      : `${this.path} holds no runs yet: run \`evalgate run <suite>\` first`;
    throw new EvalgateError("RUNREF_NOT_FOUND", `no run${scope} matches "${ref}" in ${this.path}`, { hint });
  }

  /** An exact id, `latest`, `tag:NAME` (the latest so tagged), or an unambiguous id prefix. */
  private findRun(ref: string, suite: string | undefined): Run | undefined {
    if (ref === "latest") return this.runs.list({ suite, limit: 1 })[0];
    if (ref.startsWith("tag:")) return this.runs.list({ suite, tag: ref.slice(4), limit: 1 })[0];
    const exact = this.runs.get(ref);
    if (exact) return exact;
    if (ref.length < 4) return undefined;
    const byPrefix = this.runs.list({ idPrefix: ref, limit: 2 });
    return byPrefix.length === 1 ? byPrefix[0] : undefined;
  }

  listAttempts(runId: string, query: AttemptQuery): AttemptPage {
    return this.attempts.list(runId, query);
  }

  getAttempt(runId: string, caseId: string, arm: string, repeat: number): Attempt | undefined {
    return this.attempts.get(runId, caseId, arm, repeat);
  }

  completedAttemptKeys(runId: string): Set<string> {
    return this.attempts.completedKeys(runId);
  }

  getCases(runId: string): StoredCase[] {
    return this.runs.cases(runId);
  }

  getSuiteSource(hash: string): unknown {
    return this.runs.suiteSource(hash);
  }

  saveComparison(c: Comparison): void {
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

  listComparisons(runId: string): Comparison[] {
    const rows = this.db
      .prepare<[string, string], { body_blob: string }>(
        "SELECT body_blob FROM comparisons WHERE baseline_run_id = ? OR candidate_run_id = ? ORDER BY created_at, id",
      )
      .all(runId, runId);
    return rows.map((r) => this.blobs.get(r.body_blob) as Comparison);
  }

  listComparisonHeads(runId: string): StoredComparisonHead[] {
    return this.db
      .prepare<[string, string], StoredComparisonHead>(
        `SELECT id, baseline_run_id AS baselineRunId, candidate_run_id AS candidateRunId, baseline_arm AS baselineArm,
           candidate_arm AS candidateArm, status, created_at AS createdAt
         FROM comparisons WHERE baseline_run_id = ? OR candidate_run_id = ? ORDER BY created_at, id`,
      )
      .all(runId, runId);
  }

  getComparison(id: string): Comparison | undefined {
    const row = this.db.prepare<[string], { body_blob: string }>("SELECT body_blob FROM comparisons WHERE id = ?").get(id);
    return row ? (this.blobs.get(row.body_blob) as Comparison) : undefined;
  }

  cacheGet(key: string): unknown | undefined {
    const row = this.db.prepare<[string], { response_blob: string }>("SELECT response_blob FROM response_cache WHERE key = ?").get(key);
    return row ? this.blobs.get(row.response_blob) : undefined;
  }

  cachePut(key: string, response: unknown): void {
    this.write("write the response cache", () => {
      this.db
        .prepare(
          `INSERT INTO response_cache (key, response_blob, created_at) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET response_blob = excluded.response_blob, created_at = excluded.created_at`,
        )
        .run(key, this.blobs.put(response), new Date().toISOString());
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private write<T>(what: string, body: () => T): T {
    if (this.readonly) {
      throw new EvalgateError("INTERNAL", `cannot ${what}: ${this.path} was opened read-only`);
    }
    try {
      return this.db.transaction(body).immediate();
    } catch (error) {
      throw asDatabaseError(error, `cannot ${what} in ${this.path}`);
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
