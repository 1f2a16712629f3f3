import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it, type RunnerTestSuite, type RunnerTask } from "vitest";
import { compareIds, EvalgateError } from "../core/index.js";
import { describeBatchIntents } from "./store-conformance-batches.js";
import { describeConcurrentWriters } from "./store-conformance-concurrency.js";
import { describeAttemptQueries } from "./store-conformance-queries.js";
import { describeImages } from "./store-conformance-images.js";
import { describeRunSummaries } from "./store-conformance-summaries.js";
import { describeLoopSteps } from "./store-conformance-steps.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeComparison, makeErrorAttempt, makeRun, makeScore, makeSuite } from "./store-fixtures.js";
import { attemptKeyString, collect, STREAM_PAGE, type Store } from "./store.js";

/** The child process every shareable store's harness uses: fixtures/sqlite-attempt-writer.ts through openStore(location). */
export function attemptWriterProcess(location: string, runId: string, count: number, casePrefix: string): { command: string; args: string[] } {
  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return { command: process.execPath, args: ["--import", fixture("ts-loader.mjs"), fixture("sqlite-attempt-writer.ts"), location, runId, String(count), casePrefix] };
}

/** What a Store implementation gives the conformance suite. */
export interface StoreHarness {
  /** A fresh, empty location (a database file here; a database URL for a server store). */
  freshLocation(): string;
  open(location: string): Promise<Store>;
  /**
   * For a store other processes can share: a child process writing `count` attempts into
   * `runId` (case ids `${casePrefix}-00000`…), printing `committed N` after each commit, and
   * the problems an integrity check finds ([] when intact). A store in one process's memory
   * has neither, and skips the concurrency tests.
   */
  shared?: {
    writerProcess(location: string, runId: string, count: number, casePrefix: string): { command: string; args: string[] };
    integrityProblems(location: string): string[];
  };
}

/**
 * One behaviour suite every Store must pass (after evalite's storage test-utils): run it
 * against each implementation so SQLite today and Postgres later mean the same thing.
 */
export function describeStoreConformance(name: string, harness: StoreHarness): void {
  describe(`Store conformance: ${name}`, () => {
    const opened: Store[] = [];
    const open = async (location = harness.freshLocation()) => {
      const store = await harness.open(location);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });
    // The count per backend, printed: both backends must show the same number.
    afterAll(({}, suite) => {
      const tests = testsOf(suite);
      const passed = tests.filter((t) => t.result?.state === "pass").length;
      console.log(`Store conformance on ${name}: ${passed} of ${tests.length} tests passed`);
    });

    describeRoundTrip(open);
    describeRunRefs(open);
    describeAttemptQueries(open);
    describeComparisonsAndCache(open);
    describeRunSummaries(open);
    describeRunPlansAndStreams(open);
    describeLooksAndShards(open);
    describeImages(open);
    describeLoopSteps(open);
    describeBatchIntents(open);
    if (harness.shared) describeConcurrentWriters(harness.shared, harness.freshLocation, open);
  });
}

type Open = (location?: string) => Promise<Store>;

