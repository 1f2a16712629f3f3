import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { describe, expect, it } from "vitest";
import type { AttemptError } from "../core/index.js";
import { classifyError, retryAfterMs } from "./openai/classify-error.js";
import { retryWait, withRetries, type TryOutcome } from "./retry.js";

const err = (kind: AttemptError["kind"], retryable: boolean): AttemptError => ({ kind, message: kind, status: null, requestId: null, retryable });

/** A scripted endpoint: each try takes the next outcome. */
function scripted(outcomes: Array<TryOutcome<string>>) {
  let i = 0;
  return async () => outcomes[Math.min(i++, outcomes.length - 1)]!;
}

function fakeClock() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("the retry loop", () => {
  it("honours retry-after on a rate limit and counts every try", async () => {
    const clock = fakeClock();
    const r = await withRetries(scripted([
      { ok: false, error: err("rate_limit", true), retryAfterMs: 1200 },
      { ok: false, error: err("rate_limit", true), retryAfterMs: 30 },
      { ok: true, value: "answer" },
    ]), { maxRetries: 4, sleep: clock.sleep });
    expect(r).toEqual({ ok: true, value: "answer", tries: 3 });
    expect(clock.waits).toEqual([1200, 30]);
  });

  it("backs off exponentially with at most 25% jitter when no retry-after came", async () => {
    const clock = fakeClock();
    const r = await withRetries(scripted([{ ok: false, error: err("server_error", true), retryAfterMs: null }]), {
      maxRetries: 5, sleep: clock.sleep, random: () => 0.5, baseDelayMs: 100, maxDelayMs: 1000,
    });
    expect(r).toMatchObject({ ok: false, tries: 6, error: { kind: "server_error" } });
    expect(clock.waits).toEqual([87.5, 175, 350, 700, 875]);
    for (let n = 1; n <= 8; n++) {
      for (const rnd of [0, 0.999]) {
        const w = retryWait(n, null, { maxRetries: 9, random: () => rnd });
        const full = Math.min(8000, 500 * 2 ** (n - 1));
        expect(w).toBeGreaterThan(full * 0.75 - 1e-9);
        expect(w).toBeLessThanOrEqual(full);
      }
    }
  });

  it("does not retry bad requests, auth errors or content filters", async () => {
    for (const kind of ["bad_request", "auth", "content_filter"] as const) {
      const clock = fakeClock();
      const r = await withRetries(scripted([{ ok: false, error: err(kind, false), retryAfterMs: null }, { ok: true, value: "never" }]), { maxRetries: 3, sleep: clock.sleep });
      expect(r).toMatchObject({ ok: false, tries: 1, error: { kind } });
      expect(clock.waits).toEqual([]);
    }
  });

  it("caps a retry-after past the maximum wait", () => {
    expect(retryWait(1, 3_600_000, { maxRetries: 1 })).toBe(60_000);
  });

  it("reports each retry to onRetry with the wait it took", async () => {
    const seen: string[] = [];
    await withRetries(scripted([{ ok: false, error: err("timeout", true), retryAfterMs: 5 }, { ok: true, value: "x" }]), {
      maxRetries: 2, sleep: async () => {}, onRetry: (i) => seen.push(`${i.try}:${i.error.kind}:${i.waitMs}:${i.honouredRetryAfter}`),
    });
    expect(seen).toEqual(["1:timeout:5:true"]);
  });

  it("a cancellation while waiting ends the attempt as cancelled", async () => {
    const ctrl = new AbortController();
    const pending = withRetries(scripted([{ ok: false, error: err("server_error", true), retryAfterMs: 10_000 }]), { maxRetries: 3 }, ctrl.signal);
    setTimeout(() => ctrl.abort(), 5);
    const started = Date.now();
    await expect(pending).resolves.toMatchObject({ ok: false, tries: 1, error: { kind: "cancelled" } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("error classification", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it("a 429 is a retryable rate limit carrying its retry-after-ms, request id and status", () => {
    const e = APIError.generate(429, { error: { message: "slow", type: "requests", code: "rate_limit_exceeded" } }, undefined, headers({ "retry-after": "1", "retry-after-ms": "40", "x-request-id": "req_9" }));
    expect(classifyError(e, null)).toEqual({
      error: { kind: "rate_limit", status: 429, requestId: "req_9", retryable: true, message: expect.stringContaining("slow") },
      retryAfterMs: 40,
    });
  });

  it("insufficient quota is a rate limit that does not retry", () => {
    const e = APIError.generate(429, { error: { message: "quota", code: "insufficient_quota" } }, undefined, headers({}));
    expect(classifyError(e, null).error).toMatchObject({ kind: "rate_limit", retryable: false });
  });

  it("maps statuses to kinds: 400 bad request, 401 auth, 404 not found, 500/503 server error", () => {
    const kindOf = (status: number, code?: string) => classifyError(APIError.generate(status, { error: { message: "m", code } }, undefined, headers({})), null).error;
    expect(kindOf(400)).toMatchObject({ kind: "bad_request", retryable: false });
    expect(kindOf(400, "content_policy_violation")).toMatchObject({ kind: "content_filter", retryable: false });
    expect(kindOf(401)).toMatchObject({ kind: "auth", retryable: false });
    expect(kindOf(404)).toMatchObject({ kind: "not_found", retryable: false });
    expect(kindOf(500)).toMatchObject({ kind: "server_error", retryable: true });
    expect(kindOf(503)).toMatchObject({ kind: "server_error", retryable: true });
  });

  it("timeouts and dropped connections retry; a caller's cancellation does not", () => {
    expect(classifyError(new APIConnectionTimeoutError(), null).error).toMatchObject({ kind: "timeout", retryable: true });
    expect(classifyError(new APIConnectionError({ message: "ECONNRESET" }), null).error).toMatchObject({ kind: "connection", retryable: true });
    expect(classifyError(new APIUserAbortError(), "timeout").error).toMatchObject({ kind: "timeout", retryable: true });
    expect(classifyError(new APIUserAbortError(), "cancelled").error).toMatchObject({ kind: "cancelled", retryable: false });
  });

  it("reads retry-after as seconds or as an HTTP date when retry-after-ms is absent", () => {
    expect(retryAfterMs(headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3000);
    expect(retryAfterMs(headers({}))).toBeNull();
  });
});
