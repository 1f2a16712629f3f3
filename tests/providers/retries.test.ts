import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AnswerIndex, GenerateRequest, SimConfigInput } from "../../src/core/index.js";
import { createOpenAIProvider, type GenerateResult, type RetryInfo } from "../../src/providers/index.js";
import { startSimulator } from "../../src/sim/index.js";

/**
 * Retries against the simulator's injected faults: each attempt succeeds within its bound,
 * the waits honoured retry-after, and the simulator's request log shows exactly the tries
 * each attempt records.
 */
const dir = mkdtempSync(join(tmpdir(), "evalgate-retries-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES = Array.from({ length: 24 }, (_, i) => ({ id: `case-${i}`, input: `Question ${i}: where is ORD-${i}?` }));
const index: AnswerIndex = { entries: CASES.map((c, i) => ({ caseId: c.id, keys: [c.input], answer: `It ships on day ${i}.` })) };

function request(c: (typeof CASES)[number], api: "chat" | "responses", stream: boolean): GenerateRequest {
  return { api, model: "gpt-4.1-mini", stream, attempt: `${c.id}/0`, messages: [{ role: "user", content: c.input }], params: { temperature: 0 } };
}

interface Run {
  results: Array<{ attempt: string; result: GenerateResult }>;
  retries: Array<RetryInfo & { attempt: string }>;
  logged: Map<string, number>;
}

async function runAgainst(sim: SimConfigInput, api: "chat" | "responses", stream: boolean, maxRetries: number, timeoutMs = 5_000): Promise<Run> {
  const logFile = join(dir, `${api}-${stream}-${Math.random().toString(36).slice(2)}.jsonl`);
  const server = await startSimulator(sim, index, { port: 0, logFile });
  const retries: Run["retries"] = [];
  const provider = createOpenAIProvider({ baseURL: server.url, apiKey: "sk-sim", timeoutMs, maxRetries, onRetry: (i) => retries.push(i),
    // Backoff itself is unit-tested; here short waits keep the test fast.
    baseDelayMs: 5, maxDelayMs: 40 });
  const results = await Promise.all(CASES.map(async (c) => ({ attempt: `${c.id}/0`, result: await provider.generate(request(c, api, stream)) })));
  await server.close();
  await new Promise((r) => setTimeout(r, 50));
  const logged = new Map<string, number>();
  for (const line of readFileSync(logFile, "utf8").split("\n").filter(Boolean)) {
    const entry = JSON.parse(line) as { attempt: string | null };
    logged.set(String(entry.attempt), (logged.get(String(entry.attempt)) ?? 0) + 1);
  }
  return { results, retries, logged };
}

function expectLogMatchesTries(run: Run) {
  for (const { attempt, result } of run.results) expect(run.logged.get(attempt), attempt).toBe(result.tries);
}

describe("retries against the simulator's injected faults", () => {
  for (const api of ["chat", "responses"] as const) {
    it(`${api}: 429s and 500s are retried to success, 429 waits are the retry-after-ms, and the log shows every try`, async () => {
      const run = await runAgainst(
        { seed: 3, retry_after_ms: 25, models: { "gpt-4.1-mini": { accuracy: 1, faults: { rate_limit: 0.3, server_error: 0.2, timeout: 0, broken_stream: 0 } } } },
        api, true, 8,
      );
      for (const { result } of run.results) {
        expect(result.ok).toBe(true);
        expect(result.tries).toBeLessThanOrEqual(9);
      }
      const rateLimited = run.retries.filter((r) => r.error.kind === "rate_limit");
      const serverErrors = run.retries.filter((r) => r.error.kind === "server_error");
      expect(rateLimited.length).toBeGreaterThan(0);
      expect(serverErrors.length).toBeGreaterThan(0);
      for (const r of rateLimited) expect(r).toMatchObject({ waitMs: 25, honouredRetryAfter: true, error: { status: 429 } });
      for (const r of serverErrors) expect(r).toMatchObject({ honouredRetryAfter: false, error: { status: 500 } });
      const tries = run.results.reduce((n, r) => n + r.result.tries, 0);
      expect(tries).toBe(CASES.length + run.retries.length);
      expectLogMatchesTries(run);
    }, 60_000);
  }

  it("a hang past the timeout is a timeout, retried; the log counts the hung tries too", async () => {
    const run = await runAgainst(
      { seed: 5, hang_ms: 3_000, models: { "gpt-4.1-mini": { accuracy: 1, faults: { rate_limit: 0, server_error: 0, timeout: 0.25, broken_stream: 0 } } } },
      "chat", false, 6, 300,
    );
    for (const { result } of run.results) expect(result.ok).toBe(true);
    const timeouts = run.retries.filter((r) => r.error.kind === "timeout");
    expect(timeouts.length).toBeGreaterThan(0);
    expectLogMatchesTries(run);
  }, 60_000);

  it("a stream cut mid-way is 'stream ended early' (never a short answer) and is retried", async () => {
    const sim: SimConfigInput = { seed: 9, models: { "gpt-4.1-mini": { accuracy: 1, faults: { rate_limit: 0, server_error: 0, timeout: 0, broken_stream: 0.4 } } } };
    for (const api of ["chat", "responses"] as const) {
      const once = await runAgainst(sim, api, true, 0);
      const cut = once.results.filter((r) => !r.result.ok);
      expect(cut.length, `${api}: some streams were cut`).toBeGreaterThan(0);
      for (const { result } of cut) expect(!result.ok && result.error).toMatchObject({ kind: "stream_ended_early", retryable: true });
      for (const { result } of once.results.filter((r) => r.result.ok)) expect(result.ok && result.output.text).toMatch(/^It ships on day \d+\.$/);
      const retried = await runAgainst(sim, api, true, 8);
      for (const { result } of retried.results) expect(result.ok).toBe(true);
      expectLogMatchesTries(retried);
    }
  }, 60_000);

  it("a revoked key is an auth error, tried once", async () => {
    const server = await startSimulator({ seed: 1, reject_keys: ["sk-revoked"] }, index, { port: 0 });
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: "sk-revoked", timeoutMs: 5_000, maxRetries: 5 });
    const result = await provider.generate(request(CASES[0]!, "responses", true));
    await server.close();
    expect(result).toMatchObject({ ok: false, tries: 1, error: { kind: "auth", status: 401, retryable: false } });
  });

  it("a cancelled signal ends the attempt as 'cancelled' without throwing", async () => {
    const server = await startSimulator({ seed: 1, hang_ms: 5_000, models: { default: { faults: { rate_limit: 0, server_error: 0, timeout: 1, broken_stream: 0 } } } }, index, { port: 0 });
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: "sk-sim", timeoutMs: 10_000, maxRetries: 3 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await provider.generate(request(CASES[1]!, "chat", true), controller.signal);
    await server.close();
    expect(result).toMatchObject({ ok: false, tries: 1, error: { kind: "cancelled", retryable: false } });
  });
});