function describeRoundTrip(open: Open): void {
  it("reads back a run, its cases and its attempts exactly as written, raw payloads included", async () => {
    const store = await open();
    const run = makeRun();
    const cases = makeCases(3);
    await store.createRun(run, makeSuite(), cases);
    const ok = makeAttempt({ caseId: "case-000" });
    ok.scores.push(makeScore({ grader: "tone", type: "llm-rubric", value: null, pass: false, reason: "judge timed out", weight: 0, judgeCost: { usd: null, inputTokens: 300, outputTokens: 0 } }));
    const unpriced = makeAttempt({ caseId: "case-001", arm: ARM_B.arm, cost: { usd: null, inputUsd: null, outputUsd: null } }, false);
    const errored = makeErrorAttempt({ caseId: "case-002" });
    for (const a of [ok, unpriced, errored]) await store.recordAttempt(a);

    expect(await store.getRun(run.id)).toEqual(run);
    expect(await store.getCases(run.id)).toEqual(cases);
    expect(await store.getSuiteSource(run.suiteHash)).toEqual(makeSuite().source);
    expect(await store.getAttempt(run.id, "case-000", ARM_A.arm, 0)).toEqual(ok);
    expect(await store.getAttempt(run.id, "case-001", ARM_B.arm, 0)).toEqual(unpriced);
    expect(await store.getAttempt(run.id, "case-002", ARM_A.arm, 0)).toEqual(errored);
    expect((await store.listAttempts(run.id, { limit: 10, offset: 0, includeRaw: true })).attempts).toEqual([ok, unpriced, errored]);
  });

  it("adds a case to a created run with its attempts in one call, and refuses a run it does not hold", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), []);
    const [first, second] = makeCases(2);
    const pair = [makeAttempt({ caseId: first!.id }), makeAttempt({ caseId: first!.id, arm: ARM_B.arm }, false)];
    await store.recordCaseAttempts(run.id, first!, pair);
    await store.recordCaseAttempts(run.id, second!, [makeErrorAttempt({ caseId: second!.id })]);
    expect(await store.getCases(run.id)).toEqual([first, second]);
    expect(await store.getAttempt(run.id, first!.id, ARM_B.arm, 0)).toEqual(pair[1]);
    expect((await store.listAttempts(run.id, { limit: 10, offset: 0 })).total).toBe(3);
    await expect(store.recordCaseAttempts("run-not-held", first!, [])).rejects.toThrow(/does not hold/);
  });

  it("lists attempts without their raw payloads unless asked", async () => {
    const store = await open();
    await store.createRun(makeRun(), makeSuite(), makeCases(1));
    const attempt = makeAttempt({ caseId: "case-000" });
    await store.recordAttempt(attempt);
    const [listed] = (await store.listAttempts(attempt.runId, { limit: 10, offset: 0 })).attempts;
    expect(listed?.output?.raw).toEqual({ request: null, response: null });
    expect({ ...listed, output: { ...listed?.output, raw: attempt.output?.raw } }).toEqual(attempt);
  });

  it("re-recording an attempt replaces it and its scores instead of duplicating them", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), makeCases(1));
    await store.recordAttempt(makeAttempt({ caseId: "case-000" }, true));
    const retried = makeAttempt({ caseId: "case-000", tries: 2 }, false);
    await store.recordAttempt(retried);
    await store.recordAttempt(retried);
    const page = await store.listAttempts(run.id, { limit: 10, offset: 0, includeRaw: true });
    expect(page.total).toBe(1);
    expect(page.attempts).toEqual([retried]);
  });

  it("finishes a run with its status and time, and creating the same run twice keeps one", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), makeCases(2));
    await store.createRun(run, makeSuite(), makeCases(2));
    await store.finishRun(run.id, "interrupted", "2026-11-25T10:05:00.000Z");
    expect(await store.getRun(run.id)).toEqual({ ...run, status: "interrupted", finishedAt: "2026-11-25T10:05:00.000Z" });
    expect(await store.listRuns()).toHaveLength(1);
    expect(await store.getCases(run.id)).toHaveLength(2);
  });

  it("never writes credentials found in payloads or cached responses", async () => {
    const store = await open();
    await store.createRun(makeRun(), makeSuite(), makeCases(1));
    const attempt = makeAttempt({ caseId: "case-000" });
    if (attempt.output) attempt.output.raw.request = { headers: { Authorization: "Bearer sk-live-abcdef123456", "x-request": "ok" }, api_key: "sk-123" };
    await store.recordAttempt(attempt);
    await store.cachePut("k", { note: "sent with Bearer sk-live-abcdef123456" });
    const raw = (await store.getAttempt(attempt.runId, "case-000", ARM_A.arm, 0))?.output?.raw.request;
    expect(raw).toEqual({ headers: { Authorization: "[redacted]", "x-request": "ok" }, api_key: "[redacted]" });
    expect(await store.cacheGet("k")).toEqual({ note: "sent with Bearer [redacted]" });
  });

  it("resume state: keys of completed attempts leave out the ones the run stopped before answering; spend counts sent attempts only", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), makeCases(4));
    await store.recordAttempt(makeAttempt({ caseId: "case-000" }));
    await store.recordAttempt(makeAttempt({ caseId: "case-000", repeat: 1 }, false));
    await store.recordAttempt(makeErrorAttempt({ caseId: "case-001", arm: ARM_B.arm }, "server_error"));
    await store.recordAttempt(makeErrorAttempt({ caseId: "case-002" }, "cancelled"));
    await store.recordAttempt(makeErrorAttempt({ caseId: "case-003" }, "budget_exceeded"));
    const replayed = { ...makeAttempt({ caseId: "case-003", arm: ARM_B.arm }), replayed: true };
    await store.recordAttempt(replayed);
    const state = await store.resumeState(run.id);
    expect(state.completed).toEqual(
      new Set([attemptKeyString("case-000", ARM_A.arm, 0), attemptKeyString("case-000", ARM_A.arm, 1), attemptKeyString("case-001", ARM_B.arm, 0), attemptKeyString("case-003", ARM_B.arm, 0)]),
    );
    // Two sent attempts at the fixture's price; the replayed one cost nothing again.
    expect(state.spentUsd).toBeCloseTo(2 * (makeAttempt({ caseId: "x" }).cost.usd ?? 0), 12);
    expect(await store.resumeState("run_unknown")).toEqual({ completed: new Set(), spentUsd: 0 });
  });
}

