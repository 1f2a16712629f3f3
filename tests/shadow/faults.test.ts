/**
 * Mirroring never harms production (docs/shadow.md): whatever the candidate does — down,
 * 10 s slow, answering 500s, rejecting its key — every production reply is the one the
 * upstream gave (checked against a fresh simulator fed the same requests) and arrives as
 * fast; a full queue drops and counts; the daily budget pauses mirroring until the next UTC
 * day (a fake clock, through startShadow's `now` test hook); no key reaches the store or the log.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../src/sim/index.js";
import { startShadow, type RunningShadow, type ShadowOptions } from "../../src/shadow/index.js";
import { openStore } from "../../src/store/index.js";
import { appRequest, scratchDir, send, startSuiteSim, waitFor, withoutClock, writeShadowSuite } from "./harness.js";

const CANDIDATE_KEY = "sk-cand-MARKER0candidate0key0123";
const APP_KEY = "sk-app-MARKER1production1key4567";

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function sim(suiteFile: string): Promise<RunningSimulator> {
  const s = await startSuiteSim(suiteFile);
  closers.push(() => s.close());
  return s;
}

interface Setup {
  dir: string;
  db: string;
  production: RunningSimulator;
  reference: RunningSimulator;
  shadow: RunningShadow;
}

/** Production and a reference simulator (same suite, fresh), and the proxy in front of production. */
async function setUp(label: string, candidateUrl: (dir: string) => Promise<string>, suiteOptions: Parameters<typeof writeShadowSuite>[2], over: Partial<ShadowOptions> | ((dir: string) => Partial<ShadowOptions>) = {}): Promise<Setup> {
  const dir = scratchDir(label);
  const db = join(dir, "e.db");
  const simSuite = writeShadowSuite(dir, "http://127.0.0.1:1/v1");
  const production = await sim(simSuite);
  const reference = await sim(simSuite);
  const suiteFile = writeShadowSuite(dir, await candidateUrl(dir), suiteOptions);
  const shadow = await startShadow({
    suiteFile, targetId: "cand", upstream: production.url, port: 0, host: "127.0.0.1",
    share: 1, seed: 1, models: [], paths: [], metadata: [], mirrorStateful: false,
    queue: 100, tags: [], captureLimitBytes: 4 << 20, bodyLimitBytes: 32 << 20, drainMs: 300,
    db, env: { SHADOW_CANDIDATE_KEY: CANDIDATE_KEY }, ...(typeof over === "function" ? over(dir) : over),
  });
  let stopped = false;
  closers.push(async () => stopped || (await shadow.stop()));
  return { dir, db, production, reference, shadow: { ...shadow, stop: async () => ((stopped = true), shadow.stop()) } };
}

/** Sends requests 0..n-1 through the proxy and the same to the reference; every reply must match and none may be slow. */
async function productionUnchanged(s: Setup, n: number): Promise<number> {
  let slowest = 0;
  for (let i = 0; i < n; i++) {
    const { path, body } = appRequest(i);
    const proxied = await send(s.shadow.baseUrl, path, body, APP_KEY);
    const direct = await send(s.reference.url, path, body, APP_KEY);
    expect(proxied.status).toBe(200);
    expect(proxied.contentType).toBe(direct.contentType);
    expect(withoutClock(proxied.text)).toBe(withoutClock(direct.text));
    slowest = Math.max(slowest, proxied.ms);
  }
  return slowest;
}

const slowCandidate = "{ seed: 7, answer: { team: \"{{team}}\" }, models: { gpt-4.1: { accuracy: 0.95, latency: { ttft_ms: 10000 } } } }";

