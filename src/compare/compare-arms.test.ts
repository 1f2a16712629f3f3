import { describe, expect, it } from "vitest";
import { compareArms } from "./compare-arms.js";
import type { CaseInfo, GatesConfig } from "./inputs.js";
import { armFrom, casesOf, type AttemptSpec } from "./test-attempts.js";

const NOW = new Date("2026-11-25T12:00:00.000Z");
const CASES = casesOf(["a", "b", "c", "d", "e", "f"], { b: ["critical", "billing"], c: ["billing"], d: ["sales"] });

/**
 * Six cases, three repeats each (P pass/score 1, F fail/score 0, E error/score 0):
 *   a PPP → PPP unchanged      b PPP → FFF regression (critical)   c FFF → PPP fix
 *   d PPF → PPP flaky          e PEP → PPP flaky                    f FFF → FFF unchanged
 */
function sixCases(tweakBase?: (s: AttemptSpec) => AttemptSpec, tweakCand?: (s: AttemptSpec) => AttemptSpec) {
  const baseline = armFrom("run_b", "triage@chat", { a: "PPP", b: "PPP", c: "FFF", d: "PPF", e: "PEP", f: "FFF" }, CASES, tweakBase);
  const candidate = armFrom("run_c", "triage@responses", { a: "PPP", b: "FFF", c: "PPP", d: "PPP", e: "PPP", f: "FFF" }, CASES, tweakCand);
  return { baseline, candidate };
}

function compare(gates: GatesConfig, tweaks: Parameters<typeof sixCases> = [], seed = 7) {
  return compareArms({ ...sixCases(...tweaks), gates, seed, now: NOW, resamples: 500 });
}

