import { describe, expect, it } from "vitest";
import { caseOutcome, summarizeCase } from "./case-outcome.js";
import { armFrom, casesOf, makeOkAttempt } from "./test-attempts.js";

function caseOf(letters: string) {
  return summarizeCase(armFrom("r", "p@a", { a: letters }, casesOf(["a"])).attempts);
}

describe("summarizeCase", () => {
  it("passes a case when most repeats pass and fails it on a tie", () => {
    expect(caseOf("PPF").pass).toBe(true); // 2 of 3
    expect(caseOf("PF").pass).toBe(false); // 1 of 2: a tie fails
    expect(caseOf("PPFF").pass).toBe(false); // 2 of 4: a tie fails
    expect(caseOf("PPPF").pass).toBe(true);
  });

  it("counts an errored attempt as score 0 that does not pass", () => {
    // P (1) + E (0) + P (1) → mean 2/3; 2 of 3 pass.
    const r = caseOf("PEP");
    expect(r.score).toBeCloseTo(2 / 3, 12);
    expect(r.pass).toBe(true);
    expect(r.errors).toBe(1);
    // P + E: 1 of 2 pass, a tie → fails; score (1 + 0) / 2.
    expect(caseOf("PE")).toMatchObject({ pass: false, score: 0.5, passedRepeats: 1 });
  });

  it("averages fractional scores and leaves unscored attempts out of the mean", () => {
    const attempts = [
      makeOkAttempt({ runId: "r", arm: "p@a", caseId: "a", repeat: 0, pass: true, score: 0.75 }),
      makeOkAttempt({ runId: "r", arm: "p@a", caseId: "a", repeat: 1, pass: false, score: 0.25 }),
      makeOkAttempt({ runId: "r", arm: "p@a", caseId: "a", repeat: 2, pass: true, score: null }),
    ];
    // (0.75 + 0.25) / 2 scored repeats = 0.5; 2 of 3 pass.
    expect(summarizeCase(attempts)).toMatchObject({ score: 0.5, pass: true, passedRepeats: 2, repeats: 3 });
  });
});

describe("caseOutcome", () => {
  it("names a majority flip pass→fail a regression and fail→pass a fix, even when a repeat disagreed", () => {
    expect(caseOutcome(caseOf("PPP"), caseOf("FFF"))).toBe("regression");
    expect(caseOutcome(caseOf("PPF"), caseOf("FFP"))).toBe("regression");
    expect(caseOutcome(caseOf("FFF"), caseOf("PPP"))).toBe("fix");
    expect(caseOutcome(caseOf("PF"), caseOf("PP"))).toBe("fix"); // the baseline's tie failed
  });

  it("names a case flaky when its outcome held but its repeats disagree in either arm, else unchanged", () => {
    expect(caseOutcome(caseOf("PPF"), caseOf("PPP"))).toBe("flaky");
    expect(caseOutcome(caseOf("FFF"), caseOf("FPF"))).toBe("flaky");
    expect(caseOutcome(caseOf("PPP"), caseOf("PPP"))).toBe("unchanged");
    expect(caseOutcome(caseOf("FFF"), caseOf("EEE"))).toBe("unchanged");
  });
});
