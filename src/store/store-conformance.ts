import { afterEach, describe, expect, it } from "vitest";
import { EvalgateError } from "../core/index.js";
import { describeConcurrentWriters } from "./store-conformance-concurrency.js";
import { describeAttemptQueries } from "./store-conformance-queries.js";
import { describeRunSummaries } from "./store-conformance-summaries.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeComparison, makeErrorAttempt, makeRun, makeScore, makeSuite } from "./store-fixtures.js";
import { attemptKeyString, type Store } from "./store.js";

/** What a Store implementation gives the conformance suite. */
export interface StoreHarness {
  /** A fresh, empty location (a database file here; a database URL for a server store). */
  freshLocation(): string;
  open(location: string): Store;
  /**
   * A child process writing `count` attempts into `runId` (case ids `${casePrefix}-00000`…),
   * printing `committed N` after each commit.
   */
  writerProcess(location: string, runId: string, count: number, casePrefix: string): { command: string; args: string[] };
  /** Problems an integrity check finds ([] when intact). */
  integrityProblems(location: string): string[];
}

/**
 * One behaviour suite every Store must pass (after evalite's storage test-utils): run it
 * against each implementation so SQLite today and Postgres later mean the same thing.
 */
export function describeStoreConformance(name: string, harness: StoreHarness): void {
  describe(`Store conformance: ${name}`, () => {
    const opened: Store[] = [];
    const open = (location = harness.freshLocation()) => {
      const store = harness.open(location);
      opened.push(store);
      return store;
    };
    afterEach(() => {
      for (const s of opened.splice(0)) s.close();
    });

    describeRoundTrip(open);
    describeRunRefs(open);
    describeAttemptQueries(open);
    describeComparisonsAndCache(open);
    describeRunSummaries(open);
    describeConcurrentWriters(harness, open);
  });
}

type Open = (location?: string) => Store;

function describeRoundTrip(open: Open): void {
  it("reads back a run, its cases and its attempts exactly as written, raw payloads included", () => {
    const store = open();
    const run = makeRun();
    const cases = makeCases(3);
    store.createRun(run, makeSuite(), cases);
    const ok = makeAttempt({ caseId: "case-000" });
    ok.scores.push(makeScore({ grader: "tone", type: "llm-rubric", value: null, pass: false, reason: "judge timed out", weight: 0, judgeCost: { usd: null, inputTokens: 300, outputTokens: 0 } }));
    const unpriced = makeAttempt({ caseId: "case-001", arm: ARM_B.arm, cost: { usd: null, inputUsd: null, outputUsd: null } }, false);
    const errored = makeErrorAttempt({ caseId: "case-002" });
    for (const a of [ok, unpriced, errored]) store.recordAttempt(a);

    expect(store.getRun(run.id)).toEqual(run);
    expect(store.getCases(run.id)).toEqual(cases);
    expect(store.getSuiteSource(run.suiteHash)).toEqual(makeSuite().source);
    expect(store.getAttempt(run.id, "case-000", ARM_A.arm, 0)).toEqual(ok);
    expect(store.getAttempt(run.id, "case-001", ARM_B.arm, 0)).toEqual(unpriced);
    expect(store.getAttempt(run.id, "case-002", ARM_A.arm, 0)).toEqual(errored);
    expect(store.listAttempts(run.id, { limit: 10, offset: 0, includeRaw: true }).attempts).toEqual([ok, unpriced, errored]);
  });

  it("lists attempts without their raw payloads unless asked", () => {
    const store = open();
    store.createRun(makeRun(), makeSuite(), makeCases(1));
    const attempt = makeAttempt({ caseId: "case-000" });
    store.recordAttempt(attempt);
    const [listed] = store.listAttempts(attempt.runId, { limit: 10, offset: 0 }).attempts;
    expect(listed?.output?.raw).toEqual({ request: null, response: null });
    expect({ ...listed, output: { ...listed?.output, raw: attempt.output?.raw } }).toEqual(attempt);
  });

  it("re-recording an attempt replaces it and its scores instead of duplicating them", () => {
    const store = open();
    const run = makeRun();
    store.createRun(run, makeSuite(), makeCases(1));
    store.recordAttempt(makeAttempt({ caseId: "case-000" }, true));
    const retried = makeAttempt({ caseId: "case-000", tries: 2 }, false);
    store.recordAttempt(retried);
    store.recordAttempt(retried);
    const page = store.listAttempts(run.id, { limit: 10, offset: 0, includeRaw: true });
    expect(page.total).toBe(1);
    expect(page.attempts).toEqual([retried]);
  });

  it("finishes a run with its status and time, and creating the same run twice keeps one", () => {
    const store = open();
    const run = makeRun();
    store.createRun(run, makeSuite(), makeCases(2));
    store.createRun(run, makeSuite(), makeCases(2));
    store.finishRun(run.id, "interrupted", "2026-11-25T10:05:00.000Z");
    expect(store.getRun(run.id)).toEqual({ ...run, status: "interrupted", finishedAt: "2026-11-25T10:05:00.000Z" });
    expect(store.listRuns()).toHaveLength(1);
    expect(store.getCases(run.id)).toHaveLength(2);
  });

  it("never writes credentials found in payloads or cached responses", () => {
    const store = open();
    store.createRun(makeRun(), makeSuite(), makeCases(1));
    const attempt = makeAttempt({ caseId: "case-000" });
    if (attempt.output) attempt.output.raw.request = { headers: { Authorization: "Bearer sk-live-abcdef123456", "x-request": "ok" }, api_key: "sk-123" };
    store.recordAttempt(attempt);
    store.cachePut("k", { note: "sent with Bearer sk-live-abcdef123456" });
    const raw = store.getAttempt(attempt.runId, "case-000", ARM_A.arm, 0)?.output?.raw.request;
    expect(raw).toEqual({ headers: { Authorization: "[redacted]", "x-request": "ok" }, api_key: "[redacted]" });
    expect(store.cacheGet("k")).toEqual({ note: "sent with Bearer [redacted]" });
  });

  it("keys of completed attempts leave out the ones the run stopped before answering", () => {
    const store = open();
    const run = makeRun();
    store.createRun(run, makeSuite(), makeCases(4));
    store.recordAttempt(makeAttempt({ caseId: "case-000" }));
    store.recordAttempt(makeAttempt({ caseId: "case-000", repeat: 1 }, false));
    store.recordAttempt(makeErrorAttempt({ caseId: "case-001", arm: ARM_B.arm }, "server_error"));
    store.recordAttempt(makeErrorAttempt({ caseId: "case-002" }, "cancelled"));
    store.recordAttempt(makeErrorAttempt({ caseId: "case-003" }, "budget_exceeded"));
    expect(store.completedAttemptKeys(run.id)).toEqual(
      new Set([attemptKeyString("case-000", ARM_A.arm, 0), attemptKeyString("case-000", ARM_A.arm, 1), attemptKeyString("case-001", ARM_B.arm, 0)]),
    );
    expect(store.completedAttemptKeys("run_unknown")).toEqual(new Set());
  });
}

