import type Database from "better-sqlite3";
import type { ArmInfo, Run, RunPlan, RunStatus } from "../../core/index.js";
import type { StoredCase, StoredSuite } from "../store.js";
import { blobValue, type BlobEncoding, type BlobTable } from "./blobs.js";

interface RunRow {
  id: string;
  suite: string;
  suite_hash: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  git_commit: string | null;
  git_dirty: number | null;
  evalgate_version: string;
  schema_version: number;
  simulated: number;
}

interface ArmRow {
  arm: string;
  prompt_id: string;
  target_id: string;
  api: ArmInfo["api"];
  model: string;
  params_json: string;
  warnings_json: string;
  simulated: number;
  recorded: number;
}

interface CaseRow {
  case_id: string;
  vars_blob: string;
  vars_hash: string;
  tags_json: string;
  group_id: string | null;
  weight: number | null;
}

const bool = (b: boolean): number => (b ? 1 : 0);

/** Runs, their arms, tags and cases. Writing a run id twice keeps the first row and unions the rest (shards). */
export class RunTable {
  /** Prepared once: every recorded attempt checks its run. */
  private readonly existsStatement: Database.Statement<[string]>;

  constructor(
    private readonly db: Database.Database,
    private readonly blobs: BlobTable,
  ) {
    this.existsStatement = db.prepare<[string]>("SELECT 1 FROM runs WHERE id = ?").pluck();
  }

