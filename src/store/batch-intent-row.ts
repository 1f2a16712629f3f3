import type { BatchIntent } from "../core/index.js";

/** A batch_chunks row, the same columns in SQLite (migration 009) and Postgres (006). */
export interface BatchChunkRow {
  chunk: string;
  arm: string;
  file_id: string;
  batch_id: string | null;
  attempts_json: string;
  created_at: string;
}

export const BATCH_CHUNK_COLUMNS = "chunk, arm, file_id, batch_id, attempts_json, created_at";

/** A row as the intent it records. */
export function intentOf(r: BatchChunkRow): BatchIntent {
  return { chunk: r.chunk, arm: r.arm, fileId: r.file_id, batchId: r.batch_id, attempts: JSON.parse(r.attempts_json) as string[], createdAt: r.created_at };
}

/** An intent's column values, in BATCH_CHUNK_COLUMNS order. */
export function rowValues(i: BatchIntent): [string, string, string, string | null, string, string] {
  return [i.chunk, i.arm, i.fileId, i.batchId, JSON.stringify(i.attempts), i.createdAt];
}
