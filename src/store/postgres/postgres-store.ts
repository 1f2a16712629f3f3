import type pg from "pg";
import { EvalgateError, type ArmInfo, type Attempt, type BatchIntent, type LoopStep, type Comparison, type Run, type RunPlan, type RunStatus } from "../../core/index.js";
import { summarizeTotals, type ArmSummary } from "../../stats/index.js";
import { redactedStableJson, redactSecrets } from "../redact-secrets.js";
import { describeRecentRuns } from "../run-ref.js";
import { extractImages } from "../image-refs.js";
import type * as S from "../store.js";
import { attemptKeyString, STREAM_PAGE } from "../store.js";
import { BATCH_CHUNK_COLUMNS, intentOf, rowValues, type BatchChunkRow } from "../batch-intent-row.js";
import { tallyColumns, tallyRun } from "./tally.js";
import { joinSteps, splitSteps, stepBody, type StepBody } from "../trajectory-rows.js";

const DEFAULT_RUN_LIMIT = 50;
const NO_RAW = { request: null, response: null };

/** What a stored payload is: credentials redacted, as JSON text. */
const stored = (value: unknown): string => redactedStableJson(value ?? null);

/** SQLite's LIKE and the memory store fold ASCII letters only; so does the search here. */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

type RunHead = Omit<Run, "arms" | "tags">;

/**
 * The Store on a Postgres server (docs/design/store.md, "Postgres"): the team store that
 * laptops and CI jobs share. One transaction per attempt; payloads as JSON text; the same
 * conformance suite as SQLite and in-memory.
 */
export class PostgresStore implements S.Store {
  private closed = false;

  constructor(
    readonly location: string,
    private readonly pool: pg.Pool,
    private readonly readonly: boolean,
  ) {}