function describeRunRefs(open: Open): void {
  const seed = (store: Store) => {
    const runs = [
      makeRun({ id: "run_20261125T090000Z_000001", startedAt: "2026-11-25T09:00:00.000Z", tags: ["main"] }),
      makeRun({ id: "run_20261125T100000Z_000002", startedAt: "2026-11-25T10:00:00.000Z", tags: ["pr-7"] }),
      makeRun({ id: "run_20261125T110000Z_000003", suite: "other", suiteHash: "hash-other", startedAt: "2026-11-25T11:00:00.000Z", tags: ["main"] }),
    ];
    for (const r of runs) store.createRun(r, makeSuite(r.suite), makeCases(1));
    return runs.map((r) => r.id);
  };

  it("resolves a run id, an id prefix, latest, latest of a suite and tag:NAME", () => {
    const store = open();
    const [first, second, third] = seed(store);
    expect(store.resolveRunRef(second as string).id).toBe(second);
    expect(store.resolveRunRef("run_20261125T0900").id).toBe(first);
    expect(store.resolveRunRef("latest").id).toBe(third);
    expect(store.resolveRunRef("latest", { suite: "support-triage" }).id).toBe(second);
    expect(store.resolveRunRef("tag:main").id).toBe(third);
    expect(store.resolveRunRef("tag:main", { suite: "support-triage" }).id).toBe(first);
  });

  it("an unknown reference throws RUNREF_NOT_FOUND whose hint lists recent runs", () => {
    const store = open();
    const ids = seed(store);
    for (const ref of ["run_nope", "tag:release", "run_2026"]) {
      const error = (() => {
        try {
          store.resolveRunRef(ref);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(EvalgateError);
      expect((error as EvalgateError).code).toBe("RUNREF_NOT_FOUND");
      expect((error as EvalgateError).message).toContain(ref);
      for (const id of ids) expect((error as EvalgateError).hint).toContain(id);
    }
    expect(() => open().resolveRunRef("latest")).toThrow(/no run matches "latest"/);
  });

  it("lists runs newest first, filtered by suite and tag, limited", () => {
    const store = open();
    const [first, second, third] = seed(store);
    expect(store.listRuns().map((s) => s.run.id)).toEqual([third, second, first]);
    expect(store.listRuns({ suite: "support-triage" }).map((s) => s.run.id)).toEqual([second, first]);
    expect(store.listRuns({ tag: "main" }).map((s) => s.run.id)).toEqual([third, first]);
    expect(store.listRuns({ limit: 1 }).map((s) => s.run.id)).toEqual([third]);
  });
}

function describeComparisonsAndCache(open: Open): void {
  it("stores comparisons once by id and lists them for either run", () => {
    const store = open();
    const c1 = makeComparison();
    const c2 = makeComparison({ id: "cmp_2", baselineRunId: "run_x", createdAt: "2026-11-25T12:00:00.000Z" });
    store.saveComparison(c1);
    store.saveComparison(c2);
    const updated = { ...c1, verdict: { ...c1.verdict, status: "PASS" as const } };
    store.saveComparison(updated);
    expect(store.getComparison("cmp_1")).toEqual(updated);
    expect(store.getComparison("cmp_none")).toBeUndefined();
    expect(store.listComparisons(c1.candidateRunId)).toEqual([updated, c2]);
    expect(store.listComparisons(c1.baselineRunId)).toEqual([updated]);
  });

  it("serves cached responses by key, misses unknown keys and overwrites on put", () => {
    const store = open();
    expect(store.cacheGet("missing")).toBeUndefined();
    const big = { id: "resp_1", output: [{ type: "message", content: [{ type: "output_text", text: "x".repeat(50_000) }] }] };
    store.cachePut("key-1", big);
    store.cachePut("key-2", { id: "resp_2", output: [] });
    expect(store.cacheGet("key-1")).toEqual(big);
    store.cachePut("key-2", { id: "resp_3", output: [] });
    expect(store.cacheGet("key-2")).toEqual({ id: "resp_3", output: [] });
  });
}
