import { sha256 } from "../../core/hash.js";
import type { SimBatchConfig } from "../../core/sim-config.js";
import type { SimEngine } from "../engine.js";
import { SimHttpError } from "../wire-errors.js";
import { answerLine, unansweredLine, type BatchEndpoint, type BatchOutputLine } from "./answer-line.js";
import { notFoundObject } from "./batch-errors.js";
import { TERMINAL, type BatchStatus, type SimBatch } from "./batch-object.js";
import type { FileStore } from "./file-store.js";
import { readInputLines, type BatchInputLine } from "./input-lines.js";

export interface NewBatch {
  endpoint: BatchEndpoint;
  inputFileId: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
}

/** Batches kept; past it the oldest finished one is forgotten. */
export const MAX_BATCHES = 1_000;

/**
 * The simulator's `/v1/batches` (docs/simulator.md "Batches"), in memory. A batch moves
 * validating → in_progress → finalizing → completed, each stage lasting `seconds_per_stage`
 * of the server's clock; it is advanced whenever it is read, so no timer runs and a test's
 * clock decides. Its lines are answered when in_progress ends, by the engine that answers
 * live requests; an invalid input file fails it; one still unfinished at `expire_after_s`
 * expires; a cancel takes one more stage. Output and error files are written at the end.
 */
export class BatchStore {
  /** Oldest first (a Map keeps insertion order). */
  private readonly batches = new Map<string, SimBatch>();
  private readonly lines = new Map<string, BatchInputLine[]>();
  private readonly answers = new Map<string, BatchOutputLine[]>();
  private made = 0;
  private answered = 0;

  constructor(
    private readonly engine: SimEngine,
    private readonly files: FileStore,
    private readonly pace: SimBatchConfig,
  ) {}

  create(input: NewBatch, nowMs: number): SimBatch {
    const id = `batch_${sha256(`${this.engine.config.seed}\u0000batch\u0000${++this.made}\u0000${nowMs}`).slice(0, 24)}`;
    const batch: SimBatch = {
      ...input, id, createdAtMs: nowMs, expiresAtMs: nowMs + this.pace.expire_after_s * 1000, status: "validating", stageStartMs: nowMs,
      times: {}, model: null, errors: [], counts: { total: 0, completed: 0, failed: 0 }, outputFileId: null, errorFileId: null,
    };
    this.batches.set(id, batch);
    this.forgetOldest();
    return batch;
  }

  /** The batch as of now, or the API's 404. */
  get(id: string, nowMs: number): SimBatch {
    const batch = this.batches.get(id);
    if (!batch) throw notFoundObject("batch", id);
    this.advance(batch, nowMs);
    return batch;
  }

  /** Newest first, `limit` after the batch `after` (the API's cursor). */
  list(after: string | undefined, limit: number, nowMs: number): { data: SimBatch[]; hasMore: boolean } {
    const all = [...this.batches.values()].reverse();
    const from = after === undefined ? 0 : all.findIndex((b) => b.id === after) + 1;
    const page = from === 0 && after !== undefined ? [] : all.slice(from, from + limit);
    for (const b of page) this.advance(b, nowMs);
    return { data: page, hasMore: from + limit < all.length && page.length > 0 };
  }

  cancel(id: string, nowMs: number): SimBatch {
    const batch = this.get(id, nowMs);
    if (batch.status === "cancelling" || batch.status === "cancelled") return batch;
    if (batch.status !== "validating" && batch.status !== "in_progress") {
      throw new SimHttpError(409, { message: `Cannot cancel a batch with status ${batch.status}.`, type: "invalid_request_error", param: null, code: null });
    }
    this.enter(batch, "cancelling", nowMs);
    return batch;
  }

  private stageMs(): number {
    return this.pace.seconds_per_stage * 1000;
  }

  /** Runs the stages that have ended by `nowMs`, each at the moment it ended. */
  private advance(b: SimBatch, nowMs: number): void {
    while (!TERMINAL.has(b.status)) {
      const end = b.stageStartMs + this.stageMs();
      if (b.status !== "cancelling" && b.status !== "finalizing" && b.expiresAtMs < end) {
        if (nowMs < b.expiresAtMs) return;
        this.finishUnanswered(b, "expired", b.expiresAtMs, "batch_expired");
        return;
      }
      if (nowMs < end) return;
      if (b.status === "validating") this.validate(b, end);
      else if (b.status === "in_progress") this.answerAll(b, end);
      else if (b.status === "finalizing") this.writeFiles(b, "completed", end);
      else this.finishUnanswered(b, "cancelled", end, "batch_cancelled");
    }
  }

  private enter(b: SimBatch, status: BatchStatus, atMs: number): void {
    b.status = status;
    b.stageStartMs = atMs;
    if (status !== "validating") b.times[status] = atMs;
  }

  private validate(b: SimBatch, atMs: number): void {
    const file = this.files.get(b.inputFileId);
    const read = file ? readInputLines(file.bytes.toString("utf8"), b.endpoint) : null;
    if (!read || read.errors.length > 0) {
      b.errors = read?.errors.slice(0, 1_000) ?? [{ code: "file_not_found", message: `The input file ${b.inputFileId} no longer exists.`, param: "input_file_id", line: null }];
      this.enter(b, "failed", atMs);
      return;
    }
    this.lines.set(b.id, read.lines);
    b.counts.total = read.lines.length;
    const model = (read.lines[0]?.body as { model?: unknown } | undefined)?.model;
    b.model = typeof model === "string" ? model : null;
    this.enter(b, "in_progress", atMs);
  }

  private answerAll(b: SimBatch, atMs: number): void {
    const createdSec = Math.floor(atMs / 1000);
    const out = (this.lines.get(b.id) ?? []).map((line) => answerLine(this.engine, b.endpoint as BatchEndpoint, line, ++this.answered, createdSec));
    this.answers.set(b.id, out);
    this.enter(b, "finalizing", atMs);
  }

  /** Expired or cancelled: the requests never run go to the error file with the API's code. */
  private finishUnanswered(b: SimBatch, status: "expired" | "cancelled", atMs: number, code: "batch_expired" | "batch_cancelled"): void {
    const lines = this.lines.get(b.id) ?? [];
    this.answers.set(b.id, lines.map((line) => unansweredLine(line, ++this.answered, this.engine.config.seed, code)));
    this.writeFiles(b, status, atMs);
  }

  private writeFiles(b: SimBatch, status: BatchStatus, atMs: number): void {
    const all = this.answers.get(b.id) ?? [];
    const ok = all.filter((l) => l.response?.status_code === 200);
    const failed = all.filter((l) => l.response?.status_code !== 200);
    const jsonl = (ls: BatchOutputLine[]) => Buffer.from(ls.map((l) => `${JSON.stringify(l)}\n`).join(""));
    if (ok.length) b.outputFileId = this.files.add(`${b.id}_output.jsonl`, "batch_output", jsonl(ok), atMs).id;
    if (failed.length) b.errorFileId = this.files.add(`${b.id}_error.jsonl`, "batch_output", jsonl(failed), atMs).id;
    b.counts = { total: b.counts.total, completed: ok.length, failed: failed.length };
    this.lines.delete(b.id);
    this.answers.delete(b.id);
    this.enter(b, status, atMs);
  }

  private forgetOldest(): void {
    if (this.batches.size <= MAX_BATCHES) return;
    for (const b of this.batches.values()) {
      if (!TERMINAL.has(b.status)) continue;
      this.batches.delete(b.id);
      return;
    }
  }
}