function describeRunRefs(open: Open): void {
  const seed = async (store: Store) => {
    const runs = [
      makeRun({ id: "run_20261125T090000Z_000001", startedAt: "2026-11-25T09:00:00.000Z", tags: ["main"] }),
      makeRun({ id: "run_20261125T100000Z_000002", startedAt: "2026-11-25T10:00:00.000Z", tags: ["pr-7"] }),
      makeRun({ id: "run_20261125T110000Z_000003", suite: "other", suiteHash: "hash-other", startedAt: "2026-11-25T11:00:00.000Z", tags: ["main"] }),
    ];
    for (const r of runs) await store.createRun(r, makeSuite(r.suite), makeCases(1));
    return runs.map((r) => r.id);
  };

  it("resolves a run id, an id prefix, latest, latest of a suite and tag:NAME", async () => {
    const store = await open();
    const [first, second, third] = await seed(store);
    expect((await store.resolveRunRef(second as string)).id).toBe(second);
    expect((await store.resolveRunRef("run_20261125T0900")).id).toBe(first);
    expect((await store.resolveRunRef("latest")).id).toBe(third);
    expect((await store.resolveRunRef("latest", { suite: "support-triage" })).id).toBe(second);
    expect((await store.resolveRunRef("tag:main")).id).toBe(third);
    expect((await store.resolveRunRef("tag:main", { suite: "support-triage" })).id).toBe(first);
  });

  it("an unknown reference throws RUNREF_NOT_FOUND whose hint lists recent runs", async () => {
    const store = await open();
    const ids = await seed(store);
    for (const ref of ["run_nope", "tag:release", "run_2026"]) {
      const error = await store.resolveRunRef(ref).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EvalgateError);
      expect((error as EvalgateError).code).toBe("RUNREF_NOT_FOUND");
      expect((error as EvalgateError).message).toContain(ref);
      for (const id of ids) expect((error as EvalgateError).hint).toContain(id);
    }
    await expect((await open()).resolveRunRef("latest")).rejects.toThrow(/no run matches "latest"/);
  });

  it("lists runs newest first, filtered by suite and tag, limited", async () => {
    const store = await open();
    const [first, second, third] = await seed(store);
    expect((await store.listRuns()).map((s) => s.run.id)).toEqual([third, second, first]);
    expect((await store.listRuns({ suite: "support-triage" })).map((s) => s.run.id)).toEqual([second, first]);
    expect((await store.listRuns({ tag: "main" })).map((s) => s.run.id)).toEqual([third, first]);
    expect((await store.listRuns({ limit: 1 })).map((s) => s.run.id)).toEqual([third]);
  });
}

function describeComparisonsAndCache(open: Open): void {
  it("stores comparisons once by id and lists them for either run", async () => {
    const store = await open();
    const c1 = makeComparison();
    const c2 = makeComparison({ id: "cmp_2", baselineRunId: "run_x", createdAt: "2026-11-25T12:00:00.000Z" });
    await store.saveComparison(c1);
    await store.saveComparison(c2);
    const updated = { ...c1, verdict: { ...c1.verdict, status: "PASS" as const } };
    await store.saveComparison(updated);
    expect(await store.getComparison("cmp_1")).toEqual(updated);
    expect(await store.getComparison("cmp_none")).toBeUndefined();
    expect(await store.listComparisons(c1.candidateRunId)).toEqual([updated, c2]);
    expect(await store.listComparisons(c1.baselineRunId)).toEqual([updated]);
  });

  it("serves cached responses by key, misses unknown keys and overwrites on put", async () => {
    const store = await open();
    expect(await store.cacheGet("missing")).toBeUndefined();
    const big = { id: "resp_1", output: [{ type: "message", content: [{ type: "output_text", text: "x".repeat(50_000) }] }] };
    await store.cachePut("key-1", big);
    await store.cachePut("key-2", { id: "resp_2", output: [] });
    expect(await store.cacheGet("key-1")).toEqual(big);
    await store.cachePut("key-2", { id: "resp_3", output: [] });
    expect(await store.cacheGet("key-2")).toEqual({ id: "resp_3", output: [] });
  });
}

