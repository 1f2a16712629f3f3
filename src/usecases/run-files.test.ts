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
