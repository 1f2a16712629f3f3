import type OpenAI from "openai";
import { EvalgateError, scrubSecrets, type AttemptError } from "../../../core/index.js";
import { withRetries, type RetryPolicy } from "../../retry.js";
import { classifyError } from "../classify-error.js";

/** A Files or Batches call that failed after its retries, classified like an attempt's error. */
export class BatchCallError extends Error {
  constructor(readonly what: string, readonly error: AttemptError) {
    super(`${what}: ${error.kind}: ${error.message}`);
    this.name = "BatchCallError";
  }
}

export interface CallContext {
  client: OpenAI;
  apiKey: string;
  policy: RetryPolicy;
}

/**
 * One Files or Batches call through the SDK client, retried by the one retry loop (a 429 or
 * a 5xx waits as an attempt's would); its failure thrown as a BatchCallError with the key
 * masked out of the message.
 */
export async function batchCall<T>(ctx: CallContext, what: string, send: (options: { signal?: AbortSignal; maxRetries: 0 }) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const result = await withRetries<T>(
    async () => {
      try {
        return { ok: true, value: await send({ maxRetries: 0, ...(signal ? { signal } : {}) }) };
      } catch (e) {
        const c = classifyError(e, signal?.aborted ? "cancelled" : null);
        return { ok: false, error: c.error, retryAfterMs: c.retryAfterMs };
      }
    },
    ctx.policy,
    signal,
  );
  if (result.ok) return result.value;
  throw new BatchCallError(what, scrubSecrets(result.error, [ctx.apiKey]));
}

/** What the runner sees of a call that failed for good: the run stops (exit 3) and a resume continues from the journal. */
export function unreachable(error: BatchCallError, baseURL: string): EvalgateError {
  return new EvalgateError("ENDPOINT_UNREACHABLE", `the Batch API at ${baseURL} failed to ${error.message}`, {
    hint: "the batches submitted so far are recorded with the run: `evalgate resume RUN` polls them again without submitting any twice",
    cause: error,
  });
}
