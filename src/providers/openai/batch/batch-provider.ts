import { toFile } from "openai";
import type { Batch } from "openai/resources/batches";
import type { BatchChunk, BatchIntent, BatchJournal, GenerateRequest } from "../../../core/index.js";
import type { BatchHandleShape, BatchProvider } from "../../provider.js";
import { abortableSleep, type RetryPolicy } from "../../retry.js";
import { createSdkClient } from "../sdk-transport.js";
import { batchCall, BatchCallError, unreachable, type CallContext } from "./batch-calls.js";
import { BATCH_API_LIMITS, batchEndpoint, lineText, splitAtLimits, type BatchLimits } from "./batch-lines.js";
import { batchMetadata, findChunkBatch } from "./find-batch.js";
import { DEFAULT_POLL, waitForBatch, type PollPolicy } from "./poll.js";
import { outcomesOf, parseJsonl } from "./read-results.js";

export interface OpenAIBatchOptions {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  /** Per input file; the API's by default (tests inject small ones). */
  limits?: BatchLimits;
  poll?: PollPolicy;
  /** The wait between retries (the endpoint's shared throttle routes it). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The wait between polls; injected by tests. */
  pollSleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** ISO time for intents; injected by tests. */
  now?: () => Date;
}

/**
 * The OpenAI Batch API as a batch executor (docs/reliability.md "Batch runs"): a chunk's
 * attempts rendered by the live renderer into a JSONL file, uploaded with `/v1/files`
 * (purpose batch) through the SDK client, one batch per file with `metadata {run, chunk}`,
 * polled with backoff, its output and error files read back through the live normalizers.
 * The intent (the file id) is put in the journal before the batch is created, and the
 * batch id after; a resumed chunk polls its recorded batch, or finds the one created by a
 * process killed before recording it, and creates one only when neither exists.
 */
export function createOpenAIBatchProvider(options: OpenAIBatchOptions): BatchProvider {
  const client = createSdkClient({ baseURL: options.baseURL, apiKey: options.apiKey, timeoutMs: options.timeoutMs });
  const policy: RetryPolicy = { maxRetries: options.maxRetries, ...(options.sleep ? { sleep: options.sleep } : {}) };
  const ctx: CallContext = { client, apiKey: options.apiKey, policy };
  const now = options.now ?? (() => new Date());
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw error instanceof BatchCallError ? unreachable(error, options.baseURL) : error;
    }
  };

  /** Uploads the chunk's file, records the intent, creates the batch, records its id. */
  async function submitFresh(chunk: BatchChunk, journal: BatchJournal, signal?: AbortSignal): Promise<Batch> {
    const jsonl = chunk.requests.map(lineText).join("");
    const createdAt = now().toISOString();
    const file = await batchCall(ctx, "upload a batch input file", async (o) => client.files.create({ file: await toFile(Buffer.from(jsonl), `${chunk.id}.jsonl`), purpose: "batch" }, o), signal);
    const intent: BatchIntent = { chunk: chunk.id, arm: chunk.arm, fileId: file.id, batchId: null, attempts: chunk.requests.map((r) => r.attempt), createdAt };
    await journal.put(intent);
    const endpoint = batchEndpoint(chunk.requests[0]!.api);
    const batch = await batchCall(ctx, "create a batch", (o) => client.batches.create({ input_file_id: file.id, endpoint, completion_window: "24h", metadata: batchMetadata(chunk.runId, chunk.id) }, o), signal);
    await journal.put({ ...intent, batchId: batch.id });
    return batch;
  }

  /** The batch recorded (or left unrecorded by a killed process) for the chunk, if the endpoint still holds it. */
  async function recordedBatch(chunk: BatchChunk, journal: BatchJournal, signal?: AbortSignal): Promise<Batch | undefined> {
    const intent = await journal.get(chunk.id);
    if (!intent) return undefined;
    if (intent.batchId !== null) {
      try {
        return await batchCall(ctx, "retrieve a batch", (o) => client.batches.retrieve(intent.batchId!, o), signal);
      } catch (error) {
        // Gone (a simulator in the run's own process died with it): the chunk is submitted afresh.
        if (error instanceof BatchCallError && error.error.status === 404) return undefined;
        throw error;
      }
    }
    const found = await batchCall(ctx, "list batches", (o) => findChunkBatch(client, chunk.runId, intent, o.signal), signal);
    if (found) await journal.put({ ...intent, batchId: found.id });
    return found;
  }

  async function download(id: string | null | undefined, signal?: AbortSignal): Promise<string> {
    if (!id) return "";
    return batchCall(ctx, `download file ${id}`, async (o) => (await client.files.content(id, o)).text(), signal);
  }

  return {
    mode: "batch",
    kind: "openai",
    split: <T extends { request: GenerateRequest }>(items: readonly T[]) => splitAtLimits(items, options.limits ?? BATCH_API_LIMITS),
    submit: (chunk, journal, signal) =>
      guarded(async (): Promise<BatchHandleShape> => {
        const batch = (await recordedBatch(chunk, journal, signal)) ?? (await submitFresh(chunk, journal, signal));
        return { kind: "openai", batchId: batch.id, chunk };
      }),
    collect: (handle, signal) => ({
      [Symbol.asyncIterator]: async function* () {
        const final = await guarded(() => waitForBatch((() => batchCall(ctx, "retrieve a batch", (o) => client.batches.retrieve(handle.batchId, o), signal)), options.poll ?? DEFAULT_POLL, options.pollSleep ?? abortableSleep, signal));
        if (!final) return;
        const [output, errors] = await guarded(() => Promise.all([download(final.output_file_id, signal), download(final.error_file_id, signal)]));
        yield* outcomesOf([...parseJsonl(output), ...parseJsonl(errors)], handle.chunk.requests, final);
      },
    }),
  };
}