describe("shadow mode never harms production", () => {
  it("with the candidate down, every production reply is unchanged and the candidate's errors are stored, not surfaced", async () => {
    const s = await setUp("down", async () => "http://127.0.0.1:1/v1", { candidate: "max_retries: 0" });
    await productionUnchanged(s, 8);
    await waitFor(() => s.shadow.status().mirror.stored === 8);
    expect(s.shadow.status().mirror).toMatchObject({ selected: 8, stored: 8, candidateErrors: 8 });
    await s.shadow.stop();
    const store = await openStore(s.db);
    const errors = [];
    for await (const a of store.streamAttempts(s.shadow.runId, { arm: "shadow@cand" })) errors.push(a.error?.kind);
    await store.close();
    expect(errors).toEqual(Array(8).fill("connection"));
  });

  it("with the candidate 10 s slow, production replies arrive as fast as ever; stopping drops the waiting mirrors and cancels the running ones", async () => {
    const s = await setUp("slow", async (dir) => (await sim(writeShadowSuite(dir, "http://127.0.0.1:1/v1", { sim: slowCandidate }))).url, {}, { concurrency: 2 });
    const slowest = await productionUnchanged(s, 8);
    // The candidate takes 10,000 ms a request; production's replies took a few.
    expect(slowest).toBeLessThan(1000);
    expect(s.shadow.status().mirror).toMatchObject({ selected: 8, running: 2, waiting: 6, stored: 0 });
    const stopped = performance.now();
    const { status } = await s.shadow.stop();
    expect(performance.now() - stopped).toBeLessThan(3000);
    expect(status.mirror).toMatchObject({ stored: 0, dropped: { shutdown: 8, queueFull: 0 } });
  });

  it("with the candidate answering 500s, production is unchanged and each pair keeps the candidate's server error", async () => {
    const faulty = "{ seed: 7, answer: { team: \"{{team}}\" }, models: { gpt-4.1: { faults: { server_error: 1 } } } }";
    const s = await setUp("500s", async (dir) => (await sim(writeShadowSuite(dir, "http://127.0.0.1:1/v1", { sim: faulty }))).url, { candidate: "max_retries: 0" });
    await productionUnchanged(s, 8);
    await waitFor(() => s.shadow.status().mirror.stored === 8);
    expect(s.shadow.status().mirror.candidateErrors).toBe(8);
    const { comparisons } = await s.shadow.stop();
    expect(comparisons).toHaveLength(1);
    const store = await openStore(s.db);
    const kinds = new Set<string | undefined>();
    for await (const a of store.streamAttempts(s.shadow.runId, { arm: "shadow@cand" })) kinds.add(a.error?.kind);
    await store.close();
    expect([...kinds]).toEqual(["server_error"]);
  });

  it("a full queue drops the mirror and counts it: 1 running, 2 waiting, 5 dropped of 8", async () => {
    const s = await setUp("queue", async (dir) => (await sim(writeShadowSuite(dir, "http://127.0.0.1:1/v1", { sim: slowCandidate }))).url, {}, { concurrency: 1, queue: 2 });
    await productionUnchanged(s, 8);
    expect(s.shadow.status().mirror).toMatchObject({ selected: 8, running: 1, waiting: 2, dropped: { queueFull: 5 } });
    const { status } = await s.shadow.stop();
    expect(status.mirror.dropped).toEqual({ queueFull: 5, budget: 0, shutdown: 3 });
  });

  it("the daily budget pauses mirroring once reached and resumes it the next UTC day", async () => {
    let now = Date.parse("2026-12-01T23:00:00.000Z");
    const s = await setUp("budget", async (dir) => (await sim(writeShadowSuite(dir, "http://127.0.0.1:1/v1"))).url, {}, { budgetPerDay: 0.002, concurrency: 1, now: () => now });
    let stored = 0;
    for (let i = 0; i < 12; i++) {
      const { path, body } = appRequest(i);
      expect((await send(s.shadow.baseUrl, path, body, APP_KEY)).status).toBe(200);
      await waitFor(() => s.shadow.status().mirror.running === 0 && s.shadow.status().mirror.waiting === 0);
      stored = s.shadow.status().mirror.stored;
    }
    const day1 = s.shadow.status();
    // Each mirror reserves its worst case (~$0.0013 for gpt-4.1 at 64 output tokens) and costs ~$0.0002.
    expect(day1.mirror.stored).toBeGreaterThan(0);
    expect(day1.mirror.dropped.budget).toBe(12 - day1.mirror.stored);
    expect(day1.budget).toMatchObject({ day: "2026-12-01", pausedUntil: "2026-12-02T00:00:00.000Z" });
    expect(day1.budget!.spentUsd).toBeLessThanOrEqual(0.002);
    now = Date.parse("2026-12-02T00:00:05.000Z");
    const { path, body } = appRequest(0);
    await send(s.shadow.baseUrl, path, body, APP_KEY);
    await waitFor(() => s.shadow.status().mirror.stored === stored + 1);
    expect(s.shadow.status().budget).toMatchObject({ day: "2026-12-02", pausedUntil: null });
  });

  it("neither the caller's key, the candidate's key nor a key in the request reaches the store, the log, the status or an error", async () => {
    const rejecting = `{ seed: 7, answer: { team: "{{team}}" }, reject_keys: ["${CANDIDATE_KEY}"] }`;
    const s = await setUp("secrets", async (dir) => (await sim(writeShadowSuite(dir, "http://127.0.0.1:1/v1", { sim: rejecting }))).url, { candidate: "max_retries: 0" }, (dir) => ({ log: join(dir, "pairs.jsonl") }));
    const log = join(s.dir, "pairs.jsonl");
    const again = s.shadow;
    const body = { ...appRequest(0).body, metadata: { api_key: "MARKER2metadata" }, messages: [{ role: "user", content: "my key is sk-live-MARKER3inprompt0000 — route me" }] };
    expect((await send(again.baseUrl, "/chat/completions", body, APP_KEY)).status).toBe(200);
    await waitFor(() => again.status().mirror.stored === 1);
    const status = JSON.stringify(again.status());
    await again.stop();
    const files = [s.db, `${s.db}-wal`, log].filter(existsSync).map((f) => readFileSync(f).toString("latin1"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const text of [...files, status]) expect(text).not.toMatch(/MARKER/);
  });
});

describe("stopping the proxy", () => {
  it("drains a production request in flight: it is answered in full before the proxy closes", { timeout: 15_000 }, async () => {
    const dir = scratchDir("drain");
    const slowProduction = "{ seed: 7, answer: { team: \"{{team}}\" }, models: { gpt-4.1-mini: { latency: { ttft_ms: 800, tokens_per_s: 20 } } } }";
    const production = await sim(writeShadowSuite(dir, "http://127.0.0.1:1/v1", { sim: slowProduction }));
    const shadow = await startShadow({
      suiteFile: writeShadowSuite(dir, production.url), targetId: "cand", upstream: production.url, port: 0, host: "127.0.0.1",
      share: 0, seed: 1, models: [], paths: [], metadata: [], mirrorStateful: false, queue: 10, tags: [], captureLimitBytes: 4 << 20, bodyLimitBytes: 32 << 20,
      drainMs: 300, db: join(dir, "e.db"), env: { SHADOW_CANDIDATE_KEY: CANDIDATE_KEY },
    });
    const { path, body } = appRequest(2); // a streamed Chat request: ~800 ms to its first token
    const inFlight = send(shadow.baseUrl, path, body, APP_KEY);
    await waitFor(() => shadow.status().proxy.inFlight === 1);
    const stopped = shadow.stop();
    const reply = await inFlight;
    await stopped;
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeGreaterThan(700);
    expect(reply.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    await expect(send(shadow.baseUrl, path, body, APP_KEY)).rejects.toThrow();
  });
});
