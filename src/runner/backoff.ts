import type { AttemptError, GenerateRequest } from "../core/index.js";
import type { AttemptExecutor, GenerateOutcome } from "./runner.js";

export interface ThrottleOptions {
  /** The most attempts in flight on the endpoint (the run's concurrency). */
  maxConcurrency: number;
  /** Never lowered below this. */
  minConcurrency?: number;
  now?: () => number;
}

export interface ThrottleStats {
  rateLimits: number;
  decreases: number;
  increases: number;
  /** The lowest limit reached. */
  lowestLimit: number;
  limit: number;
}

/**
 * One endpoint's shared backoff and adaptive concurrency. A 429 on any attempt pauses every
 * attempt on the endpoint until its retry-after has passed (new ones and retries alike) and
 * halves the endpoint's concurrency, once per pause; each run of `limit` successes in a row
 * raises it by one again, up to the maximum (additive increase, multiplicative decrease).
 */
export class EndpointThrottle {
  private limit: number;
  private inFlight = 0;
  private pauseUntil = 0;
  private successes = 0;
  private readonly waiters = new Set<() => void>();
  private readonly now: () => number;
  private readonly min: number;
  private readonly counts: ThrottleStats;

  constructor(private readonly options: ThrottleOptions) {
    this.limit = Math.max(1, options.maxConcurrency);
    this.min = Math.max(1, Math.min(options.minConcurrency ?? 1, this.limit));
    this.now = options.now ?? (() => Date.now());
    this.counts = { rateLimits: 0, decreases: 0, increases: 0, lowestLimit: this.limit, limit: this.limit };
  }

  stats(): ThrottleStats {
    return { ...this.counts, limit: this.limit };
  }

  /** Waits for the pause to end and for a slot under the current limit; false when cancelled. */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const pause = this.pauseUntil - this.now();
      if (pause > 0) {
        if (!(await this.wait(pause, signal))) return false;
        continue;
      }
      if (this.inFlight < this.limit) {
        this.inFlight++;
        return true;
      }
      if (!(await this.wait(null, signal))) return false;
    }
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.wakeAll();
  }

  /** A 429 came with this wait: pause the endpoint and, once per pause, halve its concurrency. */
  onRateLimit(waitMs: number): void {
    this.counts.rateLimits++;
    const now = this.now();
    if (now >= this.pauseUntil && this.limit > this.min) {
      this.limit = Math.max(this.min, Math.floor(this.limit / 2));
      this.counts.decreases++;
      this.counts.lowestLimit = Math.min(this.counts.lowestLimit, this.limit);
    }
    this.pauseUntil = Math.max(this.pauseUntil, now + Math.max(0, waitMs));
    this.successes = 0;
  }

  onSuccess(): void {
    if (this.limit >= this.options.maxConcurrency) return;
    if (++this.successes >= this.limit) {
      this.successes = 0;
      this.limit++;
      this.counts.increases++;
      this.wakeAll();
    }
  }

  /** The retry loop's sleep: at least `ms`, and until the endpoint's pause is over. */
  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    const until = Math.max(this.now() + ms, this.pauseUntil);
    return this.wait(until - this.now(), signal).then((ok) => {
      if (!ok) throw new Error("aborted");
    });
  };

  /** Resolves true after `ms` (or at the next release when null), false when the signal fires. */
  private wait(ms: number | null, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      const done = (ok: boolean) => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener("abort", onAbort);
        resolve(ok);
      };
      const wake = () => done(true);
      const onAbort = () => done(false);
      const timer = ms === null ? null : setTimeout(wake, Math.max(0, ms));
      if (ms === null) this.waiters.add(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

const CANCELLED: AttemptError = { kind: "cancelled", message: "cancelled before it was sent", status: null, requestId: null, retryable: false };

/** An executor whose attempts take a slot of the endpoint's throttle and report 429s to it. */
export function createThrottledExecutor(inner: AttemptExecutor, throttle: EndpointThrottle): AttemptExecutor {
  return {
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateOutcome> {
      if (!(await throttle.acquire(signal))) return { ok: false, error: CANCELLED, tries: 0 };
      try {
        const outcome = await inner.generate(request, signal);
        if (outcome.ok) throttle.onSuccess();
        else if (outcome.error.kind === "rate_limit") throttle.onRateLimit(0);
        return outcome;
      } finally {
        throttle.release();
      }
    },
  };
}
