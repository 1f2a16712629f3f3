import { describe, expect, it } from "vitest";
import { caseRows, failingCaseIds, outputText } from "../../src/report/index.js";
import { makeAttempt, makeErrorAttempt } from "../../src/store/store-fixtures.js";
import { CASES, fixtureAttempts } from "./fixtures.js";

describe("caseRows", () => {
  it("folds repeats by majority: 2 of 3 passing passes, a 1-1 tie fails, errors alone make an error; errors score 0, unscored repeats are left out", () => {
    const attempts = [
      makeAttempt({ caseId: "a", repeat: 0 }, true),
      makeAttempt({ caseId: "a", repeat: 1 }, false),
      makeAttempt({ caseId: "a", repeat: 2 }, true),
      makeAttempt({ caseId: "b", repeat: 0 }, true),
      makeAttempt({ caseId: "b", repeat: 1 }, false),
      makeAttempt({ caseId: "c", repeat: 0 }, true),
      makeErrorAttempt({ caseId: "c", repeat: 1 }),
      makeErrorAttempt({ caseId: "d", repeat: 0 }),
    ];
    const rows = caseRows(attempts);
    expect(rows.map((r) => [r.caseId, r.result, r.passed, r.failed, r.errored])).toEqual([
      ["a", "pass", 2, 1, 0],
      ["b", "fail", 1, 1, 0],
      ["c", "error", 1, 0, 1],
      ["d", "error", 0, 0, 1],
    ]);
    expect(rows[0]?.meanScore).toBeCloseTo(2 / 3, 12);
    expect(rows[2]?.meanScore).toBe(0.5);
    expect(rows[3]?.meanScore).toBe(0);
    const unscored = caseRows([makeAttempt({ caseId: "u", repeat: 0 }), { ...makeAttempt({ caseId: "u", repeat: 1 }), score: null }]);
    expect(unscored[0]?.meanScore).toBe(1);
    expect(caseRows([{ ...makeAttempt({ caseId: "n" }), score: null }])[0]?.meanScore).toBeNull();
  });

  it("sums known costs (errors cost nothing), and an unpriced output makes the case's cost unknown", () => {
    const rows = caseRows([
      makeAttempt({ caseId: "a", repeat: 0 }),
      makeAttempt({ caseId: "a", repeat: 1 }),
      makeErrorAttempt({ caseId: "a", repeat: 2 }),
      makeAttempt({ caseId: "b", cost: { usd: null, inputUsd: null, outputUsd: null } }),
    ]);
    expect(rows[0]?.costUsd).toBeCloseTo(0.0005, 12);
    expect(rows[1]?.costUsd).toBeNull();
  });

  it("orders rows by the given arm order, takes tags from the case table, and keeps each failing reason once", () => {
    const rows = caseRows(fixtureAttempts(), CASES, ["support@gpt-5-mini-responses", "support@gpt-4o-mini"]);
    expect(rows.map((r) => `${r.arm}/${r.caseId}`).slice(0, 2)).toEqual(["support@gpt-5-mini-responses/case-000", "support@gpt-5-mini-responses/case-001"]);
    expect(rows[0]?.tags).toEqual(["billing", "critical"]);
    expect(rows[0]?.reasons).toEqual(["team: expected team=billing, got team=sales"]);
    expect(rows[2]?.errors).toEqual(["rate_limit: 429 Too Many Requests for case-002"]);
    expect(rows[2]?.output).toBeNull();
  });

  it("lists the cases that did not pass in any arm, for run --filter-failing", () => {
    expect(failingCaseIds(fixtureAttempts())).toEqual(["case-000", "case-002", "case-003"]);
  });

  it("shows a tool call as name(arguments) when there is no text, and a refusal as such", () => {
    const a = makeAttempt({ caseId: "x" });
    if (!a.output) throw new Error("fixture has output");
    expect(outputText({ ...a.output, text: "" })).toBe('lookup_account({"account":42})');
    expect(outputText({ ...a.output, text: "", refusal: "I can't help" })).toBe("[refusal] I can't help");
  });
});
