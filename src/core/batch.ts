import type { GenerateRequest } from "./request.js";

/**
 * One input file's worth of an arm's attempts (`run --batch`, docs/reliability.md "Batch
 * runs"): what one batch is created for. Its id (`ARM#N`) is stable: a resumed run splits
 * the same plan into the same chunks, so a chunk is matched with the batch made for it.
 */
export interface BatchChunk {
  runId: string;
  /** `ARM#N`, N counting the arm's input files from 0. */
  id: string;
  arm: string;
  /** The attempts to send, each carrying its attempt tag (CASE/REPEAT). */
  requests: readonly GenerateRequest[];
}

/**
 * What is recorded of a chunk before its batch exists (the store's batch_chunks table): the
 * input file uploaded for it, then the batch id once the batch is created or found. A
 * process killed between the two leaves the file id, and the next one looks the batch up
 * by its metadata before creating any.
 */
export interface BatchIntent {
  chunk: string;
  arm: string;
  /** The uploaded input file. */
  fileId: string;
  /** Null until the batch is created (or found by its metadata). */
  batchId: string | null;
  /** Attempt tags (CASE/REPEAT) of the file's lines, in order. */
  attempts: string[];
  /** When the file was uploaded (ISO 8601): batches listed from before it cannot be this chunk's. */
  createdAt: string;
}

/** Where a batch executor records its intents (the use case binds it to the run in the store). */
export interface BatchJournal {
  get(chunk: string): Promise<BatchIntent | undefined>;
  put(intent: BatchIntent): Promise<void>;
}
