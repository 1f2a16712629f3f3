/** How often a batch is polled: waits growing from `firstMs` by `factor`, never past `maxMs`. */
export interface PollPolicy {
  firstMs: number;
  factor: number;
  maxMs: number;
}

/** Half a second first (a simulator's batch is done in seconds), at most a minute apart (a real one takes up to 24 h). */
export const DEFAULT_POLL: PollPolicy = { firstMs: 500, factor: 1.5, maxMs: 60_000 };

/** The wait before poll number n + 1 (0-based). */
export function pollDelay(n: number, policy: PollPolicy): number {
  return Math.min(policy.maxMs, policy.firstMs * policy.factor ** n);
}

const FINAL = new Set(["completed", "failed", "expired", "cancelled"]);

/**
 * Retrieves the batch until it reaches a final status (completed, failed, expired,
 * cancelled), waiting pollDelay between tries; null when the signal fires first (the run
 * stopped: the batch goes on, and a resume polls it again).
 */
export async function waitForBatch<B extends { status: string }>(
  retrieve: () => Promise<B>,
  policy: PollPolicy,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  signal?: AbortSignal,
): Promise<B | null> {
  for (let n = 0; ; n++) {
    if (signal?.aborted) return null;
    const batch = await retrieve();
    if (FINAL.has(batch.status)) return batch;
    try {
      await sleep(pollDelay(n, policy), signal);
    } catch {
      return null;
    }
  }
}