  create(run: Run, suite: StoredSuite, cases: StoredCase[]): void {
    const now = new Date().toISOString();
    const sourceBlob = this.blobs.put(suite.source);
    this.db
      .prepare("INSERT OR IGNORE INTO suites (hash, name, source_blob, created_at) VALUES (?, ?, ?, ?)")
      .run(suite.hash, suite.name, sourceBlob, now);
    this.db
      .prepare(
        `INSERT OR IGNORE INTO runs (id, suite, suite_hash, status, started_at, finished_at, git_commit, git_dirty,
           evalgate_version, schema_version, simulated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(run.id, run.suite, run.suiteHash, run.status, run.startedAt, run.finishedAt, run.gitCommit,
        run.gitDirty === null ? null : bool(run.gitDirty), run.evalgateVersion, run.schemaVersion, bool(run.simulated));
    const tag = this.db.prepare("INSERT OR IGNORE INTO run_tags (run_id, tag, position) VALUES (?, ?, ?)");
    run.tags.forEach((t, i) => tag.run(run.id, t, i));
    const arm = this.db.prepare(
      `INSERT OR IGNORE INTO arms (run_id, arm, position, prompt_id, target_id, api, model, params_json, warnings_json, simulated, recorded)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    run.arms.forEach((a, i) =>
      arm.run(run.id, a.arm, i, a.promptId, a.targetId, a.api, a.model, JSON.stringify(a.params), JSON.stringify(a.warnings), bool(a.simulated), bool(a.recorded === true)),
    );
    this.insertCases(run.id, cases);
  }

  /** Cases of a run already created (a shadow proxy adds one per mirrored pair); a held case id keeps its row. */
  insertCases(runId: string, cases: StoredCase[]): void {
    const insertCase = this.db.prepare(
      "INSERT OR IGNORE INTO cases (run_id, case_id, position, vars_blob, vars_hash, tags_json, group_id, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insertTag = this.db.prepare("INSERT OR IGNORE INTO case_tags (run_id, tag, case_id) VALUES (?, ?, ?)");
    cases.forEach((c, i) => {
      insertCase.run(runId, c.id, i, this.blobs.put(c.vars), c.varsHash, JSON.stringify(c.tags), c.group ?? null, c.weight ?? null);
      for (const t of c.tags) insertTag.run(runId, t, c.id);
    });
  }

  finish(runId: string, status: RunStatus, finishedAt: string): number {
    return this.db.prepare("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?").run(status, finishedAt, runId).changes;
  }

  exists(runId: string): boolean {
    return this.existsStatement.get(runId) !== undefined;
  }

  get(runId: string): Run | undefined {
    const row = this.db.prepare<[string], RunRow>("SELECT * FROM runs WHERE id = ?").get(runId);
    return row ? this.toRun(row) : undefined;
  }

  /** Newest first (start time, then id: ids are sortable timestamps). */
  list(filter: { suite?: string; tag?: string; idPrefix?: string; limit: number }): Run[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.suite !== undefined) {
      where.push("r.suite = ?");
      params.push(filter.suite);
    }
    if (filter.tag !== undefined) {
      where.push("EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)");
      params.push(filter.tag);
    }
    if (filter.idPrefix !== undefined) {
      where.push("substr(r.id, 1, ?) = ?");
      params.push(filter.idPrefix.length, filter.idPrefix);
    }
    const sql = `SELECT r.* FROM runs r ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY r.started_at DESC, r.id DESC LIMIT ?`;
    const rows = this.db.prepare<unknown[], RunRow>(sql).all(...params, filter.limit);
    return rows.map((r) => this.toRun(r));
  }

  /** The run's cases, each with its vars read in the same statement (one join, not a blob lookup per case). */
  cases(runId: string): StoredCase[] {
    const rows = this.db
      .prepare<[string], CaseRow & { encoding: BlobEncoding | null; data: Buffer | null }>(
        `SELECT c.case_id, c.vars_blob, c.vars_hash, c.tags_json, c.group_id, c.weight, b.encoding, b.data
         FROM cases c LEFT JOIN blobs b ON b.hash = c.vars_blob WHERE c.run_id = ? ORDER BY c.position, c.case_id`,
      )
      .all(runId);
    return rows.map((r) => ({
      id: r.case_id,
      vars: (r.encoding === null || r.data === null ? {} : blobValue(r.encoding, r.data)) as Record<string, unknown>,
      tags: JSON.parse(r.tags_json) as string[],
      varsHash: r.vars_hash,
      ...(r.group_id === null ? {} : { group: r.group_id }),
      ...(r.weight === null ? {} : { weight: r.weight }),
    }));
  }

  savePlan(runId: string, plan: RunPlan): void {
    this.db.prepare("INSERT OR REPLACE INTO run_plans (run_id, plan_blob) VALUES (?, ?)").run(runId, this.blobs.put(plan));
  }

  plan(runId: string): RunPlan | undefined {
    const hash = this.db.prepare<[string], string>("SELECT plan_blob FROM run_plans WHERE run_id = ?").pluck().get(runId);
    const value = hash === undefined ? undefined : (this.blobs.get(hash) as Partial<RunPlan> | undefined);
    return value && value.v === 1 ? (value as RunPlan) : undefined;
  }

  suiteSource(hash: string): unknown {
    const row = this.db.prepare<[string], { source_blob: string }>("SELECT source_blob FROM suites WHERE hash = ?").get(hash);
    return row ? this.blobs.get(row.source_blob) : undefined;
  }

  private toRun(row: RunRow): Run {
    const arms = this.db
      .prepare<[string], ArmRow>("SELECT * FROM arms WHERE run_id = ? ORDER BY position, arm")
      .all(row.id)
      .map(
        (a): ArmInfo => ({
          arm: a.arm,
          promptId: a.prompt_id,
          targetId: a.target_id,
          api: a.api,
          model: a.model,
          params: JSON.parse(a.params_json) as ArmInfo["params"],
          warnings: JSON.parse(a.warnings_json) as string[],
          simulated: a.simulated === 1,
          ...(a.recorded === 1 ? { recorded: true } : {}),
        }),
      );
    const tags = this.db
      .prepare<[string], { tag: string }>("SELECT tag FROM run_tags WHERE run_id = ? ORDER BY position, tag")
      .all(row.id)
      .map((t) => t.tag);
    return {
      id: row.id,
      suite: row.suite,
      suiteHash: row.suite_hash,
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      gitCommit: row.git_commit,
      gitDirty: row.git_dirty === null ? null : row.git_dirty === 1,
      evalgateVersion: row.evalgate_version,
      schemaVersion: row.schema_version,
      tags,
      arms,
      simulated: row.simulated === 1,
    };
  }
}