describe("compareArms figures", () => {
  it("counts flips, flaky and unchanged cases and the paired quality delta with errors as 0", () => {
    const c = compare({});
    expect(c.figures).toMatchObject({ pairedCases: 6, regressions: 1, fixes: 1, flaky: 2, unchanged: 2 });
    // Per-case scores — baseline: a 1, b 1, c 0, d 2/3, e 2/3 (the error counts 0), f 0 → mean 10/3 / 6 = 5/9;
    // candidate: 1, 0, 1, 1, 1, 0 → 4/6. d = 2/3 − 5/9 = 1/9.
    expect(c.figures.meanScore?.baseline).toBeCloseTo(5 / 9, 12);
    expect(c.figures.meanScore?.candidate).toBeCloseTo(4 / 6, 12);
    expect(c.figures.qualityDelta.value).toBeCloseTo(1 / 9, 12);
    expect(c.figures.qualityDelta.low ?? Infinity).toBeLessThan(1 / 9);
    expect(c.figures.qualityDelta.high ?? -Infinity).toBeGreaterThan(1 / 9);
    // Cases passing (majority of repeats): baseline a b d e = 4/6, candidate a c d e = 4/6.
    expect(c.figures.passRate).toEqual({ baseline: 4 / 6, candidate: 4 / 6 });
    expect(c.figures.passRateDelta.value).toBeCloseTo(0, 12);
    // One flip each way: McNemar's exact two-sided p for b = c = 1 is 1.
    expect(c.figures.mcnemarP).toBeCloseTo(1, 12);
    // One errored attempt of 18 in the baseline, none in the candidate.
    expect(c.figures.errorRate).toEqual({ baseline: 1 / 18, candidate: 0 });
    expect(c.figures.finishReasons).toEqual({ baseline: { stop: 17, error: 1 }, candidate: { stop: 18 } });
  });

  it("orders per-case deltas regressions first and records each arm's repeats", () => {
    const c = compare({});
    expect(c.cases.map((d) => [d.caseId, d.outcome])).toEqual([
      ["b", "regression"],
      ["d", "flaky"],
      ["e", "flaky"],
      ["c", "fix"],
      ["a", "unchanged"],
      ["f", "unchanged"],
    ]);
    expect(c.cases.find((d) => d.caseId === "e")?.repeats).toEqual({ baseline: { passed: 2, total: 3, errors: 1 }, candidate: { passed: 3, total: 3, errors: 0 } });
  });

  it("computes cost per case over answered attempts, totals, and the cost ratio (exactly 1.2 when every answer costs 20% more)", () => {
    // Baseline answers cost $0.001, candidate $0.0012; the baseline's errored attempt (case e) bought nothing.
    // Totals: 17 × 0.001 = 0.017 and 18 × 0.0012 = 0.0216. Per case: the mean of its answered attempts,
    // 0.001 and 0.0012 in every case, so every resample's ratio is 1.2 and the interval is [1.2, 1.2].
    const c = compare({}, [(s) => ({ ...s, costUsd: 0.001 }), (s) => ({ ...s, costUsd: 0.0012 })]);
    expect(c.figures.totalCost?.baseline).toBeCloseTo(0.017, 12);
    expect(c.figures.totalCost?.candidate).toBeCloseTo(0.0216, 12);
    expect(c.figures.costPerCase.baseline).toBeCloseTo(0.001, 12);
    expect(c.figures.costPerCase.candidate).toBeCloseTo(0.0012, 12);
    const ratio = c.figures.costPerCase.ratio;
    expect(ratio.value).toBeCloseTo(1.2, 12);
    expect(ratio.low).toBeCloseTo(1.2, 12);
    expect(ratio.high).toBeCloseTo(1.2, 12);
  });

  it("leaves cost per case unknown, never 0, when a price is unknown, and the cost gate says why", () => {
    const c = compare({ cost: { max_increase: 0.1 } }, [undefined, (s) => ({ ...s, costUsd: s.caseId === "c" ? null : 0.001 })]);
    expect(c.figures.totalCost?.candidate).toBeNull();
    expect(c.figures.costPerCase).toMatchObject({ candidate: null, ratio: { value: null, low: null, high: null } });
    expect(c.verdict.gates[0]).toMatchObject({ gate: "cost", status: "INCONCLUSIVE", figure: null });
    expect(c.verdict.gates[0]?.reason).toContain("unknown price");
  });

  it("leaves replayed attempts out of latency figures", () => {
    // Baseline 100 ms; candidate 150 ms, except case a's attempts, replayed at 1 ms.
    const c = compare({}, [(s) => ({ ...s, latencyMs: 100, ttftMs: 40 }), (s) => ({ ...s, latencyMs: s.caseId === "a" ? 1 : 150, replayed: s.caseId === "a" })]);
    expect(c.figures.latencyP50).toEqual({ baseline: 100, candidate: 150 });
    expect(c.figures.latencyP95.candidate).toBe(150);
    expect(c.figures.liveAttempts).toEqual({ baseline: 17, candidate: 15 });
    expect(c.figures.replayedAttempts).toEqual({ baseline: 0, candidate: 3 });
    expect(c.figures.ttftP50).toEqual({ baseline: 40, candidate: null });
  });

  it("reports refusals and json-schema validity per arm", () => {
    const c = compare({}, [
      (s) => ({ ...s, schemaValid: true }),
      (s) => ({ ...s, schemaValid: s.caseId !== "f", refusal: s.caseId === "b" ? "I can't help with that." : null, finish: s.caseId === "b" ? "refusal" : "stop" }),
    ]);
    // Candidate: case b's 3 attempts refused; case f's 3 attempts schema-invalid → 15 / 18.
    expect(c.figures.refusals).toEqual({ baseline: 0, candidate: 3 });
    expect(c.figures.schemaValidity).toEqual({ baseline: 1, candidate: 15 / 18 });
    expect(c.figures.finishReasons?.candidate).toEqual({ stop: 15, refusal: 3 });
  });

  it("gives the same figures per case tag, with Holm-adjusted McNemar p-values across tags", () => {
    const c = compare({});
    expect(Object.keys(c.slices)).toEqual(["billing", "critical", "sales"]);
    // billing = b (regression) + c (fix); critical = b; sales = d (flaky).
    expect(c.slices.billing).toMatchObject({ pairedCases: 2, regressions: 1, fixes: 1 });
    expect(c.slices.critical).toMatchObject({ pairedCases: 1, regressions: 1, fixes: 0 });
    expect(c.slices.sales).toMatchObject({ pairedCases: 1, flaky: 1 });
    for (const slice of Object.values(c.slices)) {
      expect(slice.mcnemarPHolm ?? 0).toBeGreaterThanOrEqual(slice.mcnemarP ?? 1);
    }
  });
});

