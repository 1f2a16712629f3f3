import type Database from "better-sqlite3";
import { attemptLatencyMs, type Attempt, type AttemptError, type Output, type Score } from "../../core/index.js";
import { redactSecrets } from "../redact-secrets.js";
import { attemptKeyString, type AttemptFilter, type AttemptPage, type AttemptQuery, type ResumeState } from "../store.js";
import type { BlobTable } from "./blobs.js";
import type { PayloadCodec } from "./payload-codec.js";
import { joinSteps, splitSteps, stepBody, type StepBody } from "../trajectory-rows.js";
import { attemptWhere } from "./attempt-filter.js";
import { extractImages } from "../image-refs.js";
import type { ImageTable } from "./images.js";

interface AttemptRow {
  run_id: string;
  case_id: string;
  arm: string;
  repeat: number;
  status: Attempt["status"];
  pass: number | null;
  score: number | null;
  tries: number;
  cost_usd: number | null;
  input_usd: number | null;
  output_usd: number | null;
  text: string | null;
  /** JSON text (stored before 007), or JSON deflated against the arm's output dictionary. */
  output_json: string | Buffer | null;
  error_json: string | null;
  request_blob: string | null;
  response_blob: string | null;
  raw: Buffer | null;
  started_at: string;
  finished_at: string;
  replayed: number;
  simulated: number;
}

interface StepRow {
  run_id: string;
  arm: string;
  body: Buffer;
  raw: Buffer | null;
}

interface ScoreRow {
  grader: string;
  type: string;
  value: number | null;
  pass: number;
  reason: string;
  weight: number;
  judge_cost_json: string | null;
}

const UPSERT_ATTEMPT = `
INSERT INTO attempts (run_id, case_id, arm, repeat, status, pass, score, tries, cost_usd, input_usd, output_usd,
  latency_ms, ttft_ms, wall_ms, input_tokens, cached_tokens, text, output_json, error_kind, error_json, request_blob, response_blob, raw, started_at, finished_at, replayed, simulated)
VALUES (@runId, @caseId, @arm, @repeat, @status, @pass, @score, @tries, @costUsd, @inputUsd, @outputUsd,
  @latencyMs, @ttftMs, @wallMs, @inputTokens, @cachedTokens, @text, @outputJson, @errorKind, @errorJson, NULL, NULL, @raw, @startedAt, @finishedAt, @replayed, @simulated)
ON CONFLICT (run_id, case_id, arm, repeat) DO UPDATE SET
  status = excluded.status, pass = excluded.pass, score = excluded.score, tries = excluded.tries,
  cost_usd = excluded.cost_usd, input_usd = excluded.input_usd, output_usd = excluded.output_usd,
  latency_ms = excluded.latency_ms, ttft_ms = excluded.ttft_ms, wall_ms = excluded.wall_ms, input_tokens = excluded.input_tokens, cached_tokens = excluded.cached_tokens, text = excluded.text, output_json = excluded.output_json,
  error_kind = excluded.error_kind, error_json = excluded.error_json, request_blob = excluded.request_blob,
  response_blob = excluded.response_blob, raw = excluded.raw, started_at = excluded.started_at, finished_at = excluded.finished_at,
  replayed = excluded.replayed, simulated = excluded.simulated`;

/** The columns an attempt is read from; without its raw payloads, their columns read as NULL (no blob copied out per row). */
function attemptColumns(includeRaw: boolean): string {
  return includeRaw ? "a.*" : ATTEMPT_COLUMNS_WITHOUT_RAW;
}

const ATTEMPT_COLUMNS_WITHOUT_RAW = `a.run_id, a.case_id, a.arm, a.repeat, a.status, a.pass, a.score, a.tries, a.cost_usd, a.input_usd, a.output_usd,
  a.text, a.output_json, a.error_json, NULL AS request_blob, NULL AS response_blob, NULL AS raw, a.started_at, a.finished_at, a.replayed, a.simulated`;

/** Error kinds that mean the run stopped before the attempt was answered: resume sends them again. */
const UNFINISHED_ERROR_KINDS = ["cancelled", "budget_exceeded"] as const;

const flag = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

