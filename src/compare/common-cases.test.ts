import { describe, expect, it } from "vitest";
import { commonCases } from "./common-cases.js";

describe("commonCases", () => {
  it("keeps the cases every arm answered with the same vars and says why the others are left out", () => {
    const a = { label: "A", cases: new Map([["c1", "h1"], ["c2", "h2"], ["c3", "h3"]]) };
    const b = { label: "B", cases: new Map([["c1", "h1"], ["c2", "h2-edited"], ["c3", "h3"]]) };
    const c = { label: "C", cases: new Map([["c1", "h1"], ["c2", "h2"], ["c4", "h4"]]) };
    expect(commonCases([a, b, c])).toEqual({
      shared: ["c1"],
      differing: [
        { caseId: "c2", reason: "vars differ: A, C vs B" },
        { caseId: "c3", reason: "not in C" },
        { caseId: "c4", reason: "not in A, B" },
      ],
    });
  });

  it("shares every case of arms of one run", () => {
    const cases = new Map([["c1", "h1"], ["c2", "h2"]]);
    expect(commonCases([{ label: "A", cases }, { label: "B", cases }])).toEqual({ shared: ["c1", "c2"], differing: [] });
  });
});
