/**
 * Soak: 2,000 attempts against a simulator injecting 10% rate limits, 2% server errors, 1%
 * hangs past the client's timeout and 1% broken streams. The run finishes; every attempt is
 * graded or an error with its cause; the counts add up; retries stay within each target's
 * bound; and the simulator logged each attempt's requests, never more than its tries.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logKey, readLog, rowKey, scratch, spawnCli, startSuiteOnSim, storedAttempts, type SimProcess } from "./harness.js";

const { dir, db, log, env } = scratch("soak");
const spec = {
  dir,
  name: "soak",
  cases: 1000,
  // One target retries up to 4 times, the other once, so some attempts exhaust their retries.
  targets: [
    { id: "chat", api: "chat" as const, extra: "timeout_ms: 400, max_retries: 4" },
    { id: "resp", api: "responses" as const, extra: "timeout_ms: 400, max_retries: 1" },
  ],
  sim: [
    "{ seed: 5, answer: { team: \"{{team}}\" }, retry_after_ms: 15, hang_ms: 3000,",
    "  models: { default: { accuracy: 0.9, latency: { ttft_ms: 4, tokens_per_s: 2000 },",
    "    faults: { rate_limit: 0.10, server_error: 0.02, timeout: 0.01, broken_stream: 0.01 } } } }",
  ].join("\n"),
};
const CAUSES = new Set(["rate_limit", "server_error", "timeout", "stream_ended_early", "connection"]);
let sim: SimProcess;
let suite: string;

beforeAll(async () => {
  ({ sim, suite } = await startSuiteOnSim(spec, log));
}, 30_000);
afterAll(async () => sim?.stop());

describe("soak under injected faults", () => {
  it("finishes 2,000 attempts, each graded or an error with its cause, retries in bounds, at most one logged request per try", async () => {
    const json = join(dir, "out.json");
    const r = await spawnCli(["run", suite, "--db", db, "--concurrency", "32", "--json", json], env).done;
    expect(r.code, r.stderr).toBe(0);
    const rows = storedAttempts(db);
    expect(rows).toHaveLength(2000);
    const graded = rows.filter((a) => a.status === "ok");
    const errors = rows.filter((a) => a.status === "error");
    expect(graded.every((a) => a.pass === 0 || a.pass === 1)).toBe(true);
    expect(graded.length + errors.length).toBe(2000);
    // An error is never a grader failure: it has no verdict and carries its cause.
    for (const e of errors) {
      expect(e.pass).toBeNull();
      expect(CAUSES.has(e.error_kind ?? "")).toBe(true);
      expect(JSON.parse(e.error_json ?? "{}").message).toMatch(/\S/);
    }
    // The once-retried target loses some attempts to two faults in a row (≈ 14% squared).
    const respErrors = errors.filter((e) => e.arm === "p@resp");
    expect(respErrors.length).toBeGreaterThan(3);
    expect(respErrors.every((e) => e.tries === 2)).toBe(true);
    expect(errors.filter((e) => e.arm === "p@chat").length).toBeLessThan(respErrors.length);
    // Retries stayed in bounds, and faults were met and ridden out.
    expect(Math.max(...rows.filter((a) => a.arm === "p@chat").map((a) => a.tries))).toBeLessThanOrEqual(5);
    expect(Math.max(...rows.filter((a) => a.arm === "p@resp").map((a) => a.tries))).toBeLessThanOrEqual(2);
    const retried = rows.filter((a) => a.tries > 1);
    expect(retried.length).toBeGreaterThan(200);
    // The shared backoff met the 429s and lowered the endpoint's concurrency below 32.
    const m = /rate limits: (\d+) × 429 from \S+; concurrency lowered to (\d+), ended at (\d+) \(of 32\)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(150);
    expect(Number(m![2])).toBeLessThan(32);
    // The simulator logged at most one request per try, and every logged request is a try.
    // Its log is a write stream in another process: stopping it (which ends the stream) is
    // what makes every line it wrote readable; read before, the last lines were often
    // still buffered on a loaded machine (2,365 tries, 2,333 lines). A try can also time
    // out on the client (400 ms) before the simulator has read its body and logged it, so
    // per attempt the log is bounded by the tries, and equal to them where no try hung.
    await sim.stop();
    const entries = readLog(log);
    const tries = rows.reduce((sum, a) => sum + a.tries, 0);
    const logged = new Map<string, number>();
    for (const e of entries) logged.set(logKey(e), (logged.get(logKey(e)) ?? 0) + 1);
    for (const a of rows) {
      const n = logged.get(rowKey(a)) ?? 0;
      expect(n, rowKey(a)).toBeGreaterThanOrEqual(1);
      expect(n, rowKey(a)).toBeLessThanOrEqual(a.tries);
      if (a.status === "ok" && a.tries === 1) expect(n).toBe(1);
    }
    expect(entries.length).toBeLessThanOrEqual(tries);
    expect([...logged.values()].reduce((x, y) => x + y, 0)).toBe(entries.length);
    // The JSON report's counts add up to the same.
    const report = JSON.parse(readFileSync(json, "utf8"));
    const arms = report.runs[0].arms as Array<{ attempts: number; errors: number; passed: number }>;
    expect(arms.reduce((s, a) => s + a.attempts, 0)).toBe(2000);
    expect(arms.reduce((s, a) => s + a.errors, 0)).toBe(errors.length);
    expect(arms.reduce((s, a) => s + a.passed, 0)).toBe(graded.filter((a) => a.pass === 1).length);
  }, 90_000);
});