describe("compareArms verdict", () => {
  it("decides critical_regressions on the critical slice: one flipped case is listed, not proof; the verdict is the worst of its gates", () => {
    const c = compare({ critical_regressions: 0, errors: { max_rate: 0.5 } });
    expect(c.verdict.gates.map((g) => [g.gate, g.status])).toEqual([
      ["critical_regressions", "INCONCLUSIVE"],
      ["errors", "PASS"],
    ]);
    const critical = c.verdict.gates[0];
    expect(critical?.reason).toMatch(/^critical slice, 1 case: mean score delta -1\.000 over 1 critical case, too few for bounds/);
    expect(critical?.reason).toContain("1 critical case flipped pass → fail: b (informational; the suite lists 0)");
    expect(critical?.decide).toBe("needs at least 2 critical cases to estimate how many would show non-inferiority at a 2-point margin; more repeats per case also narrow it");
    expect(c.verdict.status).toBe("INCONCLUSIVE");
  });

  it("is inconclusive when one gate is inconclusive and none fails", () => {
    // Six cases cannot show non-inferiority at a 2-point margin: d = 1/9 with a wide interval.
    // 0 errors in 18 candidate attempts: the one-sided upper bound (13%) is within a 50% limit.
    const c = compare({ quality: { margin: 0.02 }, errors: { max_rate: 0.5 } });
    expect(c.verdict.gates.map((g) => g.status)).toEqual(["INCONCLUSIVE", "PASS"]);
    expect(c.verdict.status).toBe("INCONCLUSIVE");
    expect(c.verdict.gates[0]?.decide).toMatch(/^needs ~[\d,]+ cases to show non-inferiority at a 2-point margin \(an estimate at the observed figure; has 6\); more repeats per case also narrow it$/);
  });

  it("fails the cost gate when every case costs 20% more than a 10% allowance, and passes it at 100%, from 20 paired cases on", () => {
    const ids = Array.from({ length: 24 }, (_, i) => `k${i}`);
    const letters = Object.fromEntries(ids.map((id) => [id, "PP"]));
    const run = (maxIncrease: number) =>
      compareArms({
        baseline: armFrom("r", "p@a", letters, casesOf(ids), (s) => ({ ...s, costUsd: 0.001 })),
        candidate: armFrom("r", "p@b", letters, casesOf(ids), (s) => ({ ...s, costUsd: 0.0012 })),
        gates: { cost: { max_increase: maxIncrease } },
        seed: 3,
        now: NOW,
      }).verdict;
    expect(run(0.1).status).toBe("FAIL");
    expect(run(1.0).status).toBe("PASS");
    // Six cases are below the gate's minimum: a bootstrap over them would be far too narrow.
    const tweaks: Parameters<typeof sixCases> = [(s) => ({ ...s, costUsd: 0.001 }), (s) => ({ ...s, costUsd: 0.0012 })];
    const few = compare({ cost: { max_increase: 0.1 } }, tweaks).verdict.gates[0];
    expect(few).toMatchObject({ status: "INCONCLUSIVE", decide: "needs at least 20 paired cases (has 6)" });
    expect(few?.figure).toBeCloseTo(0.2, 12);
  });

  it("does not evaluate the latency gate on replayed attempts, and it leaves the verdict alone", () => {
    const c = compare({ latency_p95: { max_increase: 0.2 }, errors: { max_rate: 0.5 } }, [undefined, (s) => ({ ...s, replayed: true })]);
    expect(c.verdict.gates[0]).toMatchObject({ gate: "latency_p95", status: "NOT_EVALUATED", figure: null });
    expect(c.verdict.status).toBe("PASS");
  });

  it("does not evaluate the latency gate on batch arms, says why, and leaves their latency out of the figures", () => {
    const c = compare({ latency_p95: { max_increase: 0.2 }, errors: { max_rate: 0.5 } }, [(s) => ({ ...s, batched: true }), (s) => ({ ...s, batched: true })]);
    expect(c.verdict.gates[0]).toMatchObject({ gate: "latency_p95", status: "NOT_EVALUATED", figure: null, reason: "not evaluated: attempts were answered by the Batch API (baseline 17, candidate 18), which measures no latency" });
    // The baseline's errored attempt has no output, so no batch answered it.
    expect(c.figures.batchedAttempts).toEqual({ baseline: 17, candidate: 18 });
    expect(c.figures.latencyP95).toMatchObject({ baseline: null, candidate: null });
    expect(c.verdict.status).toBe("PASS");
  });

  it("leaves changed and one-arm cases out of the figures and says so", () => {
    const { baseline, candidate } = sixCases();
    const edited = { ...candidate, cases: casesOf(["a", "b", "c", "d", "e", "f"], {}, { b: "edited" }) };
    const fewer = { ...edited, attempts: edited.attempts.filter((a) => a.caseId !== "f") };
    const c = compareArms({ baseline, candidate: fewer, gates: { critical_regressions: 0 }, seed: 1, now: NOW });
    expect(c.changedCases).toEqual(["b"]);
    expect(c.onlyInBaseline).toEqual(["f"]);
    expect(c.figures.pairedCases).toBe(4);
    expect(c.figures.regressions).toBe(0);
    // No critical case is left in the pairing: the slice gate has nothing to decide and says so.
    expect(c.verdict.gates[0]).toMatchObject({ gate: "critical_regressions", status: "NOT_EVALUATED", reason: "not evaluated: no paired case is tagged `critical`" });
    expect(c.verdict.status).toBe("PASS");
    expect(c.notes).toContain("1 case(s) changed their vars between the runs and are left out of the pairing");
  });

  it("is deterministic for a seed and its id depends only on the two runs and arms", () => {
    // 40 cases, every attempt a distinct latency, so another seed's resamples move the p95 ratio's bounds.
    const ids = Array.from({ length: 40 }, (_, i) => `case-${i}`);
    const letters = Object.fromEntries(ids.map((id, i) => [id, i % 4 === 0 ? "PFP" : "PPP"]));
    const ms = (s: AttemptSpec) => 100 + ((ids.indexOf(s.caseId) * 37 + (s.repeat ?? 0) * 53) % 211);
    const run = (seed: number) =>
      compareArms({
        baseline: armFrom("run_b", "p@a", letters, casesOf(ids), (s) => ({ ...s, latencyMs: ms(s) })),
        candidate: armFrom("run_c", "p@a", letters, casesOf(ids), (s) => ({ ...s, latencyMs: 110 + ((ids.indexOf(s.caseId) * 71 + (s.repeat ?? 0) * 29) % 197) })),
        gates: { quality: { margin: 0.05 }, latency_p95: { max_increase: 0.1 } },
        seed,
        now: NOW,
        resamples: 500,
      });
    const one = run(42);
    expect(run(42)).toEqual(one);
    const other = run(43);
    expect(other.id).toBe(one.id);
    expect(other.figures.latencyP95.ratio.value).toBe(one.figures.latencyP95.ratio.value);
    const bounds = (c: typeof one) => [c.figures.latencyP95.ratio.low, c.figures.latencyP95.ratio.high];
    expect(bounds(other)).not.toEqual(bounds(one));
  });

  it("is inconclusive, never a pass, when nothing could be paired", () => {
    const { baseline, candidate } = sixCases();
    const elsewhere = { ...candidate, attempts: candidate.attempts.map((a) => ({ ...a, caseId: `other-${a.caseId}` })) };
    const all: GatesConfig = { quality: { margin: 0.02 }, critical_regressions: 0, cost: { max_increase: 0.1 }, latency_p95: { max_increase: 0.2 }, errors: { max_rate: 0.01 }, pass_rate: { min: 0.8 } };
    const c = compareArms({ baseline, candidate: elsewhere, gates: all, seed: 1, now: NOW });
    expect(c.figures.pairedCases).toBe(0);
    expect(c.verdict.gates.map((g) => [g.gate, g.status])).toEqual([
      ["quality", "INCONCLUSIVE"],
      ["critical_regressions", "NOT_EVALUATED"],
      ["cost", "INCONCLUSIVE"],
      ["latency_p95", "INCONCLUSIVE"],
      ["errors", "INCONCLUSIVE"],
      ["pass_rate", "INCONCLUSIVE"],
    ]);
    expect(c.verdict.status).toBe("INCONCLUSIVE");
  });

  it("with one paired case the quality gate is inconclusive and asks for at least 2 cases", () => {
    const one = casesOf(["a"]);
    const c = compareArms({
      baseline: armFrom("r", "p@a", { a: "PPP" }, one),
      candidate: armFrom("r", "p@b", { a: "PPP" }, one),
      gates: { quality: { margin: 0.02 } },
      seed: 1,
      now: NOW,
    });
    // One difference has no spread: the t interval is (−∞, ∞), stored as no interval.
    expect(c.verdict.gates[0]).toMatchObject({ status: "INCONCLUSIVE", figure: 0, interval: null });
    expect(c.verdict.gates[0]?.decide).toBe("needs at least 2 cases to estimate how many would show non-inferiority at a 2-point margin; more repeats per case also narrow it");
    expect(c.figures.qualityDelta).toEqual({ value: 0, low: null, high: null });
  });

  it("decides the quality gate on the paired t bounds, floored: PASS, INCONCLUSIVE or FAIL by the margin", () => {
    // Ten cases, one repeat: eight equal, one regression (d = −1), one fix (d = +1). One look (level 0.90).
    // d̄ = 0; s_d = √(2/9) = 0.4714; se = 0.4714/√10 = 0.1491 — below the floor's √(3·1²/9)/√10 = 0.1826
    // (3 of 10 cases discordant at the largest |d| = 1), so t(0.95, 9) = 1.8331 × 0.1826 → bounds ±0.3347.
    const ids = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const base = Object.fromEntries(ids.map((id, i) => [id, i === 8 ? "P" : i === 9 ? "F" : "P"]));
    const cand = Object.fromEntries(ids.map((id, i) => [id, i === 8 ? "F" : i === 9 ? "P" : "P"]));
    const run = (gates: GatesConfig, candidate = cand) =>
      compareArms({ baseline: armFrom("r", "p@a", base, casesOf(ids)), candidate: armFrom("r", "p@b", candidate, casesOf(ids)), gates: { ...gates, looks: { max: 1 } }, seed: 3, now: NOW });
    const narrow = run({ quality: { margin: 0.02 } }).verdict.gates[0];
    expect(narrow?.status).toBe("INCONCLUSIVE");
    expect(narrow?.interval?.[0]).toBeCloseTo(-0.3347, 4);
    expect(narrow?.interval?.[1]).toBeCloseTo(0.3347, 4);
    expect(narrow?.reason).toContain("the bounds are the floor's (as if 3 of 10 cases were discordant at the largest difference seen)");
    expect(run({ quality: { margin: 0.3 } }).verdict.gates[0]?.status).toBe("INCONCLUSIVE");
    expect(run({ quality: { margin: 0.35 } }).verdict.gates[0]?.status).toBe("PASS");
    // The candidate failing every case: d = −1 on the nine the baseline passed, 0 on k9.
    // d̄ = −0.9; s_d = √(0.9/9) = 0.3162, se = 0.1, floored to 0.1826: −0.9 ± 0.3347 = [−1.2347, −0.5653],
    // the lower bound held at −1 (a difference of 0..1 scores): U < −m → FAIL.
    const allFail = Object.fromEntries(ids.map((id) => [id, "F"]));
    const worse = run({ quality: { margin: 0.3 } }, allFail).verdict.gates[0];
    expect(worse?.status).toBe("FAIL");
    expect(worse?.figure).toBeCloseTo(-0.9, 12);
    expect(worse?.interval?.[0]).toBe(-1);
    expect(worse?.interval?.[1]).toBeCloseTo(-0.5653, 4);
    // Two identical cases are not evidence: the floor keeps a zero-variance pair from passing any margin below 1.
    const two = ["x", "y"];
    const same = compareArms({ baseline: armFrom("r", "p@a", { x: "P", y: "P" }, casesOf(two)), candidate: armFrom("r", "p@b", { x: "P", y: "P" }, casesOf(two)), gates: { quality: { margin: 0.05 } }, seed: 1, now: NOW });
    expect(same.verdict.gates[0]?.status).toBe("INCONCLUSIVE");
  });

  it("leaves cases errored in both arms out of the delta and says so; with none graded in both arms it never PASSes", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `k${i}`);
    // 30 cases pass in both arms; 10 errored in every attempt of both arms (two zeros would look like agreement).
    const letters = Object.fromEntries(ids.map((id, i) => [id, i < 30 ? "PP" : "EE"]));
    const run = (l: Record<string, string>) =>
      compareArms({ baseline: armFrom("r", "p@a", l, casesOf(ids)), candidate: armFrom("r", "p@b", l, casesOf(ids)), gates: { quality: { margin: 0.1 } }, seed: 3, now: NOW });
    const some = run(letters).verdict.gates[0];
    expect(some?.reason).toContain("(10 cases errored in both arms, left out)");
    const none = run(Object.fromEntries(ids.map((id) => [id, "EE"]))).verdict.gates[0];
    expect(none).toMatchObject({ status: "INCONCLUSIVE", figure: null });
    expect(none?.reason).toBe("no case was graded in both arms (40 cases errored in both arms, left out)");
  });

  it("compares per-case pass rates, not majority flips, when the arms ran different repeats (no false fixes)", () => {
    const ids = Array.from({ length: 10 }, (_, i) => `k${i}`);
    // PF (a tie, which fails) against PFP (a majority pass) was a "fix" on every case, McNemar p = 0.002.
    const c = compareArms({
      baseline: armFrom("r", "p@a", Object.fromEntries(ids.map((id) => [id, "PF"])), casesOf(ids)),
      candidate: armFrom("r", "p@b", Object.fromEntries(ids.map((id) => [id, "PFP"])), casesOf(ids)),
      gates: {},
      seed: 3,
      now: NOW,
    });
    expect([c.figures.regressions, c.figures.fixes, c.figures.flaky]).toEqual([0, 0, 10]);
    expect(c.notes).toContain("10 case(s) ran a different number of repeats in the two arms: their regressions and fixes compare per-case pass rates, not majority outcomes");
    // A real change still shows: PP against FFF is a regression.
    const real = compareArms({
      baseline: armFrom("r", "p@a", { k0: "PP" }, casesOf(["k0"])),
      candidate: armFrom("r", "p@b", { k0: "FFF" }, casesOf(["k0"])),
      gates: {},
      seed: 3,
      now: NOW,
    });
    expect(real.cases[0]?.outcome).toBe("regression");
  });

  it("compares cost per case on the cases answered in both arms and reports the rest", () => {
    const ids = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const c = compareArms({
      baseline: armFrom("r", "p@a", Object.fromEntries(ids.map((id) => [id, "P"])), casesOf(ids), (s) => ({ ...s, costUsd: 0.001 })),
      // The candidate never answered half the cases: their cost is not compared with the baseline's.
      candidate: armFrom("r", "p@b", Object.fromEntries(ids.map((id, i) => [id, i < 5 ? "E" : "P"])), casesOf(ids), (s) => ({ ...s, costUsd: 0.001 })),
      gates: { cost: { max_increase: 0.1 } },
      seed: 3,
      now: NOW,
    });
    expect(c.figures.costPerCase).toMatchObject({ baseline: 0.001, candidate: 0.001, casesLeftOut: 5 });
    expect(c.figures.costPerCase.ratio.value).toBeCloseTo(1, 12);
    expect(c.verdict.gates[0]?.reason).toContain("(compared on the 5 cases answered in both arms; 5 left out)");
  });
});

