import type { AttemptError, GenerateRequest, Output, ResponseCache } from "../core/index.js";
import type { AttemptExecutor, GenerateOutcome } from "./runner.js";

/** `--cache`: `write` records every response; `read` replays what was recorded (and records misses); `off` neither. */
export type CacheMode = "read" | "write" | "off";
export const CACHE_MODES: readonly CacheMode[] = ["read", "write", "off"];

export type { ResponseCache };

export interface CachingOptions {
  cache: ResponseCache;
  mode: CacheMode;
  /** A miss is an attempt error (`cache_miss`), never a call. */
  offline: boolean;
  /** Content address of a request: the hash of its wire body and its repeat index. */
  keyOf(request: GenerateRequest): string;
}

/** What is recorded for a response: the normalized output, its raw call included. */
interface CachedResponse {
  v: 1;
  output: Output;
}

function isCachedResponse(value: unknown): value is CachedResponse {
  const v = value as Partial<CachedResponse> | null;
  return typeof v === "object" && v !== null && v.v === 1 && typeof v.output === "object" && v.output !== null;
}

function cacheMiss(request: GenerateRequest): AttemptError {
  return {
    kind: "cache_miss",
    message: `offline: no recorded response for attempt ${request.attempt} of ${request.model} (${request.api}); nothing was sent`,
    status: null,
    requestId: null,
    retryable: false,
  };
}

/**
 * Record / replay around an executor (docs/design/architecture.md §8). A replayed outcome is marked
 * (`replayed: true`, no tries) so its latency, the recorded one, is kept out of latency
 * figures. Only successful responses are recorded: an error is worth retrying next time.
 */
export function createCachingExecutor(inner: AttemptExecutor, options: CachingOptions): AttemptExecutor {
  const reads = options.offline || options.mode === "read";
  const writes = !options.offline && options.mode !== "off";
  return {
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateOutcome> {
      const key = reads || writes ? options.keyOf(request) : "";
      if (reads) {
        const hit = await options.cache.get(key);
        if (isCachedResponse(hit)) return { ok: true, output: hit.output, tries: 0, replayed: true };
        if (options.offline) return { ok: false, error: cacheMiss(request), tries: 0 };
      }
      const outcome = await inner.generate(request, signal);
      if (writes && outcome.ok) await options.cache.put(key, { v: 1, output: outcome.output } satisfies CachedResponse);
      return outcome;
    },
  };
}
