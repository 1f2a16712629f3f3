import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../core/index.js";
import { EndpointThrottle, createThrottledExecutor } from "./backoff.js";
import type { AttemptExecutor } from "./runner.js";

const req = (attempt: string): GenerateRequest => ({ api: "chat", model: "m", messages: [{ role: "user", content: "x" }], params: {}, attempt, stream: false });

describe("EndpointThrottle", () => {
  it("halves concurrency once per 429 pause and recovers by one per run of successes", () => {
    let t = 0;
    const throttle = new EndpointThrottle({ maxConcurrency: 16, now: () => t });
    throttle.onRateLimit(100);
    throttle.onRateLimit(100); // same pause: no second halving
    expect(throttle.stats()).toMatchObject({ limit: 8, decreases: 1, rateLimits: 2 });
    t = 200;
    throttle.onRateLimit(100);
    expect(throttle.stats().limit).toBe(4);
    for (let i = 0; i < 4; i++) throttle.onSuccess();
    expect(throttle.stats().limit).toBe(5);
    for (let i = 0; i < 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15; i++) throttle.onSuccess();
    expect(throttle.stats()).toMatchObject({ limit: 16, lowestLimit: 4 });
    throttle.onSuccess();
    expect(throttle.stats().limit).toBe(16);
  });

  it("holds new attempts until the pause has passed", async () => {
    const throttle = new EndpointThrottle({ maxConcurrency: 4 });
    throttle.onRateLimit(60);
    const started = performance.now();
    expect(await throttle.acquire()).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("retry waits last at least until the shared pause ends", async () => {
    const throttle = new EndpointThrottle({ maxConcurrency: 4 });
    throttle.onRateLimit(80);
    const started = performance.now();
    await throttle.sleep(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it("keeps attempts in flight under the lowered limit and cancels a waiting one", async () => {
    const throttle = new EndpointThrottle({ maxConcurrency: 2 });
    expect(await throttle.acquire()).toBe(true);
    expect(await throttle.acquire()).toBe(true);
    const controller = new AbortController();
    const third = throttle.acquire(controller.signal);
    controller.abort();
    expect(await third).toBe(false);
    const fourth = throttle.acquire();
    throttle.release();
    expect(await fourth).toBe(true);
  });
});

describe("createThrottledExecutor", () => {
  it("never runs more attempts at once than the endpoint's current limit, which a final 429 halves and successes raise back", async () => {
    const throttle = new EndpointThrottle({ maxConcurrency: 4 });
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    let overLimit = 0;
    const inner: AttemptExecutor = {
      async generate() {
        calls++;
        inFlight++;
        peak = Math.max(peak, inFlight);
        if (inFlight > throttle.stats().limit) overLimit++;
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (calls === 1) return { ok: false, tries: 1, error: { kind: "rate_limit", message: "429", status: 429, requestId: null, retryable: true } };
        return { ok: true, tries: 1, output: {} as never };
      },
    };
    const executor = createThrottledExecutor(inner, throttle);
    await executor.generate(req("c0/0"));
    expect(throttle.stats().limit).toBe(2);
    peak = 0;
    await Promise.all(Array.from({ length: 10 }, (_, i) => executor.generate(req(`c${i}/0`))));
    expect(overLimit).toBe(0);
    // 10 successes from a limit of 2: +1 after 2, +1 after 3 more, then 4 is the maximum.
    expect(throttle.stats()).toMatchObject({ limit: 4, increases: 2, lowestLimit: 2 });
    expect(peak).toBe(4);
  });
});