  async createRun(run: Run, suite: S.StoredSuite, cases: S.StoredCase[]): Promise<void> {
    await this.transaction("record a run", async (c) => {
      await c.query("INSERT INTO suites (hash, name, source) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING", [suite.hash, suite.name, stored(suite.source)]);
      const { arms, tags, ...head } = run;
      await c.query("INSERT INTO runs (id, suite, started_at, status, finished_at, head) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING", [
        run.id, run.suite, run.startedAt, run.status, run.finishedAt, JSON.stringify(head),
      ]);
      for (const [i, a] of arms.entries()) {
        await c.query("INSERT INTO arms (run_id, arm, position, info) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [run.id, a.arm, i, JSON.stringify(a)]);
      }
      for (const [i, t] of tags.entries()) await c.query("INSERT INTO run_tags (run_id, tag, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [run.id, t, i]);
      for (const [i, k] of cases.entries()) await insertCase(c, run.id, k, i);
    });
  }

  async recordAttempt(a: Attempt): Promise<void> {
    await this.transaction("record an attempt", (c) => writeAttempt(c, a), (error) =>
      foreignKeyViolation(error) ? new EvalgateError("INTERNAL", `attempt ${a.caseId}/${a.repeat} of ${a.arm} names run ${a.runId}, which ${this.location} does not hold`) : undefined,
    );
  }

  async recordCaseAttempts(runId: string, kase: S.StoredCase, attempts: Attempt[]): Promise<void> {
    await this.transaction("record a case and its attempts", async (c) => {
      await insertCase(c, runId, kase, 0);
      for (const a of attempts) await writeAttempt(c, a);
    }, (error) =>
      foreignKeyViolation(error) ? new EvalgateError("INTERNAL", `case ${kase.id} names run ${runId}, which ${this.location} does not hold`) : undefined,
    );
  }

  async finishRun(runId: string, status: RunStatus, finishedAt: string): Promise<void> {
    await this.transaction("finish a run", async (c) => {
      const changed = await c.query("UPDATE runs SET status = $2, finished_at = $3 WHERE id = $1", [runId, status, finishedAt]);
      if (changed.rowCount === 0) throw new EvalgateError("INTERNAL", `cannot finish run ${runId}: ${this.location} does not hold it`);
      const run = await this.readRun(c, runId);
      if (run) await c.query("INSERT INTO run_summaries (run_id, arms) VALUES ($1, $2) ON CONFLICT (run_id) DO UPDATE SET arms = excluded.arms", [runId, JSON.stringify(await tallyRun(c, run))]);
    });
  }

  async getRun(runId: string): Promise<Run | undefined> {
    return this.read((c) => this.readRun(c, runId));
  }

  async listRuns(query: S.RunListQuery = {}): Promise<S.RunSummary[]> {
    return this.read(async (c) => {
      const runs = await this.listHeads(c, { suite: query.suite, tag: query.tag, limit: query.limit ?? DEFAULT_RUN_LIMIT });
      const out: S.RunSummary[] = [];
      for (const run of runs) out.push(await this.summaryOf(c, run));
      return out;
    });
  }

  async summarizeRun(runId: string): Promise<S.RunSummary | undefined> {
    return this.read(async (c) => {
      const run = await this.readRun(c, runId);
      return run ? this.summaryOf(c, run) : undefined;
    });
  }

  async resolveRunRef(ref: string, options: { suite?: string } = {}): Promise<Run> {
    const wanted = ref.trim();
    const suite = options.suite;
    return this.read(async (c) => {
      let found: Run | undefined;
      if (wanted === "latest") found = (await this.listHeads(c, { suite, limit: 1 }))[0];
      else if (wanted.startsWith("tag:")) found = (await this.listHeads(c, { suite, tag: wanted.slice(4), limit: 1 }))[0];
      else {
        found = await this.readRun(c, wanted);
        if (!found && wanted.length >= 4) {
          const byPrefix = await this.listHeads(c, { idPrefix: wanted, limit: 2 });
          if (byPrefix.length === 1) found = byPrefix[0];
        }
      }
      if (found) return found;
      throw describeRecentRuns(ref, suite, this.location, await this.listHeads(c, { limit: 5 }));
    });
  }

  async listAttempts(runId: string, query: S.AttemptQuery): Promise<S.AttemptPage> {
    return this.read(async (c) => {
      const { where, params } = attemptFilter(runId, query);
      const total = Number((await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM attempts a WHERE ${where}`, params)).rows[0]?.n ?? 0);
      const limit = Math.max(0, Math.floor(query.limit));
      const offset = Math.max(0, Math.floor(query.offset));
      const rows = await c.query<AttemptRow>(
        `SELECT body, ${query.includeRaw ? "raw" : "NULL AS raw"}, ${stepColumns(query.includeRaw === true)} FROM attempts a WHERE ${where} ORDER BY case_id, arm, repeat LIMIT ${limit} OFFSET ${offset}`,
        params,
      );
      return { total, attempts: rows.rows.map(readAttempt) };
    });
  }

  async *streamAttempts(runId: string, filter: S.AttemptFilter = {}): AsyncIterable<Attempt> {
    let after: [string, string, number] | null = null;
    for (;;) {
      const { where, params } = attemptFilter(runId, filter);
      const keyset = after ? ` AND (case_id, arm, repeat) > ($${params.length + 1}, $${params.length + 2}, $${params.length + 3})` : "";
      const page: Array<AttemptRow & { case_id: string; arm: string; repeat: number }> = await this.read(async (c) =>
        (await c.query(`SELECT body, ${filter.includeRaw ? "raw" : "NULL AS raw"}, ${stepColumns(filter.includeRaw === true)}, case_id, arm, repeat FROM attempts a WHERE ${where}${keyset} ORDER BY case_id, arm, repeat LIMIT ${STREAM_PAGE}`, [...params, ...(after ?? [])])).rows,
      );
      for (const row of page) yield readAttempt(row);
      const last = page[page.length - 1];
      if (page.length < STREAM_PAGE || !last) return;
      after = [last.case_id, last.arm, last.repeat];
    }
  }

  async getAttempt(runId: string, caseId: string, arm: string, repeat: number): Promise<Attempt | undefined> {
    return this.read(async (c) => {
      const row = (await c.query<AttemptRow>(`SELECT body, raw, ${stepColumns(true)} FROM attempts a WHERE run_id = $1 AND case_id = $2 AND arm = $3 AND repeat = $4`, [runId, caseId, arm, repeat])).rows[0];
      return row ? readAttempt(row) : undefined;
    });
  }

  async resumeState(runId: string): Promise<S.ResumeState> {
    return this.read(async (c) => {
      const rows = (await c.query<{ case_id: string; arm: string; repeat: number }>(
        "SELECT case_id, arm, repeat FROM attempts WHERE run_id = $1 AND (status = 'ok' OR error_kind IS NULL OR error_kind NOT IN ('cancelled', 'budget_exceeded'))",
        [runId],
      )).rows;
      const spent = (await c.query<{ usd: number | null }>("SELECT SUM(cost_usd) AS usd FROM attempts WHERE run_id = $1 AND status = 'ok' AND NOT replayed", [runId])).rows[0]?.usd;
      return { completed: new Set(rows.map((r) => attemptKeyString(r.case_id, r.arm, r.repeat))), spentUsd: Number(spent ?? 0) };
    });
  }

  async getCases(runId: string): Promise<S.StoredCase[]> {
    return this.read(async (c) => (await c.query<{ value: string }>("SELECT value FROM cases WHERE run_id = $1 ORDER BY position, case_id", [runId])).rows.map((r) => JSON.parse(r.value) as S.StoredCase));
  }

  async getSuiteSource(hash: string): Promise<unknown> {
    return this.read(async (c) => {
      const row = (await c.query<{ source: string }>("SELECT source FROM suites WHERE hash = $1", [hash])).rows[0];
      return row ? (JSON.parse(row.source) as unknown) : undefined;
    });
  }

  async saveRunPlan(runId: string, plan: RunPlan): Promise<void> {
    await this.transaction("save a run plan", async (c) => {
      const saved = await c.query("INSERT INTO run_plans (run_id, plan) SELECT id, $2 FROM runs WHERE id = $1 ON CONFLICT (run_id) DO UPDATE SET plan = excluded.plan", [runId, stored(plan)]);
      if (saved.rowCount === 0) throw new EvalgateError("INTERNAL", `cannot save the plan of run ${runId}: ${this.location} does not hold it`);
    });
  }

  async getRunPlan(runId: string): Promise<RunPlan | undefined> {
    return this.read(async (c) => {
      const row = (await c.query<{ plan: string }>("SELECT plan FROM run_plans WHERE run_id = $1", [runId])).rows[0];
      return row ? (JSON.parse(row.plan) as RunPlan) : undefined;
    });
  }

  async saveComparison(x: Comparison): Promise<void> {
    await this.transaction("save a comparison", (c) =>
      c.query(
        `INSERT INTO comparisons (id, baseline_run_id, candidate_run_id, baseline_arm, candidate_arm, status, created_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at, body = excluded.body`,
        [x.id, x.baselineRunId, x.candidateRunId, x.baselineArm, x.candidateArm, x.verdict.status, x.createdAt, stored(x)],
      ),
    );
  }

  async listComparisons(runId: string): Promise<Comparison[]> {
    return this.read(async (c) =>
      (await c.query<{ body: string }>("SELECT body FROM comparisons WHERE baseline_run_id = $1 OR candidate_run_id = $1 ORDER BY created_at, id COLLATE \"C\"", [runId])).rows.map(
        (r) => JSON.parse(r.body) as Comparison,
      ),
    );
  }

  async listComparisonHeads(runId: string): Promise<S.StoredComparisonHead[]> {
    return this.read(async (c) =>
      (
        await c.query<S.StoredComparisonHead>(
          `SELECT id, baseline_run_id AS "baselineRunId", candidate_run_id AS "candidateRunId", baseline_arm AS "baselineArm", candidate_arm AS "candidateArm",
             status, created_at AS "createdAt" FROM comparisons WHERE baseline_run_id = $1 OR candidate_run_id = $1 ORDER BY created_at, id COLLATE "C"`,
          [runId],
        )
      ).rows,
    );
  }

  async getComparison(id: string): Promise<Comparison | undefined> {
    return this.read(async (c) => {
      const row = (await c.query<{ body: string }>("SELECT body FROM comparisons WHERE id = $1", [id])).rows[0];
      return row ? (JSON.parse(row.body) as Comparison) : undefined;
    });
  }

  async recordLook(look: S.StoredLook): Promise<number> {
    return this.transaction("record a look", async (c) => {
      await c.query("INSERT INTO looks (look_key, candidate_run_id, comparison_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [
        look.key, look.candidateRunId, look.comparisonId, look.createdAt,
      ]);
      const n = await c.query<{ n: string }>(
        "SELECT COUNT(*) AS n FROM looks WHERE look_key = $1 AND seq <= (SELECT seq FROM looks WHERE look_key = $1 AND candidate_run_id = $2)",
        [look.key, look.candidateRunId],
      );
      return Number(n.rows[0]?.n ?? 0);
    });
  }

  async listLooks(key: string): Promise<S.StoredLook[]> {
    return this.read(async (c) =>
      (await c.query<S.StoredLook>(`SELECT look_key AS key, candidate_run_id AS "candidateRunId", comparison_id AS "comparisonId", created_at AS "createdAt" FROM looks WHERE look_key = $1 ORDER BY seq`, [key])).rows,
    );
  }

  async recordShard(runId: string, shard: S.StoredShard): Promise<{ completed: number }> {
    return this.transaction("record a shard", async (c) => {
      // The run's row locked: of two shards finishing at once, exactly one sees them all complete.
      const run = await c.query("SELECT 1 FROM runs WHERE id = $1 FOR UPDATE", [runId]);
      if (run.rowCount === 0) throw new EvalgateError("INTERNAL", `cannot record shard ${shard.index}/${shard.count}: ${this.location} does not hold run ${runId}`);
      await c.query(
        `INSERT INTO run_shards (run_id, shard_index, shard_count, status, finished_at, repeat, seed) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (run_id, shard_index) DO UPDATE SET shard_count = excluded.shard_count, status = excluded.status,
           finished_at = excluded.finished_at, repeat = excluded.repeat, seed = excluded.seed`,
        [runId, shard.index, shard.count, shard.status, shard.finishedAt, shard.repeat, shard.seed],
      );
      const n = await c.query<{ n: string }>("SELECT COUNT(*) AS n FROM run_shards WHERE run_id = $1 AND status = 'completed'", [runId]);
      return { completed: Number(n.rows[0]?.n ?? 0) };
    });
  }

  async listShards(runId: string): Promise<S.StoredShard[]> {
    return this.read(async (c) =>
      (
        await c.query<S.StoredShard & { seed: string | null }>(
          `SELECT shard_index AS "index", shard_count AS count, status, finished_at AS "finishedAt", repeat, seed FROM run_shards WHERE run_id = $1 ORDER BY shard_index`,
          [runId],
        )
      ).rows.map((r) => ({ ...r, seed: r.seed === null ? null : Number(r.seed) })),
    );
  }

  async getImage(sha256: string): Promise<S.StoredImage | undefined> {
    return this.read(async (c) => {
      const row = (await c.query<{ media_type: string; data: Buffer }>("SELECT media_type, data FROM images WHERE sha256 = $1", [sha256])).rows[0];
      return row ? { sha256, mediaType: row.media_type, bytes: row.data } : undefined;
    });
  }

  async saveBatchIntent(runId: string, i: BatchIntent): Promise<void> {
    await this.transaction("record a batch", async (c) => {
      const run = await c.query("SELECT 1 FROM runs WHERE id = $1", [runId]);
      if (run.rowCount === 0) throw new EvalgateError("INTERNAL", `cannot record batch chunk ${i.chunk}: ${this.location} does not hold run ${runId}`);
      await c.query(
        `INSERT INTO batch_chunks (run_id, ${BATCH_CHUNK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (run_id, chunk) DO UPDATE SET arm = excluded.arm, file_id = excluded.file_id, batch_id = excluded.batch_id,
           attempts_json = excluded.attempts_json, created_at = excluded.created_at`,
        [runId, ...rowValues(i)],
      );
    });
  }

  async listBatchIntents(runId: string): Promise<BatchIntent[]> {
    return this.read(async (c) =>
      (await c.query<BatchChunkRow>(`SELECT ${BATCH_CHUNK_COLUMNS} FROM batch_chunks WHERE run_id = $1 ORDER BY chunk`, [runId])).rows.map(intentOf),
    );
  }

  async cacheGet(key: string): Promise<unknown | undefined> {
    return this.read(async (c) => {
      const row = (await c.query<{ response: string }>("SELECT response FROM response_cache WHERE key = $1", [key])).rows[0];
      return row ? (JSON.parse(row.response) as unknown) : undefined;
    });
  }

  async cachePut(key: string, response: unknown): Promise<void> {
    await this.transaction("write the response cache", (c) =>
      c.query("INSERT INTO response_cache (key, response, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET response = excluded.response, created_at = excluded.created_at", [
        key, stored(response), new Date().toISOString(),
      ]),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async readRun(c: pg.PoolClient, runId: string): Promise<Run | undefined> {
    const row = (await c.query<{ head: string; status: RunStatus; finished_at: string | null }>("SELECT head, status, finished_at FROM runs WHERE id = $1", [runId])).rows[0];
    if (!row) return undefined;
    const arms = (await c.query<{ info: string }>('SELECT info FROM arms WHERE run_id = $1 ORDER BY position, arm COLLATE "C"', [runId])).rows.map((r) => JSON.parse(r.info) as ArmInfo);
    const tags = (await c.query<{ tag: string }>('SELECT tag FROM run_tags WHERE run_id = $1 ORDER BY position, tag COLLATE "C"', [runId])).rows.map((r) => r.tag);
    const head = JSON.parse(row.head) as RunHead;
    return { ...head, status: row.status, finishedAt: row.finished_at, tags, arms };
  }

  /** Newest first (start time, then id), as SQLite lists them. */
  private async listHeads(c: pg.PoolClient, f: { suite?: string | undefined; tag?: string | undefined; idPrefix?: string; limit: number }): Promise<Run[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.suite !== undefined) where.push(`suite = $${params.push(f.suite)}`);
    if (f.tag !== undefined) where.push(`EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = $${params.push(f.tag)})`);
    if (f.idPrefix !== undefined) where.push(`starts_with(id, $${params.push(f.idPrefix)})`);
    const ids = await c.query<{ id: string }>(`SELECT id FROM runs r ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY started_at DESC, id DESC LIMIT ${Math.max(0, Math.floor(f.limit))}`, params);
    const runs: Run[] = [];
    for (const { id } of ids.rows) {
      const run = await this.readRun(c, id);
      if (run) runs.push(run);
    }
    return runs;
  }

  private async summaryOf(c: pg.PoolClient, run: Run): Promise<S.RunSummary> {
    const row = (await c.query<{ arms: string }>("SELECT arms FROM run_summaries WHERE run_id = $1", [run.id])).rows[0];
    const arms = row ? (JSON.parse(row.arms) as ArmSummary[]) : await tallyRun(c, run);
    return { run, arms, totals: summarizeTotals(arms) };
  }

  private async read<T>(body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.connect();
    try {
      return await body(c);
    } finally {
      c.release();
    }
  }

  /** One transaction; `explain` may turn a server error into the error a caller should see. */
  private async transaction<T>(what: string, body: (c: pg.PoolClient) => Promise<T>, explain?: (error: unknown) => EvalgateError | undefined): Promise<T> {
    if (this.readonly) throw new EvalgateError("INTERNAL", `cannot ${what}: ${this.location} was opened read-only`);
    const c = await this.connect();
    try {
      await c.query("BEGIN");
      const result = await body(c);
      await c.query("COMMIT");
      return result;
    } catch (error) {
      await c.query("ROLLBACK").catch(() => undefined);
      if (error instanceof EvalgateError) throw error;
      const explained = explain?.(error);
      if (explained) throw explained;
      throw new EvalgateError("DATABASE_UNUSABLE", `cannot ${what} in ${this.location}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      c.release();
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    if (this.closed) throw new EvalgateError("INTERNAL", `${this.location} is closed`);
    return this.pool.connect();
  }
}

/** Postgres's foreign_key_violation (SQLSTATE 23503). */
function foreignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23503";
}

/** The WHERE of an attempt query, each filter of S.AttemptFilter as SQL (as the memory store filters them). */
function attemptFilter(runId: string, f: S.AttemptFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [runId];
  const where = ["a.run_id = $1"];
  if (f.arm !== undefined) where.push(`a.arm = $${params.push(f.arm)}`);
  if (f.caseId !== undefined) where.push(`a.case_id = $${params.push(f.caseId)}`);
  if (f.status === "error") where.push("a.status = 'error'");
  if (f.status === "pass") where.push("a.status = 'ok' AND a.pass IS TRUE");
  if (f.status === "fail") where.push("a.status = 'ok' AND a.pass IS FALSE");
  if (f.grader !== undefined) {
    const failed = f.status === "fail" ? " AND NOT s.pass" : "";
    where.push(`EXISTS (SELECT 1 FROM scores s WHERE s.run_id = a.run_id AND s.case_id = a.case_id AND s.arm = a.arm AND s.repeat = a.repeat AND s.grader = $${params.push(f.grader)}${failed})`);
  }
  if (f.tag !== undefined) where.push(`EXISTS (SELECT 1 FROM case_tags t WHERE t.run_id = a.run_id AND t.case_id = a.case_id AND t.tag = $${params.push(f.tag)})`);
  if (f.search) {
    const p = `$${params.push(asciiLower(f.search))}`;
    where.push(`(strpos(a.search_id, ${p}) > 0 OR strpos(a.search_text, ${p}) > 0 OR strpos(a.search_error, ${p}) > 0)`);
  }
  return { where: where.join(" AND "), params };
}

interface AttemptRow {
  body: string;
  raw: string | null;
  /** A tool loop's step bodies, as a JSON array (null without steps). */
  steps: string | null;
  step_raws: string | null;
}

/** A tool loop's steps (migration 005) beside an attempt's row, as JSON arrays in step order. */
function stepColumns(includeRaw: boolean): string {
  const of = (column: string) =>
    `(SELECT '[' || string_agg(s.${column}, ',' ORDER BY s.step) || ']' FROM attempt_steps s WHERE s.run_id = a.run_id AND s.case_id = a.case_id AND s.arm = a.arm AND s.repeat = a.repeat)`;
  return `${of("body")} AS steps, ${includeRaw ? of("raw") : "NULL"} AS step_raws`;
}

function readAttempt(row: AttemptRow): Attempt {
  const a = JSON.parse(row.body) as Attempt;
  if (a.output) {
    a.output.raw = row.raw ? (JSON.parse(row.raw) as { request: unknown; response: unknown }) : { request: null, response: null };
    if (a.output.trajectory && row.steps) {
      const bodies = JSON.parse(row.steps) as StepBody[];
      const raws = row.step_raws ? (JSON.parse(row.step_raws) as LoopStep["raw"][]) : [];
      a.output = joinSteps(a.output, bodies.map((body, i) => ({ body, raw: raws[i] ?? null })));
    }
  }
  return a;
}

/** One case of a run (a held case id keeps its row and tags). */
async function insertCase(c: pg.PoolClient, runId: string, k: S.StoredCase, position: number): Promise<void> {
  const inserted = await c.query("INSERT INTO cases (run_id, case_id, position, value) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [
    runId, k.id, position, JSON.stringify({ ...k, vars: JSON.parse(stored(k.vars)) as unknown }),
  ]);
  if (inserted.rowCount === 0) return;
  for (const t of k.tags) await c.query("INSERT INTO case_tags (run_id, tag, case_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [runId, t, k.id]);
}

/** One attempt with its scores, steps and images, inside the caller's transaction; re-writing replaces. */
async function writeAttempt(c: pg.PoolClient, a: Attempt): Promise<void> {
  const split = a.output ? splitSteps(a.output) : null;
  const body: Attempt = { ...a, output: split ? { ...split.output, raw: NO_RAW } : null, error: a.error ? (redactSecrets(a.error) as Attempt["error"]) : null };
  const steps = split?.steps ?? [];
  const apart = extractImages(a.output?.raw.request ?? null);
  const raw = a.output ? JSON.stringify({ request: JSON.parse(stored(apart.request)) as unknown, response: JSON.parse(stored(a.output.raw.response)) as unknown }) : null;
  for (const image of apart.images) {
    await c.query("INSERT INTO images (sha256, media_type, size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING", [image.sha256, image.mediaType, image.bytes.length, image.bytes]);
  }
  // The attempts → runs foreign key checks the run (its violation is explained below), not a second query per attempt.
  await c.query(
    `INSERT INTO attempts (run_id, case_id, arm, repeat, status, pass, error_kind, replayed, cost_usd, search_id, search_text, search_error, body, raw,
       score, latency_ms, ttft_ms, wall_ms, judge_usd, judge_calls, judge_unknown, input_tokens, cached_tokens, tallied)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, true)
     ON CONFLICT (run_id, case_id, arm, repeat) DO UPDATE SET status = excluded.status, pass = excluded.pass, error_kind = excluded.error_kind,
       replayed = excluded.replayed, cost_usd = excluded.cost_usd, search_id = excluded.search_id, search_text = excluded.search_text,
       search_error = excluded.search_error, body = excluded.body, raw = excluded.raw, score = excluded.score, latency_ms = excluded.latency_ms,
       ttft_ms = excluded.ttft_ms, wall_ms = excluded.wall_ms, judge_usd = excluded.judge_usd, judge_calls = excluded.judge_calls,
       judge_unknown = excluded.judge_unknown, input_tokens = excluded.input_tokens, cached_tokens = excluded.cached_tokens, tallied = true`,
    [
      a.runId, a.caseId, a.arm, a.repeat, a.status, a.pass, a.error?.kind ?? null, a.replayed, a.status === "ok" ? a.cost.usd : null,
      asciiLower(a.caseId), a.output ? asciiLower(a.output.text) : null, a.error ? asciiLower(body.error?.message ?? "") : null,
      JSON.stringify(body), raw, ...tallyColumns(body),
    ],
  );
  await c.query("DELETE FROM scores WHERE run_id = $1 AND case_id = $2 AND arm = $3 AND repeat = $4", [a.runId, a.caseId, a.arm, a.repeat]);
  if (a.scores.length) {
    await c.query("INSERT INTO scores (run_id, case_id, arm, repeat, grader, pass) SELECT $1, $2, $3, $4, g, p FROM unnest($5::text[], $6::boolean[]) AS s (g, p)", [
      a.runId, a.caseId, a.arm, a.repeat, a.scores.map((x) => x.grader), a.scores.map((x) => x.pass),
    ]);
  }
  // An arm is a loop or not for all its attempts: only a loop's output, or an error replacing one, can leave steps behind.
  if (steps.length > 0 || a.output === null) await c.query("DELETE FROM attempt_steps WHERE run_id = $1 AND case_id = $2 AND arm = $3 AND repeat = $4", [a.runId, a.caseId, a.arm, a.repeat]);
  for (const step of steps) {
    await c.query("INSERT INTO attempt_steps (run_id, case_id, arm, repeat, step, body, raw) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      a.runId, a.caseId, a.arm, a.repeat, step.index, JSON.stringify(stepBody(step)), stored({ request: step.raw.request ?? null, response: step.raw.response ?? null }),
    ]);
  }
  await c.query("DELETE FROM run_summaries WHERE run_id = $1", [a.runId]);
}