function describeRunPlansAndStreams(open: Open): void {
  it("keeps a run's plan apart from the response cache, replacing it when saved again", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), makeCases(1));
    expect(await store.getRunPlan(run.id)).toBeUndefined();
    await store.saveRunPlan(run.id, { v: 1, targets: ["chat"], repeat: 2, sim: true });
    await store.saveRunPlan(run.id, { v: 1, targets: ["chat", "resp"], filterTags: ["fr"] });
    expect(await store.getRunPlan(run.id)).toEqual({ v: 1, targets: ["chat", "resp"], filterTags: ["fr"] });
    expect(await store.cacheGet(`run-plan:${run.id}`)).toBeUndefined();
  });

  it("streams a whole run in page order across page boundaries, each attempt with its own scores, one arm when asked, raw payloads only when asked", async () => {
    const store = await open();
    const run = makeRun();
    const n = STREAM_PAGE + 7;
    await store.createRun(run, makeSuite(), []);
    // None, one or two scores an attempt, each naming its case: a score read for the wrong attempt shows.
    const scoresOf = (i: number) => Array.from({ length: i % 3 }, (_, k) => makeScore({ grader: `g${k}`, reason: `case ${i} grader ${k}`, pass: k === 0, value: k === 0 ? 1 : 0 }));
    for (let i = 0; i < n; i++) {
      const caseId = `case-${String(i).padStart(5, "0")}`;
      await store.recordAttempt(makeAttempt({ caseId, arm: i % 2 ? ARM_B.arm : ARM_A.arm, scores: scoresOf(i) }));
    }
    const all = await collect(store.streamAttempts(run.id));
    expect(all).toHaveLength(n);
    expect(all.map((a) => a.caseId)).toEqual([...all.map((a) => a.caseId)].sort(compareIds));
    expect(all.map((a) => a.scores)).toEqual(all.map((a) => scoresOf(Number(a.caseId.slice("case-".length)))));
    expect(all[0]?.output?.raw).toEqual({ request: null, response: null });
    const armB = await collect(store.streamAttempts(run.id, { arm: ARM_B.arm, includeRaw: true }));
    expect(armB).toHaveLength(Math.floor(n / 2));
    expect(armB.every((a) => a.arm === ARM_B.arm && a.output?.raw.request !== null)).toBe(true);
    expect(await collect(store.streamAttempts("run_unknown"))).toEqual([]);
  });
}

function testsOf(task: RunnerTask | RunnerTestSuite): RunnerTask[] {
  return "tasks" in task ? task.tasks.flatMap(testsOf) : [task];
}

function describeLooksAndShards(open: Open): void {
  it("numbers looks per key in the order they were made; the same candidate run keeps its number", async () => {
    const store = await open();
    const look = (key: string, candidateRunId: string) => store.recordLook({ key, candidateRunId, comparisonId: `cmp_${candidateRunId}`, createdAt: "2026-12-01T00:00:00.000Z" });
    expect(await look("k1", "run_a")).toBe(1);
    expect(await look("k1", "run_b")).toBe(2);
    expect(await look("k2", "run_b")).toBe(1);
    expect(await look("k1", "run_a")).toBe(1);
    expect(await look("k1", "run_c")).toBe(3);
    expect((await store.listLooks("k1")).map((l) => l.candidateRunId)).toEqual(["run_a", "run_b", "run_c"]);
    expect(await store.listLooks("none")).toEqual([]);
  });

  it("records a run's shards, replacing a re-recorded one, and counts the completed ones", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), makeCases(3));
    const shard = (index: number, status: "completed" | "interrupted") => ({ index, count: 3, status, finishedAt: `2026-12-01T00:0${index}:00.000Z`, repeat: 2, seed: 7 });
    expect(await store.recordShard(run.id, shard(2, "completed"))).toEqual({ completed: 1 });
    expect(await store.recordShard(run.id, shard(1, "interrupted"))).toEqual({ completed: 1 });
    expect(await store.recordShard(run.id, shard(1, "completed"))).toEqual({ completed: 2 });
    expect(await store.recordShard(run.id, shard(3, "completed"))).toEqual({ completed: 3 });
    expect((await store.listShards(run.id)).map((s) => [s.index, s.status, s.repeat, s.seed])).toEqual([
      [1, "completed", 2, 7],
      [2, "completed", 2, 7],
      [3, "completed", 2, 7],
    ]);
    await expect(store.recordShard("run_missing", shard(1, "completed"))).rejects.toThrow(/does not hold run run_missing/);
  });
}

