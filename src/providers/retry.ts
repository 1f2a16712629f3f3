import type { AttemptError } from "../core/index.js";

/** One try's outcome, as the retry loop sees it. */
export type TryOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: AttemptError; retryAfterMs: number | null; raw?: unknown };

export interface RetryInfo {
  /** The try that failed, 1-based. */
  try: number;
  error: AttemptError;
  waitMs: number;
  /** Whether the wait came from the endpoint's retry-after. */
  honouredRetryAfter: boolean;
}

export interface RetryPolicy {
  /** Retries after the first try (so at most maxRetries + 1 tries). */
  maxRetries: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A retry-after longer than this is capped (a stuck header must not hang a run). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1), for the jitter. */
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export type RetryResult<T> =
  | { ok: true; value: T; tries: number }
  | { ok: false; error: AttemptError; tries: number; raw?: unknown };

/**
 * The one retry loop (the SDK's is off). Retryable errors (rate limits, server errors,
 * timeouts, dropped connections and streams) are retried up to `maxRetries` times; the
 * wait is the endpoint's retry-after when it sent one, else exponential backoff
 * (base × 2^n, capped) shortened by up to 25% jitter. Every try is counted.
 */
export async function withRetries<T>(
  tryOnce: (tryNumber: number) => Promise<TryOutcome<T>>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<RetryResult<T>> {
  const sleep = policy.sleep ?? abortableSleep;
  for (let tryNumber = 1; ; tryNumber++) {
    const outcome = await tryOnce(tryNumber);
    if (outcome.ok) return { ok: true, value: outcome.value, tries: tryNumber };
    const last = tryNumber > policy.maxRetries;
    if (!outcome.error.retryable || last || signal?.aborted) {
      return { ok: false, error: outcome.error, tries: tryNumber, ...(outcome.raw !== undefined ? { raw: outcome.raw } : {}) };
    }
    const waitMs = retryWait(tryNumber, outcome.retryAfterMs, policy);
    policy.onRetry?.({ try: tryNumber, error: outcome.error, waitMs, honouredRetryAfter: outcome.retryAfterMs !== null });
    try {
      await sleep(waitMs, signal);
    } catch {
      const error: AttemptError = { kind: "cancelled", message: "cancelled while waiting to retry", status: null, requestId: null, retryable: false };
      return { ok: false, error, tries: tryNumber };
    }
  }
}

/** How long to wait after failed try number `tryNumber` (1-based). */
export function retryWait(tryNumber: number, retryAfterMs: number | null, policy: RetryPolicy): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxRetryAfterMs ?? 60_000);
  const base = policy.baseDelayMs ?? 500;
  const cap = policy.maxDelayMs ?? 8_000;
  const backoff = Math.min(cap, base * 2 ** (tryNumber - 1));
  const random = policy.random ?? Math.random;
  return backoff * (1 - 0.25 * random());
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
