import type Database from "better-sqlite3";
import type { BatchIntent } from "../../core/index.js";
import { BATCH_CHUNK_COLUMNS, intentOf, rowValues, type BatchChunkRow } from "../batch-intent-row.js";

/** Batch runs' chunk intents (migration 009): one row per (run, chunk), replaced as the batch id becomes known. */
export class BatchChunkTable {
  private readonly upsert: Database.Statement;
  private readonly byRun: Database.Statement<[string], BatchChunkRow>;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO batch_chunks (run_id, ${BATCH_CHUNK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, chunk) DO UPDATE SET arm = excluded.arm, file_id = excluded.file_id, batch_id = excluded.batch_id,
         attempts_json = excluded.attempts_json, created_at = excluded.created_at`,
    );
    this.byRun = db.prepare<[string], BatchChunkRow>(`SELECT ${BATCH_CHUNK_COLUMNS} FROM batch_chunks WHERE run_id = ? ORDER BY chunk`);
  }

  save(runId: string, intent: BatchIntent): void {
    this.upsert.run(runId, ...rowValues(intent));
  }

  list(runId: string): BatchIntent[] {
    return this.byRun.all(runId).map(intentOf);
  }
}
