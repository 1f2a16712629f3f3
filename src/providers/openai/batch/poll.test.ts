import { describe, expect, it } from "vitest";
import { pollDelay, waitForBatch } from "./poll.js";

describe("polling a batch", () => {
  const policy = { firstMs: 500, factor: 2, maxMs: 5_000 };

  it("waits longer each time, never past the cap", () => {
    expect(Array.from({ length: 8 }, (_, n) => pollDelay(n, policy))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000, 5_000]);
  });

  it("retrieves until a final status, sleeping the backoff between polls", async () => {
    const statuses = ["validating", "in_progress", "in_progress", "in_progress", "finalizing", "completed", "never read"];
    const slept: number[] = [];
    let polls = 0;
    const final = await waitForBatch(async () => ({ status: statuses[polls++]! }), policy, async (ms) => void slept.push(ms));
    expect(final).toEqual({ status: "completed" });
    expect(polls).toBe(6);
    expect(slept).toEqual([500, 1_000, 2_000, 4_000, 5_000]);
  });

  it.each(["failed", "expired", "cancelled"])("stops at %s", async (status) => {
    expect(await waitForBatch(async () => ({ status }), policy, async () => {})).toEqual({ status });
  });

  it("returns null when the run is stopped while it waits", async () => {
    const controller = new AbortController();
    let polls = 0;
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        signal?.addEventListener("abort", () => reject(new Error("aborted")));
        controller.abort();
      });
    expect(await waitForBatch(async () => (polls++, { status: "in_progress" }), policy, sleep, controller.signal)).toBeNull();
    expect(polls).toBe(1);
  });
});
