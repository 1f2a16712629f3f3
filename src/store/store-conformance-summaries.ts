import { expect, it } from "vitest";
import type { Attempt } from "../core/index.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeComparison, makeErrorAttempt, makeRun, makeScore, makeSuite } from "./store-fixtures.js";
import { attemptFigures, summarizeArm, summarizeTotals, type ArmSummary } from "../stats/index.js";
import type { Store } from "./store.js";

const CASES = makeCases(20);

/** 20 cases × 2 arms: every 6th errors, every 3rd fails, latencies 100..139 ms, arm B unpriced. */
async function seed(store: Store): Promise<Attempt[]> {
  await store.createRun(makeRun(), makeSuite(), CASES);
  let n = 0;
  const attempts = CASES.flatMap((c) =>
    [ARM_A.arm, ARM_B.arm].map((arm) => {
      const i = n++;
      if (i % 6 === 0) return makeErrorAttempt({ caseId: c.id, arm });
      const a = makeAttempt({ caseId: c.id, arm, cost: { usd: arm === ARM_A.arm ? 0.002 : null, inputUsd: null, outputUsd: null } }, i % 3 !== 0);
      if (a.output) a.output.latency = { totalMs: 100 + i, ttftMs: i % 4 === 1 ? null : 20 + i };
      // Every 5th replayed (its latency is the recording's: left out); every 4th judged, priced or not.
      if (i % 5 === 0) a.replayed = true;
      if (i % 4 === 0) a.scores.push(makeScore({ grader: "tone", type: "llm-rubric", judgeCost: { usd: i % 8 === 0 ? null : 0.0001 * i, inputTokens: 100, outputTokens: 10 } }));
      return a;
    }),
  );
  for (const a of attempts) await store.recordAttempt(a);
  return attempts;
}

/**
 * What an arm's summary must say about these attempts: the one definition (stats'
 * summarizeArm over the attempts themselves), and by hand the counts that differ from the
 * old per-store definitions: errors are in the pass rate's denominator, never a pass.
 */
function expectedArm(all: Attempt[], arm: string): ArmSummary {
  const mine = all.filter((a) => a.arm === arm);
  const expected = summarizeArm(arm, mine.map(attemptFigures));
  const passed = mine.filter((a) => a.status === "ok" && a.pass === true).length;
  expect(expected.passRate?.estimate).toBe(passed / mine.length);
  expect(expected.errors).toBe(mine.filter((a) => a.status === "error").length);
  return expected;
}

async function expectFigures(store: Store, all: Attempt[]): Promise<void> {
  const summary = await store.summarizeRun(makeRun().id);
  for (const arm of [ARM_A.arm, ARM_B.arm]) {
    const got = summary?.arms.find((a) => a.arm === arm);
    const want = expectedArm(all, arm);
    // Sums may be added in another order (SQL): equal to the last few bits.
    expect({ ...got, meanScore: undefined, knownCost: undefined, costPerCase: undefined, totalCost: undefined }).toEqual({ ...want, meanScore: undefined, knownCost: undefined, costPerCase: undefined, totalCost: undefined });
    for (const key of ["meanScore", "knownCost", "costPerCase", "totalCost"] as const) {
      if (want[key] === null) expect(got?.[key]).toBeNull();
      else expect(got?.[key]).toBeCloseTo(want[key] as number, 12);
    }
  }
  expect(summary?.totals).toEqual(summarizeTotals(summary?.arms ?? []));
  expect(summary?.totals.attempts).toBe(all.length);
}

export function describeRunSummaries(open: (location?: string) => Promise<Store>): void {
  it("a finished run's summary and list entry give the live figures, and an attempt recorded after finishing shows at once", async () => {
    const store = await open();
    const all = await seed(store);
    const live = await store.summarizeRun(makeRun().id);
    await store.finishRun(makeRun().id, "completed", "2026-11-25T10:30:00.000Z");
    const finished = await store.summarizeRun(makeRun().id);
    expect(finished?.run.status).toBe("completed");
    expect(finished?.arms).toEqual(live?.arms);
    expect(finished?.totals).toEqual(live?.totals);
    expect((await store.listRuns())[0]?.arms).toEqual(live?.arms);
    await expectFigures(store, all);

    // A resumed or re-graded run: one attempt replaced (now failing and slowest), one added.
    const slow = makeAttempt({ caseId: CASES[1]?.id ?? "", arm: ARM_A.arm }, false);
    if (slow.output) slow.output.latency.totalMs = 9_000;
    const extra = makeAttempt({ caseId: CASES[2]?.id ?? "", arm: ARM_B.arm, repeat: 1, cost: { usd: null, inputUsd: null, outputUsd: null } });
    await store.recordAttempt(slow);
    await store.recordAttempt(extra);
    const after = [...all.filter((a) => !(a.caseId === slow.caseId && a.arm === slow.arm && a.repeat === 0)), slow, extra];
    await expectFigures(store, after);
    expect((await store.listRuns())[0]?.totals.attempts).toBe(41);
    await store.finishRun(makeRun().id, "completed", "2026-11-25T10:40:00.000Z");
    await expectFigures(store, after);
  });

  it("a run finished with no attempts summarizes its planned arms as empty", async () => {
    const store = await open();
    await store.createRun(makeRun(), makeSuite(), CASES);
    await store.finishRun(makeRun().id, "failed", "2026-11-25T10:01:00.000Z");
    const summary = await store.summarizeRun(makeRun().id);
    expect(summary?.arms.map((a) => [a.arm, a.attempts, a.passRate, a.latencyP95])).toEqual([
      [ARM_A.arm, 0, null, null],
      [ARM_B.arm, 0, null, null],
    ]);
  });

  it("lists comparison heads from their rows: the same comparisons, order and verdict statuses as the full list", async () => {
    const store = await open();
    const c1 = makeComparison();
    const c2 = makeComparison({ id: "cmp_2", baselineRunId: "run_x", createdAt: "2026-11-25T12:00:00.000Z", verdict: { status: "FAIL", gates: [] } });
    await store.saveComparison(c1);
    await store.saveComparison(c2);
    await store.saveComparison({ ...c1, verdict: { ...c1.verdict, status: "PASS" } });
    for (const runId of [c1.candidateRunId, c1.baselineRunId, "run_none"]) {
      const heads = await store.listComparisonHeads(runId);
      expect(heads).toEqual(
        (await store.listComparisons(runId)).map((c) => ({
          id: c.id, baselineRunId: c.baselineRunId, candidateRunId: c.candidateRunId, baselineArm: c.baselineArm,
          candidateArm: c.candidateArm, status: c.verdict.status, createdAt: c.createdAt,
        })),
      );
    }
    expect((await store.listComparisonHeads(c1.candidateRunId)).map((h) => [h.id, h.status])).toEqual([["cmp_1", "PASS"], ["cmp_2", "FAIL"]]);
  });
}