/** Attempts and their scores; the normalized output and the raw payloads in the row (raw payloads of attempts stored before 007 in blobs). */
export class AttemptTable {
  private readonly upsert: Database.Statement;
  private readonly deleteScores: Database.Statement;
  private readonly insertScore: Database.Statement;
  private readonly selectScores: Database.Statement<[string, string, string, number], ScoreRow>;
  private selectScoreRange?: Database.Statement<unknown[], ScoreRow & { case_id: string; arm: string; repeat: number }>;
  // Prepared on first use: a database older than 008 (opened read-only, to say so) has no steps table.
  private stepStatements?: { remove: Database.Statement; insert: Database.Statement; select: Database.Statement<[string, string, string, number], StepRow>; selectBodies: Database.Statement<[string, string, string, number], StepRow> };

  constructor(
    private readonly db: Database.Database,
    private readonly blobs: BlobTable,
    private readonly payloads: PayloadCodec,
    private readonly images: ImageTable,
  ) {
    this.upsert = db.prepare(UPSERT_ATTEMPT);
    this.deleteScores = db.prepare("DELETE FROM scores WHERE run_id = ? AND case_id = ? AND arm = ? AND repeat = ?");
    this.insertScore = db.prepare(
      `INSERT INTO scores (run_id, case_id, arm, repeat, position, grader, type, value, pass, reason, weight, judge_cost_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectScores = db.prepare<[string, string, string, number], ScoreRow>(
      "SELECT grader, type, value, pass, reason, weight, judge_cost_json FROM scores WHERE run_id = ? AND case_id = ? AND arm = ? AND repeat = ? ORDER BY position",
    );
  }

  private get steps() {
    this.stepStatements ??= {
      remove: this.db.prepare("DELETE FROM attempt_steps WHERE run_id = ? AND case_id = ? AND arm = ? AND repeat = ?"),
      insert: this.db.prepare("INSERT INTO attempt_steps (run_id, case_id, arm, repeat, step, body, raw) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      select: this.db.prepare<[string, string, string, number], StepRow>("SELECT run_id, arm, body, raw FROM attempt_steps WHERE run_id = ? AND case_id = ? AND arm = ? AND repeat = ? ORDER BY step"),
      selectBodies: this.db.prepare<[string, string, string, number], StepRow>("SELECT run_id, arm, body, NULL AS raw FROM attempt_steps WHERE run_id = ? AND case_id = ? AND arm = ? AND repeat = ? ORDER BY step"),
    };
    return this.stepStatements;
  }

  /** Call inside a transaction: the attempt row, then its scores and tool-loop steps replaced. */
  write(a: Attempt): void {
    const split = a.output ? splitSteps(a.output) : null;
    const output = split?.output ?? null;
    let outputJson: Buffer | null = null;
    if (output) {
      const { raw: _raw, text: _text, ...rest } = output;
      outputJson = this.payloads.encode(a.runId, a.arm, "output", JSON.stringify(rest));
    }
    this.upsert.run({
      runId: a.runId, caseId: a.caseId, arm: a.arm, repeat: a.repeat, status: a.status,
      pass: flag(a.pass), score: a.score, tries: a.tries,
      costUsd: a.cost.usd, inputUsd: a.cost.inputUsd, outputUsd: a.cost.outputUsd,
      latencyMs: attemptLatencyMs(a), ttftMs: output?.latency.ttftMs ?? null, wallMs: output?.latency.observed?.totalMs ?? null,
      inputTokens: output?.usage?.inputTokens ?? null, cachedTokens: output?.usage?.cachedInputTokens ?? null, text: output?.text ?? null, outputJson,
      errorKind: a.error?.kind ?? null, errorJson: a.error ? JSON.stringify(redactSecrets(a.error)) : null,
      raw: output ? this.payloads.encodeRaw(a.runId, a.arm, this.withImagesApart(output.raw)) : null,
      startedAt: a.startedAt, finishedAt: a.finishedAt, replayed: flag(a.replayed), simulated: flag(a.simulated),
    });
    this.deleteScores.run(a.runId, a.caseId, a.arm, a.repeat);
    a.scores.forEach((s, i) =>
      this.insertScore.run(a.runId, a.caseId, a.arm, a.repeat, i, s.grader, s.type, s.value, flag(s.pass), s.reason, s.weight,
        s.judgeCost === undefined ? null : JSON.stringify(s.judgeCost)),
    );
    this.writeSteps(a, split?.steps ?? []);
  }

  /** A tool loop's steps, one row each (migration 008); an upsert replaces the earlier ones. */
  private writeSteps(a: Attempt, steps: NonNullable<Output["trajectory"]>["steps"]): void {
    // An arm is a loop or not for all its attempts: only a loop's output, or an error replacing one, can leave steps behind.
    if (steps.length === 0 && a.output !== null) return;
    this.steps.remove.run(a.runId, a.caseId, a.arm, a.repeat);
    for (const step of steps) {
      const body = this.payloads.encode(a.runId, a.arm, "output", JSON.stringify(stepBody(step)));
      this.steps.insert.run(a.runId, a.caseId, a.arm, a.repeat, step.index, body, this.payloads.encodeRaw(a.runId, a.arm, step.raw));
    }
  }

  private readSteps(row: AttemptRow, output: Output, includeRaw: boolean): Output {
    if (!output.trajectory) return output;
    const rows = (includeRaw ? this.steps.select : this.steps.selectBodies).all(row.run_id, row.case_id, row.arm, row.repeat);
    return joinSteps(output, rows.map((r) => ({
      body: JSON.parse(this.payloads.decode(r.run_id, r.arm, "output", r.body)) as StepBody,
      raw: r.raw === null ? null : this.payloads.decodeRaw(r.run_id, r.arm, r.raw),
    })));
  }

  /** The raw call with its images stored apart, by hash, and named by it in the request. */
  private withImagesApart(raw: Output["raw"]): Output["raw"] {
    const { request, images } = extractImages(raw.request);
    for (const image of images) this.images.put(image);
    return images.length === 0 ? raw : { ...raw, request };
  }

  list(runId: string, query: AttemptQuery): AttemptPage {
    const { sql, params } = attemptWhere(runId, query);
    const limit = Math.max(0, Math.floor(query.limit));
    const offset = Math.max(0, Math.floor(query.offset));
    if (query.search !== undefined && query.search !== "") return this.searchPage(sql, params, limit, offset, query.includeRaw === true);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM attempts a WHERE ${sql}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare<unknown[], AttemptRow>(`SELECT ${attemptColumns(query.includeRaw === true)} FROM attempts a WHERE ${sql} ORDER BY a.case_id, a.arm, a.repeat LIMIT ? OFFSET ?`)
      .all(...params, limit, offset);
    return { total, attempts: rows.map((r) => this.toAttempt(r, query.includeRaw === true)) };
  }

  /**
   * A search reads every row of the run (no index serves a substring), so it scans once, not
   * twice (count, then page): the matching rowids in page order give the total, and the page
   * is read by rowid. One read transaction, so the total and the page agree.
   */
  private searchPage(sql: string, params: unknown[], limit: number, offset: number, includeRaw: boolean): AttemptPage {
    return this.db.transaction((): AttemptPage => {
      const ids = this.db.prepare(`SELECT a.rowid FROM attempts a WHERE ${sql} ORDER BY a.case_id, a.arm, a.repeat`).pluck().all(...params) as number[];
      const rows = this.db
        .prepare<[string], AttemptRow>(`SELECT ${attemptColumns(includeRaw)} FROM attempts a WHERE a.rowid IN (SELECT value FROM json_each(?)) ORDER BY a.case_id, a.arm, a.repeat`)
        .all(JSON.stringify(ids.slice(offset, offset + limit)));
      return { total: ids.length, attempts: rows.map((r) => this.toAttempt(r, includeRaw)) };
    })();
  }

  get(runId: string, caseId: string, arm: string, repeat: number): Attempt | undefined {
    const row = this.db
      .prepare<[string, string, string, number], AttemptRow>("SELECT * FROM attempts WHERE run_id = ? AND case_id = ? AND arm = ? AND repeat = ?")
      .get(runId, caseId, arm, repeat);
    return row ? this.toAttempt(row, true) : undefined;
  }

  /**
   * The attempts already answered (an attempt the run stopped before answering is sent
   * again) and what the sent ones cost.
   */
  resumeState(runId: string): ResumeState {
    const placeholders = UNFINISHED_ERROR_KINDS.map(() => "?").join(", ");
    const rows = this.db
      .prepare<unknown[], { case_id: string; arm: string; repeat: number }>(
        `SELECT case_id, arm, repeat FROM attempts WHERE run_id = ? AND (status = 'ok' OR error_kind NOT IN (${placeholders}))`,
      )
      .all(runId, ...UNFINISHED_ERROR_KINDS);
    const spent = this.db
      .prepare<[string], number>("SELECT TOTAL(cost_usd) FROM attempts WHERE run_id = ? AND status = 'ok' AND replayed = 0")
      .pluck()
      .get(runId);
    return { completed: new Set(rows.map((r) => attemptKeyString(r.case_id, r.arm, r.repeat))), spentUsd: spent ?? 0 };
  }

  /**
   * The page after `after` in page order (keyset: no OFFSET, so reading a whole run a page
   * at a time stays linear).
   */
  pageAfter(runId: string, filter: AttemptFilter, after: { caseId: string; arm: string; repeat: number } | null, limit: number): Attempt[] {
    const { sql, params } = attemptWhere(runId, filter);
    const keyset = after ? " AND (a.case_id, a.arm, a.repeat) > (?, ?, ?)" : "";
    const rows = this.db
      .prepare<unknown[], AttemptRow>(`SELECT ${attemptColumns(filter.includeRaw === true)} FROM attempts a WHERE ${sql}${keyset} ORDER BY a.case_id, a.arm, a.repeat LIMIT ?`)
      .all(...params, ...(after ? [after.caseId, after.arm, after.repeat] : []), limit);
    // A page in key order with nothing left out between its first and last rows: its scores in one range read.
    const contiguous = filter.status === undefined && filter.grader === undefined && filter.tag === undefined && (filter.search ?? "") === "" && filter.arm === undefined;
    const scores = contiguous && rows.length > 1 ? this.scoresBetween(rows[0]!, rows[rows.length - 1]!) : undefined;
    return rows.map((r) => this.toAttempt(r, filter.includeRaw === true, scores?.get(attemptKeyString(r.case_id, r.arm, r.repeat)) ?? (scores ? [] : undefined)));
  }

  /** The scores of every attempt from `first` to `last` (key order, inclusive), by attempt key. */
  private scoresBetween(first: AttemptRow, last: AttemptRow): Map<string, Score[]> {
    this.selectScoreRange ??= this.db.prepare<unknown[], ScoreRow & { case_id: string; arm: string; repeat: number }>(
      `SELECT case_id, arm, repeat, grader, type, value, pass, reason, weight, judge_cost_json FROM scores
       WHERE run_id = ? AND (case_id, arm, repeat) >= (?, ?, ?) AND (case_id, arm, repeat) <= (?, ?, ?) ORDER BY case_id, arm, repeat, position`,
    );
    const out = new Map<string, Score[]>();
    for (const r of this.selectScoreRange.all(first.run_id, first.case_id, first.arm, first.repeat, last.case_id, last.arm, last.repeat)) {
      const key = attemptKeyString(r.case_id, r.arm, r.repeat);
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push(toScore(r));
    }
    return out;
  }

  private toAttempt(row: AttemptRow, includeRaw: boolean, scores?: Score[]): Attempt {
    let output: Output | null = null;
    if (row.output_json !== null) {
      const json = typeof row.output_json === "string" ? row.output_json : this.payloads.decode(row.run_id, row.arm, "output", row.output_json);
      const rest = JSON.parse(json) as Omit<Output, "raw" | "text">;
      const raw = !includeRaw ? { request: null, response: null }
        : row.raw !== null ? this.payloads.decodeRaw(row.run_id, row.arm, row.raw)
        : { request: this.blobFor(row.request_blob), response: this.blobFor(row.response_blob) };
      output = this.readSteps(row, { ...rest, text: row.text ?? "", raw }, includeRaw);
    }
    return {
      runId: row.run_id,
      caseId: row.case_id,
      arm: row.arm,
      repeat: row.repeat,
      status: row.status,
      output,
      error: row.error_json === null ? null : (JSON.parse(row.error_json) as AttemptError),
      tries: row.tries,
      cost: { usd: row.cost_usd, inputUsd: row.input_usd, outputUsd: row.output_usd },
      scores: scores ?? this.selectScores.all(row.run_id, row.case_id, row.arm, row.repeat).map(toScore),
      score: row.score,
      pass: row.pass === null ? null : row.pass === 1,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      replayed: row.replayed === 1,
      simulated: row.simulated === 1,
    };
  }

  private blobFor(hash: string | null): unknown {
    return hash === null ? null : (this.blobs.get(hash) ?? null);
  }
}

function toScore(row: ScoreRow): Score {
  const score: Score = { grader: row.grader, type: row.type, value: row.value, pass: row.pass === 1, reason: row.reason, weight: row.weight };
  if (row.judge_cost_json !== null) score.judgeCost = JSON.parse(row.judge_cost_json) as NonNullable<Score["judgeCost"]>;
  return score;
}
