import { describe, expect, it } from "vitest";
import type { Attempt, Score } from "../core/index.js";
import { formatApproxCases, wilsonOfRate } from "../stats/index.js";
import { agreementFigure, agreementGate } from "./agreement.js";
import { scorePair } from "./case-outcome.js";
import type { PairedCase } from "./pairing.js";

function attempt(caseId: string, repeat: number, agree: boolean | null, error = false): Attempt {
  const scores: Score[] = agree === null ? [] : [{ grader: "agreement", type: "agreement", value: agree ? 1 : 0, pass: agree, reason: "", weight: 0 }];
  return {
    runId: "r", caseId, arm: "p@cand", repeat, status: error ? "error" : "ok", output: null, error: null, tries: 1,
    cost: { usd: 0, inputUsd: 0, outputUsd: 0 }, scores, score: null, pass: error ? null : true, startedAt: "", finishedAt: "", replayed: false, simulated: true,
  };
}

function pair(caseId: string, weight: number, repeats: Array<boolean | null | "error">) {
  const candidate = repeats.map((r, i) => (r === "error" ? attempt(caseId, i, null, true) : attempt(caseId, i, r)));
  const p: PairedCase = { caseId, tags: [], group: null, weight, baseline: [attempt(caseId, 0, null)], candidate };
  return scorePair(p);
}

describe("the agreement figure", () => {
  // c1 (w 3) agrees; c2 (w 1) disagrees; c3 (w 1) 2 of 3 repeats agree → agrees;
  // c4 (w 1) 1 of 2 → a tie, disagrees; c5 errored → disagrees; c6 unscored → left out.
  // Σw = 3+1+1+1+1 = 7, agreeing weight 3+1 = 4 → 4/7; Σw² = 9+1+1+1+1 = 13 → n_eff = 49/13.
  const pairs = [pair("c1", 3, [true]), pair("c2", 1, [false]), pair("c3", 1, [true, false, true]), pair("c4", 1, [true, false]), pair("c5", 1, ["error"]), pair("c6", 1, [null])];

  it("weighs cases by how often they were seen, takes the majority of repeats, counts errors as disagreeing", () => {
    const f = agreementFigure(pairs)!;
    expect(f.cases).toBe(5);
    expect(f.agreeing).toBe(2);
    expect(f.weight).toBe(7);
    expect(f.agreeingWeight).toBe(4);
    expect(f.share).toBeCloseTo(4 / 7, 12);
    expect(f.effectiveCases).toBeCloseTo(49 / 13, 12);
    const w = wilsonOfRate(4 / 7, 49 / 13, 0.95);
    expect([f.low, f.high]).toEqual([w.low, w.high]);
  });

  it("PASSes on the lower bound, FAILs on the upper, and says how many cases would decide otherwise", () => {
    const f = agreementFigure(pairs)!;
    expect(agreementGate(f, 0.05).status).toBe("PASS");
    expect(agreementGate(f, 0.99).status).toBe("FAIL");
    const mid = agreementGate(f, 0.5);
    expect(mid.status).toBe("INCONCLUSIVE");
    // z²p(1−p)/(p−min)² scaled by n/n_eff: 1.96² · (4/7)(3/7) / (1/14)² · 5 / (49/13)
    const z = 1.959963984540054;
    const needed = Math.ceil(((z * z * (4 / 7) * (3 / 7)) / (4 / 7 - 0.5) ** 2) * (5 / (49 / 13)));
    expect(needed).toBe(245);
    expect(mid.decide).toContain(`~${formatApproxCases(needed)} cases`);
    expect(mid.reason).toContain("2 of 5 cases agree with the recording (57.1% of traffic, weighted");
  });

  it("without a scored case the gate cannot decide", () => {
    expect(agreementFigure([pair("c6", 1, [null])])).toBeNull();
    expect(agreementGate(null, 0.9).status).toBe("INCONCLUSIVE");
  });
});
