import { expect, it } from "vitest";
import type { Attempt } from "../core/index.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeComparison, makeErrorAttempt, makeRun, makeSuite } from "./store-fixtures.js";
import type { ArmSummary, Store } from "./store.js";

const CASES = makeCases(20);

/** 20 cases × 2 arms: every 6th errors, every 3rd fails, latencies 100..139 ms, arm B unpriced. */
function seed(store: Store): Attempt[] {
  store.createRun(makeRun(), makeSuite(), CASES);
  let n = 0;
  const attempts = CASES.flatMap((c) =>
    [ARM_A.arm, ARM_B.arm].map((arm) => {
      const i = n++;
      if (i % 6 === 0) return makeErrorAttempt({ caseId: c.id, arm });
      const a = makeAttempt({ caseId: c.id, arm, cost: { usd: arm === ARM_A.arm ? 0.002 : null, inputUsd: null, outputUsd: null } }, i % 3 !== 0);
      if (a.output) a.output.latency.totalMs = 100 + i;
      return a;
    }),
  );
  for (const a of attempts) store.recordAttempt(a);
  return attempts;
}

/** What an arm's summary must say about these attempts, computed here without SQL. */
function expectedArm(all: Attempt[], arm: string): Omit<ArmSummary, "meanScore" | "costUsd"> {
  const mine = all.filter((a) => a.arm === arm);
  const graded = mine.filter((a) => a.status === "ok");
  const passed = graded.filter((a) => a.pass === true).length;
  const latencies = graded.map((a) => a.output?.latency.totalMs as number).sort((x, y) => x - y);
  return {
    arm,
    attempts: mine.length,
    errors: mine.length - graded.length,
    passed,
    failed: graded.length - passed,
    passRate: graded.length ? passed / graded.length : null,
    unknownCost: graded.filter((a) => a.cost.usd === null).length,
    p95LatencyMs: latencies[Math.ceil(0.95 * latencies.length) - 1] ?? null,
  };
}

function expectFigures(store: Store, all: Attempt[]): void {
  const summary = store.summarizeRun(makeRun().id);
  for (const arm of [ARM_A.arm, ARM_B.arm]) {
    expect(summary?.arms.find((a) => a.arm === arm)).toMatchObject(expectedArm(all, arm));
  }
  expect(summary?.totals.attempts).toBe(all.length);
}

export function describeRunSummaries(open: (location?: string) => Store): void {
  it("a finished run's summary and list entry give the live figures, and an attempt recorded after finishing shows at once", () => {
    const store = open();
    const all = seed(store);
    const live = store.summarizeRun(makeRun().id);
    store.finishRun(makeRun().id, "completed", "2026-11-25T10:30:00.000Z");
    const finished = store.summarizeRun(makeRun().id);
    expect(finished?.run.status).toBe("completed");
    expect(finished?.arms).toEqual(live?.arms);
    expect(finished?.totals).toEqual(live?.totals);
    expect(store.listRuns()[0]?.arms).toEqual(live?.arms);
    expectFigures(store, all);

    // A resumed or re-graded run: one attempt replaced (now failing and slowest), one added.
    const slow = makeAttempt({ caseId: CASES[1]?.id ?? "", arm: ARM_A.arm }, false);
    if (slow.output) slow.output.latency.totalMs = 9_000;
    const extra = makeAttempt({ caseId: CASES[2]?.id ?? "", arm: ARM_B.arm, repeat: 1, cost: { usd: null, inputUsd: null, outputUsd: null } });
    store.recordAttempt(slow);
    store.recordAttempt(extra);
    const after = [...all.filter((a) => !(a.caseId === slow.caseId && a.arm === slow.arm && a.repeat === 0)), slow, extra];
    expectFigures(store, after);
    expect(store.listRuns()[0]?.totals.attempts).toBe(41);
    store.finishRun(makeRun().id, "completed", "2026-11-25T10:40:00.000Z");
    expectFigures(store, after);
  });

  it("a run finished with no attempts summarizes its planned arms as empty", () => {
    const store = open();
    store.createRun(makeRun(), makeSuite(), CASES);
    store.finishRun(makeRun().id, "failed", "2026-11-25T10:01:00.000Z");
    const summary = store.summarizeRun(makeRun().id);
    expect(summary?.arms.map((a) => [a.arm, a.attempts, a.passRate, a.p95LatencyMs])).toEqual([
      [ARM_A.arm, 0, null, null],
      [ARM_B.arm, 0, null, null],
    ]);
  });

  it("lists comparison heads from their rows: the same comparisons, order and verdict statuses as the full list", () => {
    const store = open();
    const c1 = makeComparison();
    const c2 = makeComparison({ id: "cmp_2", baselineRunId: "run_x", createdAt: "2026-11-25T12:00:00.000Z", verdict: { status: "FAIL", gates: [] } });
    store.saveComparison(c1);
    store.saveComparison(c2);
    store.saveComparison({ ...c1, verdict: { ...c1.verdict, status: "PASS" } });
    for (const runId of [c1.candidateRunId, c1.baselineRunId, "run_none"]) {
      const heads = store.listComparisonHeads(runId);
      expect(heads).toEqual(
        store.listComparisons(runId).map((c) => ({
          id: c.id, baselineRunId: c.baselineRunId, candidateRunId: c.candidateRunId, baselineArm: c.baselineArm,
          candidateArm: c.candidateArm, status: c.verdict.status, createdAt: c.createdAt,
        })),
      );
    }
    expect(store.listComparisonHeads(c1.candidateRunId).map((h) => [h.id, h.status])).toEqual([["cmp_1", "PASS"], ["cmp_2", "FAIL"]]);
  });
}
