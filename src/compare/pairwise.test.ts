import { describe, expect, it } from "vitest";
import type { Attempt, Score } from "../core/index.js";
import { studentTQuantile } from "../stats/index.js";
import { scorePair } from "./case-outcome.js";
import type { PairedCase } from "./pairing.js";
import { pairwiseFigure, pairwiseGate } from "./pairwise.js";

type Repeat = number | null | "error";

function attempt(caseId: string, repeat: number, value: Repeat): Attempt {
  const scores: Score[] = value === null || value === "error" ? [] : [{ grader: "pairwise", type: "pairwise", value, pass: value >= 0.5, reason: "", weight: 0 }];
  return {
    runId: "r", caseId, arm: "p@cand", repeat, status: value === "error" ? "error" : "ok", output: null, error: null, tries: 1,
    cost: { usd: 0, inputUsd: 0, outputUsd: 0 }, scores, score: null, pass: value === "error" ? null : true, startedAt: "", finishedAt: "", replayed: false, simulated: true,
  };
}

function pair(caseId: string, weight: number, repeats: Repeat[]) {
  const p: PairedCase = { caseId, tags: [], group: null, weight, baseline: [attempt(caseId, 0, null)], candidate: repeats.map((r, i) => attempt(caseId, i, r)) };
  return scorePair(p);
}

const t = (level: number, df: number) => studentTQuantile(1 - (1 - level) / 2, df);

describe("the pairwise figure", () => {
  // c1 (w 2) won; c2 (w 1) tied; c3 (w 1) lost; c4 (w 1) won one repeat, tied the other → 0.75;
  // c5 (w 1) errored → a loss; c6 a judge error (unscored) → left out.
  // Σw = 6, Σw·s = 2 + 0.5 + 0 + 0.75 + 0 = 3.25 → rate 13/24; Σw² = 8 → n_eff = 36/8 = 4.5, df 3.5.
  // Residuals w·(s − 13/24): 11/12, −1/24, −13/24, 5/24, −13/24; their squares sum to 53/36.
  // se² = 5/4 · (53/36) / 36 = 265/5184; the floor √(3·0.25/3.5/4.5) ≈ 0.218 is below se ≈ 0.226.
  const pairs = [pair("c1", 2, [1]), pair("c2", 1, [0.5]), pair("c3", 1, [0]), pair("c4", 1, [1, 0.5]), pair("c5", 1, ["error"]), pair("c6", 1, [null])];

  it("weighs cases by traffic, counts ties half and errors as losses, and leaves judge errors out", () => {
    const f = pairwiseFigure(pairs, 0.9)!;
    expect(f).toMatchObject({ cases: 5, wins: 2, ties: 1, losses: 2, weight: 6, floored: false, level: 0.9 });
    expect(f.rate).toBeCloseTo(13 / 24, 12);
    expect(f.effectiveCases).toBeCloseTo(4.5, 12);
    const half = t(0.9, 3.5) * Math.sqrt(265 / 5184);
    expect(f.low).toBeCloseTo(13 / 24 - half, 12);
    // 13/24 + half is above 1: a win rate's bounds are clamped to [0, 1].
    expect(13 / 24 + half).toBeGreaterThan(1);
    expect(f.high).toBe(1);
  });

  it("decides non-inferiority of the win rate: PASS above 0.5 − margin, FAIL below it, else INCONCLUSIVE", () => {
    const f = pairwiseFigure(pairs, 0.9)!;
    // The interval is 0.542 ± 0.502 (t(0.95, 3.5) ≈ 2.22): far wider than a 5-point margin on five cases.
    const g = pairwiseGate(f, 0.05);
    expect(g.status).toBe("INCONCLUSIVE");
    expect(g.reason).toContain("2 wins, 1 ties, 2 losses against the recording over 5 cases: win rate 54.2%");
    expect(g.decide).toMatch(/needs ~\d+ cases to show non-inferiority at a 5-point margin \(win rate 45%\)/);
    // A 50-point margin puts the bar at 0%: a lower bound of 4% clears it.
    expect(pairwiseGate(f, 0.5).status).toBe("PASS");
  });

  it("identical arms (every case a tie) are floored: INCONCLUSIVE on a handful, PASS a 5-point margin on 40", () => {
    const ties = (n: number) => Array.from({ length: n }, (_, i) => pair(`t${i}`, 1, [0.5]));
    const few = pairwiseFigure(ties(10), 0.9)!;
    // floor se = √(3·0.25/9/10) ≈ 0.0913; t(0.95, 9) = 1.833 → half-width 0.167
    expect(few.floored).toBe(true);
    expect(few.low).toBeCloseTo(0.5 - t(0.9, 9) * Math.sqrt(0.75 / 90), 12);
    const g = pairwiseGate(few, 0.05);
    expect(g.status).toBe("INCONCLUSIVE");
    expect(g.reason).toContain("the bounds are the floor's");
    // floor at 40: √(0.75/39/40) ≈ 0.0219, × t(0.95, 39) 1.685 → 0.037 < 0.05
    const many = pairwiseFigure(ties(40), 0.9)!;
    expect(many.low).toBeCloseTo(0.5 - t(0.9, 39) * Math.sqrt(0.75 / (39 * 40)), 12);
    expect(pairwiseGate(many, 0.05).status).toBe("PASS");
    // Under the five-look design (one-sided 99%, t(0.99, 39) = 2.426) the same 40 cases are not enough.
    expect(pairwiseGate(pairwiseFigure(ties(40), 0.98), 0.05).status).toBe("INCONCLUSIVE");
  });

  it("a candidate that loses most cases FAILs", () => {
    // 30 losses, 10 ties: rate 0.125, s_i − p̂ is −0.125 or 0.375 → sd = √(40/39 · (30·0.015625 + 10·0.140625)/40) ≈ 0.2193
    const cases = [...Array.from({ length: 30 }, (_, i) => pair(`l${i}`, 1, [0])), ...Array.from({ length: 10 }, (_, i) => pair(`t${i}`, 1, [0.5]))];
    const f = pairwiseFigure(cases, 0.9)!;
    expect(f.rate).toBe(0.125);
    const se = Math.sqrt((30 * 0.125 ** 2 + 10 * 0.375 ** 2) / 39 / 40);
    expect(f.high).toBeCloseTo(0.125 + t(0.9, 39) * se, 12);
    const g = pairwiseGate(f, 0.05);
    expect(g.status).toBe("FAIL");
    expect(g.reason).toContain("the upper bound is below 45%");
  });

  it("without a judged case the gate cannot decide", () => {
    expect(pairwiseFigure([pair("c6", 1, [null])])).toBeNull();
    expect(pairwiseGate(null, 0.05)).toMatchObject({ status: "INCONCLUSIVE", figure: null });
  });
});
