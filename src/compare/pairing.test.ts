import { describe, expect, it } from "vitest";
import { pairByCase } from "./pairing.js";
import { armFrom, casesOf } from "./test-attempts.js";

describe("pairByCase", () => {
  it("pairs two runs whose suite was reordered and partly edited by case id, reporting the edited cases as changed", () => {
    // Run 1 ran a, b, c, d; run 2 ran them reordered (d, c, b, a) with c's vars edited.
    const base = armFrom("run1", "p@chat", { a: "P", b: "P", c: "F", d: "P" }, casesOf(["a", "b", "c", "d"]));
    const cand = armFrom("run2", "p@chat", { d: "P", c: "P", b: "F", a: "P" }, casesOf(["d", "c", "b", "a"], {}, { c: "v-c-edited" }));
    const pairing = pairByCase(base, cand);
    expect(pairing.paired.map((p) => p.caseId)).toEqual(["a", "b", "d"]);
    expect(pairing.changedCases).toEqual(["c"]);
    expect(pairing.onlyInBaseline).toEqual([]);
    expect(pairing.onlyInCandidate).toEqual([]);
    // The pair for b holds b's attempts from each run, not the attempt in the same position.
    const b = pairing.paired.find((p) => p.caseId === "b");
    expect(b?.baseline.map((x) => [x.runId, x.pass])).toEqual([["run1", true]]);
    expect(b?.candidate.map((x) => [x.runId, x.pass])).toEqual([["run2", false]]);
  });

  it("reports cases present in one arm only and leaves them out of the pairing", () => {
    const base = armFrom("r", "p@a", { a: "P", gone: "P" }, casesOf(["a", "gone", "new"]));
    const cand = armFrom("r", "p@b", { a: "P", new: "F" }, casesOf(["a", "gone", "new"]));
    const pairing = pairByCase(base, cand);
    expect(pairing.paired.map((p) => p.caseId)).toEqual(["a"]);
    expect(pairing.onlyInBaseline).toEqual(["gone"]);
    expect(pairing.onlyInCandidate).toEqual(["new"]);
  });

  it("within one run reads only each arm's own attempts and orders repeats by index", () => {
    const base = armFrom("r", "p@a", { a: "PFP" }, casesOf(["a"]));
    const cand = armFrom("r", "p@b", { a: "FFP" }, casesOf(["a"]));
    const all = [...cand.attempts].reverse().concat([...base.attempts].reverse());
    const pairing = pairByCase({ ...base, attempts: all }, { ...cand, attempts: all });
    expect(pairing.paired[0]?.baseline.map((x) => [x.arm, x.repeat, x.pass])).toEqual([
      ["p@a", 0, true],
      ["p@a", 1, false],
      ["p@a", 2, true],
    ]);
    expect(pairing.paired[0]?.candidate.map((x) => x.arm)).toEqual(["p@b", "p@b", "p@b"]);
  });

  it("keeps the union of a case's tags from both runs so a case tagged critical on either side stays critical", () => {
    const base = armFrom("r1", "p@a", { a: "P" }, casesOf(["a"], { a: ["critical", "billing"] }));
    const cand = armFrom("r2", "p@a", { a: "P" }, casesOf(["a"], { a: ["billing"] }));
    expect(pairByCase(base, cand).paired[0]?.tags).toEqual(["billing", "critical"]);
  });
});
