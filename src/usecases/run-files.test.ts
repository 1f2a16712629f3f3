import { describe, expect, it } from "vitest";
import { verdictExitCode } from "../report/index.js";
import { makeCases, makeComparison, makeRun, makeSuite } from "../store/store-fixtures.js";
import { openStore } from "../store/index.js";
import { reportInputFromStore } from "./run-files.js";

describe("a run's report", () => {
  it("carries the verdicts of the comparisons it is the candidate of, never those that used it as a baseline", async () => {
    const store = await openStore("memory:");
    const main = makeRun({ id: "run_20261125T090000Z_000001" });
    const pr = makeRun({ id: "run_20261125T100000Z_000002" });
    for (const r of [main, pr]) await store.createRun(r, makeSuite(), makeCases(1));
    // main was a candidate once (PASS); a later PR compared against it FAILed.
    await store.saveComparison(makeComparison({ id: "cmp_own", baselineRunId: "run_older", candidateRunId: main.id, verdict: { status: "PASS", gates: [] } }));
    await store.saveComparison(makeComparison({ id: "cmp_later", baselineRunId: main.id, candidateRunId: pr.id, verdict: { status: "FAIL", gates: [] } }));
    const input = await reportInputFromStore(store, main);
    expect(input.comparisons.map((c) => c.id)).toEqual(["cmp_own"]);
    expect(verdictExitCode(input.comparisons)).toBe(0);
    expect((await reportInputFromStore(store, pr)).comparisons.map((c) => c.id)).toEqual(["cmp_later"]);
    await store.close();
  });
});

describe("a verdict on a partial run", () => {
  it("says the run is partial, with how many of its cases it reached, on the comparison and in its title", async () => {
    const { compareRuns } = await import("./compare-runs.js");
    const { createReporter } = await import("../report/index.js");
    const { makeAttempt, ARM_A } = await import("../store/store-fixtures.js");
    const store = await openStore("memory:");
    const base = makeRun({ id: "run_20261125T090000Z_000001" });
    const cand = makeRun({ id: "run_20261125T100000Z_000002", status: "interrupted" });
    const cases = makeCases(30);
    for (const r of [base, cand]) await store.createRun(r, makeSuite(), cases);
    for (const c of cases) await store.recordAttempt(makeAttempt({ runId: base.id, caseId: c.id, arm: ARM_A.arm }));
    for (const c of cases.slice(0, 12)) await store.recordAttempt(makeAttempt({ runId: cand.id, caseId: c.id, arm: ARM_A.arm }));
    await store.finishRun(base.id, "completed", "2026-11-25T09:30:00.000Z");
    await store.finishRun(cand.id, "interrupted", "2026-11-25T10:05:00.000Z");
    const input = await compareRuns(store, base.id, cand.id, { arms: [`${ARM_A.arm}=${ARM_A.arm}`] });
    expect(input.comparisons[0]?.partial).toEqual([{ runId: cand.id, status: "interrupted", cases: 12, planned: 30 }]);
    expect(createReporter("console").render(input)).toContain(`partial run ${cand.id}: 12 of 30 cases (interrupted)`);
    expect(createReporter("markdown").render(input)).toContain(`partial run ${cand.id}: 12 of 30 cases (interrupted)`);
    expect((await store.getComparison(input.comparisons[0]!.id))?.partial?.[0]?.cases).toBe(12);
    await store.close();
  });
});