describe("compareArms: what happened is measured", () => {
  const ids = Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(3, "0")}`);
  const letters = Object.fromEntries(ids.map((id) => [id, "P"]));
  const ms = (s: AttemptSpec) => 100 + ids.indexOf(s.caseId) * 10; // 100 … 1,090 ms

  it("keeps timed-out attempts in latency, censored at the timeout: a candidate whose slowest attempts time out does not look faster", () => {
    const baseline = armFrom("r", "p@a", letters, casesOf(ids), (s) => ({ ...s, latencyMs: ms(s) }));
    const fast = armFrom("r", "p@b", letters, casesOf(ids), (s) => ({ ...s, latencyMs: ms(s) }));
    // The 6 slowest cases time out in the candidate at a 2,000 ms timeout.
    const candidate = {
      ...fast,
      attempts: fast.attempts.map((a) =>
        ids.indexOf(a.caseId) >= 94
          ? { ...a, status: "error" as const, output: null, score: null, pass: null, scores: [], error: { kind: "timeout" as const, message: "the request timed out", status: null, requestId: null, retryable: true, timeoutMs: 2000 } }
          : a,
      ),
    };
    const c = compareArms({ baseline, candidate, gates: { latency_p95: { max_increase: 0.2 } }, seed: 1, now: NOW, resamples: 500 });
    // Dropping them would give p95 = 983.5 ms (−5.5%); kept at 2,000 ms the p95 is the timeout.
    expect(c.figures.latencyP95.baseline).toBeCloseTo(1040.5, 6);
    expect(c.figures.latencyP95.candidate).toBe(2000);
    expect(c.figures.liveAttempts).toEqual({ baseline: 100, candidate: 100 });
    expect(c.verdict.gates[0]?.figure).toBeGreaterThan(0);
  });

  it("compares cost on the cases answered in both arms and says how many one arm never answered", () => {
    const baseline = armFrom("r", "p@a", letters, casesOf(ids), (s) => ({ ...s, costUsd: 0.001 }));
    const errs = Object.fromEntries(ids.map((id, i) => [id, i < 10 ? "E" : "P"]));
    const candidate = armFrom("r", "p@b", errs, casesOf(ids), (s) => ({ ...s, costUsd: 0.001 }));
    const c = compareArms({ baseline, candidate, gates: { cost: { max_increase: 0.1 } }, seed: 1, now: NOW });
    expect(c.figures.costPerCase.casesLeftOut).toBe(10);
    expect(c.figures.costPerCase.baseline).toBeCloseTo(0.001, 12);
    expect(c.figures.costPerCase.candidate).toBeCloseTo(0.001, 12);
    expect(c.verdict.gates[0]).toMatchObject({ status: "PASS", figure: 0 });
    expect(c.verdict.gates[0]?.reason).toContain("(compared on the 90 cases answered in both arms; 10 left out)");
  });

  it("clusters the paired test by group: 10 groups of 10 cases that move together give a t interval on 9 degrees of freedom", () => {
    // Each group of 10 either all regress or all stay: 2 groups regress (d = −1 on 20 cases).
    const base = Object.fromEntries(ids.map((id) => [id, "P"]));
    const cand = Object.fromEntries(ids.map((id, i) => [id, Math.floor(i / 10) < 2 ? "F" : "P"]));
    const grouped: CaseInfo[] = casesOf(ids).map((c, i) => ({ ...c, group: `doc-${Math.floor(i / 10)}` }));
    const run = (cases: typeof grouped) =>
      compareArms({ baseline: armFrom("r", "p@a", base, cases), candidate: armFrom("r", "p@b", cand, cases), gates: { quality: { margin: 0.1 }, looks: { max: 1 } }, seed: 1, now: NOW }).verdict.gates[0];
    const plain = run(casesOf(ids));
    const clustered = run(grouped);
    // Unclustered: d̄ = −0.2, s_d = 0.402, se = 0.0402, t(0.95, 99) = 1.660 → [−0.267, −0.133]: FAIL.
    expect(plain?.status).toBe("FAIL");
    expect(plain?.interval?.[1]).toBeCloseTo(-0.2 + 1.6604 * 0.0402015, 3);
    // By group: the 10 group sums of residuals are −8 (twice) and +2 (eight times): CR1 se = √(10/9 · 160)/100 = 0.1333;
    // t(0.95, 9) = 1.8331 → [−0.444, +0.044]: the ten documents cannot show it is past the margin.
    expect(clustered?.status).toBe("INCONCLUSIVE");
    expect(clustered?.interval?.[1]).toBeCloseTo(-0.2 + 1.8331 * Math.sqrt((10 / 9) * 160) / 100, 3);
    expect(clustered?.reason).toContain("over 10 groups");
  });

  it("counts looks: the bounds widen with the design's looks, and after the last look the quality gate does not decide", () => {
    const cand = Object.fromEntries(ids.map((id) => [id, "P"]));
    const input = (look?: { number: number; max: number }) => ({
      baseline: armFrom("r", "p@a", letters, casesOf(ids)),
      candidate: armFrom("r2", "p@a", cand, casesOf(ids)),
      gates: { quality: { margin: 0.05 } },
      seed: 1,
      now: NOW,
      ...(look ? { look: { ...look, key: "look_k", history: true } } : {}),
    });
    const one = compareArms(input({ number: 1, max: 1 })).verdict.gates[0];
    const five = compareArms(input({ number: 2, max: 5 })).verdict.gates[0];
    // Floored, identical: 100 cases, t(0.95, 99) vs t(0.99, 99) on se_floor = √(3/99)/10.
    expect(one?.interval?.[1]).toBeCloseTo(1.6604 * Math.sqrt(3 / 99) / 10, 3);
    expect(five?.interval?.[1]).toBeCloseTo(2.3646 * Math.sqrt(3 / 99) / 10, 3);
    expect(five?.reason).toContain("one-sided 99% bounds");
    const spent = compareArms(input({ number: 6, max: 5 }));
    expect(spent.verdict.gates[0]).toMatchObject({ status: "INCONCLUSIVE", reason: "look 6 of 5 at this baseline: the look budget is spent" });
    expect(spent.look).toMatchObject({ number: 6, max: 5 });
    // Without a look from the caller the comparison says it had no history.
    expect(compareArms(input()).notes).toContain("look history unavailable: counted as look 1 of 5 (keep .evalgate/ between CI jobs, or use a shared store, to count looks)");
  });
});
