import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { AttemptError, AttemptErrorKind } from "../../core/index.js";

/** An error thrown by one try, classified, with the wait the endpoint asked for. */
export interface ClassifiedError {
  error: AttemptError;
  /** From `retry-after-ms` / `retry-after`, when the endpoint sent one. */
  retryAfterMs: number | null;
}

const CONTENT_FILTER_CODES = new Set(["content_filter", "content_policy_violation"]);
/** 429s that need a human (billing), not a wait. */
const QUOTA_CODES = new Set(["insufficient_quota", "billing_hard_limit_reached"]);

/**
 * Classifies what an SDK call threw (docs/design/wire.md §7). `why` says whether our own signal
 * fired: a timeout we set, or the caller's cancellation.
 */
export function classifyError(e: unknown, why: "timeout" | "cancelled" | null): ClassifiedError {
  if (why === "cancelled") return plain("cancelled", "the attempt was cancelled", false);
  if (why === "timeout" || e instanceof APIConnectionTimeoutError) {
    return plain("timeout", "the request timed out", true);
  }
  if (e instanceof APIUserAbortError) return plain("cancelled", "the request was aborted", false);
  if (e instanceof APIConnectionError) {
    return plain("connection", `${e.message}${causeChain(e)}`, true);
  }
  if (e instanceof APIError) return classifyApiError(e);
  const message = e instanceof Error ? e.message : String(e);
  return plain("unknown", message, false);
}

/** `: connect ECONNREFUSED 127.0.0.1:9` (the SDK path adds fetch's own `: fetch failed` before it) — the causes that say what went wrong. */
function causeChain(e: Error): string {
  let text = "";
  let cause: unknown = e.cause;
  for (let depth = 0; cause instanceof Error && depth < 4; depth++) {
    if (!text.includes(cause.message)) text += `: ${cause.message}`;
    cause = cause.cause;
  }
  return text;
}

function classifyApiError(e: APIError): ClassifiedError {
  const status = typeof e.status === "number" ? e.status : null;
  const code = e.code ?? null;
  const requestId = e.requestID ?? null;
  const [kind, retryable] = kindOf(status, code);
  const error: AttemptError = { kind, message: e.message, status, requestId, retryable: overrideRetry(e) ?? retryable };
  return { error, retryAfterMs: retryAfterMs(e.headers) };
}

function kindOf(status: number | null, code: string | null): [AttemptErrorKind, boolean] {
  if (code !== null && CONTENT_FILTER_CODES.has(code)) return ["content_filter", false];
  if (status === null) {
    // An error inside a stream (a chunk with an `error` key): the server failed mid-answer.
    if (code === "rate_limit_exceeded") return ["rate_limit", true];
    return ["server_error", true];
  }
  if (status === 429) return ["rate_limit", !(code !== null && QUOTA_CODES.has(code))];
  if (status === 401 || status === 403) return ["auth", false];
  if (status === 404) return ["not_found", false];
  if (status === 408) return ["timeout", true];
  if (status === 409) return ["server_error", true];
  if (status >= 500) return ["server_error", true];
  return ["bad_request", false];
}

/** `x-should-retry` overrides the status, as the SDK does. */
function overrideRetry(e: APIError): boolean | null {
  const v = e.headers?.get("x-should-retry");
  return v === "true" ? true : v === "false" ? false : null;
}

/** `retry-after-ms` (milliseconds) wins over `retry-after` (seconds, or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | null {
  if (!headers) return null;
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after");
  if (raw === null) return null;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function plain(kind: AttemptErrorKind, message: string, retryable: boolean): ClassifiedError {
  return { error: { kind, message, status: null, requestId: null, retryable }, retryAfterMs: null };
}
