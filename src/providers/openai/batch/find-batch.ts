import type OpenAI from "openai";
import type { Batch } from "openai/resources/batches";
import type { BatchIntent } from "../../../core/index.js";

/** The metadata every evalgate batch carries: what a resumed run finds its chunk's batch by. */
export function batchMetadata(runId: string, chunk: string): Record<string, string> {
  return { run: runId, chunk };
}

/** Listed batches older than this before the intent's upload cannot be its batch (clock skew allowed). */
const SKEW_MS = 10 * 60 * 1000;

/**
 * The batch an earlier process created for a chunk, if it got that far (docs/reliability.md
 * "Batch runs"): listed newest first, the one whose metadata names the run and the chunk and
 * whose input file is the intent's. The listing stops at batches created before the file
 * was uploaded, so an account with many batches is not read to its end.
 */
export async function findChunkBatch(client: OpenAI, runId: string, intent: BatchIntent, signal?: AbortSignal): Promise<Batch | undefined> {
  const since = Date.parse(intent.createdAt) - SKEW_MS;
  for await (const batch of client.batches.list({ limit: 100 }, signal ? { signal } : {})) {
    if (batch.created_at * 1000 < since) return undefined;
    if (batch.metadata?.run === runId && batch.metadata?.chunk === intent.chunk && batch.input_file_id === intent.fileId) return batch;
  }
  return undefined;
}
