import { describe, expect, it } from "vitest";
import { scorePair } from "./case-outcome.js";
import { compareArms } from "./compare-arms.js";
import type { OutputContract } from "./inputs.js";
import { pairByCase } from "./pairing.js";
import { computeParity } from "./parity.js";
import { armFrom, casesOf, makeOkAttempt, type AttemptSpec } from "./test-attempts.js";

/** Student t 0.95 quantiles (any t table): one-sided 95% bounds on 9 and 3 degrees of freedom. */
const T95_DF9 = 1.8331129326536335;

/**
 * Ten cases, one repeat each. The baseline refuses on c0 and c9, the candidate on c0–c4, so
 * per case (candidate − baseline):
 *
 *   case      c0 c1 c2 c3 c4 c5 c6 c7 c8 c9
 *   baseline   R  .  .  .  .  .  .  .  .  R
 *   candidate  R  R  R  R  R  .  .  .  .  .
 *   d          0 +1 +1 +1 +1  0  0  0  0 −1
 *
 * mean d = 3/10 = 0.3; Σ(d − 0.3)² = 4·0.49 + 1.69 + 5·0.09 = 4.1, sd = √(4.1/9) = 0.674949,
 * SE = 0.213437 (the floor √(3/9/10) = 0.182574 is below it); bounds 0.3 ± 1.833113·0.213437
 * = [−0.091257, 0.691257]. Baseline 2/10 = 20%, candidate 5/10 = 50%.
 */
const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
const cases = casesOf(ids);
const refusedBy = { baseline: new Set(["c0", "c9"]), candidate: new Set(["c0", "c1", "c2", "c3", "c4"]) };

function arm(side: "baseline" | "candidate", tweak: (s: AttemptSpec) => AttemptSpec = (s) => s) {
  const outcomes = Object.fromEntries(ids.map((id) => [id, "P"]));
  return armFrom("run", side === "baseline" ? "p@base" : "p@cand", outcomes, cases, (s) =>
    tweak(refusedBy[side].has(s.caseId) ? { ...s, refusal: "I can't help with that." } : s),
  );
}

const scored = (b: ReturnType<typeof arm>, c: ReturnType<typeof arm>) => pairByCase(b, c).paired.map(scorePair);

describe("computeParity: rates paired by case", () => {
  it("gives each arm's refusal rate and the paired difference with its one-sided 95% bounds", () => {
    const p = computeParity(scored(arm("baseline"), arm("candidate")));
    expect(p.refusals.baseline).toBeCloseTo(0.2, 12);
    expect(p.refusals.candidate).toBeCloseTo(0.5, 12);
    expect(p.refusals.pairedCases).toBe(10);
    expect(p.refusals.counts).toEqual({ baseline: { hits: 2, of: 10 }, candidate: { hits: 5, of: 10 } });
    const se = Math.sqrt(4.1 / 9) / Math.sqrt(10);
    expect(p.refusals.difference.value).toBeCloseTo(0.3, 12);
    expect(p.refusals.difference.low).toBeCloseTo(0.3 - T95_DF9 * se, 9);
    expect(p.refusals.difference.high).toBeCloseTo(0.3 + T95_DF9 * se, 9);
    expect(p.refusals.difference.low).toBeCloseTo(-0.091257, 5);
  });

  it("counts truncations (finish length, which a Responses `incomplete` normalizes to) over answered attempts only", () => {
    // c0 is truncated in the candidate; c1 errored there: left out of the rate (the errors gate has it).
    const b = armFrom("run", "p@base", { c0: "P", c1: "P", c2: "P" }, casesOf(["c0", "c1", "c2"]));
    const c = armFrom("run", "p@cand", { c0: "P", c1: "E", c2: "P" }, casesOf(["c0", "c1", "c2"]), (s) => (s.caseId === "c0" ? { ...s, finish: "length" } : s));
    const p = computeParity(scored(b, c));
    expect(p.truncations.counts).toEqual({ baseline: { hits: 0, of: 3 }, candidate: { hits: 1, of: 2 } });
    // Cases answered in both arms: c0 and c2, d = [1, 0]: mean 0.5, over 2 cases.
    expect(p.truncations.pairedCases).toBe(2);
    expect(p.truncations.baseline).toBe(0);
    expect(p.truncations.candidate).toBe(0.5);
    expect(p.truncations.difference.value).toBe(0.5);
  });

  it("measures schema validity only with an output schema, against it, leaving tool-call answers out", () => {
    const contract: OutputContract = { schemaValid: (o) => o.text.startsWith("{"), toolArgumentsValid: () => true };
    const b = armFrom("run", "p@base", { c0: "P", c1: "P" }, casesOf(["c0", "c1"]));
    const c = armFrom("run", "p@cand", { c0: "P", c1: "P" }, casesOf(["c0", "c1"]), (s) => (s.caseId === "c1" ? { ...s, text: "Sure! here it is" } : s));
    expect(computeParity(scored(b, c)).schemaInvalid).toBeNull();
    const p = computeParity(scored({ ...b, contract }, { ...c, contract }), { baseline: contract, candidate: contract });
    expect(p.schemaInvalid?.counts).toEqual({ baseline: { hits: 0, of: 2 }, candidate: { hits: 1, of: 2 } });
    expect(p.schemaInvalid?.difference.value).toBe(0.5);
  });

  it("gives the tool-call rate over answered attempts and the invalid-argument rate over calls", () => {
    const call = (args: Record<string, unknown> | null) => ({ id: "call_1", name: "lookup", arguments: args, rawArguments: args === null ? "{bad" : JSON.stringify(args) });
    // Baseline: c0 and c1 call with valid arguments. Candidate: c0 calls with {id: 7} (the schema wants a string), c1 with unparseable arguments, c2 answers in text.
    const b = armFrom("run", "p@base", { c0: "P", c1: "P", c2: "P" }, casesOf(["c0", "c1", "c2"]), (s) => (s.caseId === "c2" ? s : { ...s, toolCalls: [call({ id: "A-1" })] }));
    const c = armFrom("run", "p@cand", { c0: "P", c1: "P", c2: "P" }, casesOf(["c0", "c1", "c2"]), (s) =>
      s.caseId === "c0" ? { ...s, toolCalls: [call({ id: 7 })] } : s.caseId === "c1" ? { ...s, toolCalls: [call(null)] } : s,
    );
    const contract: OutputContract = { schemaValid: null, toolArgumentsValid: (x) => x.name === "lookup" && typeof x.arguments?.id === "string" };
    const p = computeParity(scored(b, c), { baseline: contract, candidate: contract });
    expect(p.toolCalls.counts).toEqual({ baseline: { hits: 2, of: 3 }, candidate: { hits: 2, of: 3 } });
    expect(p.toolCalls.difference.value).toBe(0);
    // Calls: c0 and c1 in both arms; invalid: none in the baseline, both in the candidate.
    expect(p.toolArgumentsInvalid?.counts).toEqual({ baseline: { hits: 0, of: 2 }, candidate: { hits: 2, of: 2 } });
    expect(p.toolArgumentsInvalid?.baseline).toBe(0);
    expect(p.toolArgumentsInvalid?.candidate).toBe(1);
    // Without a contract, arguments count as valid when they parse: only c1's are invalid.
    expect(computeParity(scored(b, c)).toolArgumentsInvalid?.counts.candidate).toEqual({ hits: 1, of: 2 });
  });

  it("gives tokens per case over cases answered in both arms, and cost per 1,000 requests", () => {
    const usage = (input: number, cached: number, output: number, reasoning: number) => ({ inputTokens: input, cachedInputTokens: cached, outputTokens: output, reasoningTokens: reasoning, totalTokens: input + output });
    // Baseline: c0 repeats use 100 and 300 input tokens (case mean 200), c1 100; costs 0.001, 0.003, 0.002.
    const base = [
      makeOkAttempt({ runId: "run", arm: "p@base", caseId: "c0", repeat: 0, usage: usage(100, 0, 10, 0), costUsd: 0.001 }),
      makeOkAttempt({ runId: "run", arm: "p@base", caseId: "c0", repeat: 1, usage: usage(300, 100, 30, 0), costUsd: 0.003 }),
      makeOkAttempt({ runId: "run", arm: "p@base", caseId: "c1", repeat: 0, usage: usage(100, 0, 20, 0), costUsd: 0.002 }),
    ];
    const cand = [
      makeOkAttempt({ runId: "run", arm: "p@cand", caseId: "c0", repeat: 0, usage: usage(120, 0, 200, 150), costUsd: 0.004 }),
      makeOkAttempt({ runId: "run", arm: "p@cand", caseId: "c1", repeat: 0, usage: usage(80, 0, 100, 50), costUsd: 0.002 }),
    ];
    const cs = casesOf(["c0", "c1"]);
    const p = computeParity(scored({ runId: "run", arm: "p@base", attempts: base, cases: cs }, { runId: "run", arm: "p@cand", attempts: cand, cases: cs }));
    // Baseline input per case: c0 (100 + 300)/2 = 200, c1 100 → 150; candidate (120 + 80)/2 = 100.
    expect(p.tokensPerCase.input).toEqual({ baseline: 150, candidate: 100 });
    expect(p.tokensPerCase.cached).toEqual({ baseline: 25, candidate: 0 });
    // Output: c0 (10 + 30)/2 = 20, c1 20 → 20; candidate (200 + 100)/2 = 150.
    expect(p.tokensPerCase.output).toEqual({ baseline: 20, candidate: 150 });
    expect(p.tokensPerCase.reasoning).toEqual({ baseline: 0, candidate: 100 });
    // 1,000 × mean attempt cost: (0.001 + 0.003 + 0.002)/3 = $0.002 → $2; candidate 0.003 → $3.
    expect(p.costPer1kRequests.baseline).toBeCloseTo(2, 12);
    expect(p.costPer1kRequests.candidate).toBeCloseTo(3, 12);
  });
});

describe("compareArms stores parity and decides the parity gates", () => {
  it("fails refusal_rate when the increase is shown above the limit, and passes truncation_rate when none rose", () => {
    // 40 cases: the candidate refuses on 20 the baseline answered: d = +0.5, well above +1 pp.
    const many = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const cs = casesOf(many);
    const outcomes = Object.fromEntries(many.map((id) => [id, "P"]));
    const b = armFrom("r1", "p@a", outcomes, cs);
    const c = armFrom("r1", "p@b", outcomes, cs, (s) => (Number(s.caseId.slice(1)) % 2 === 0 ? { ...s, refusal: "no" } : s));
    const cmp = compareArms({ baseline: b, candidate: c, gates: { refusal_rate: { max_increase: 0.01 }, truncation_rate: { max_increase: 0.5 } }, seed: 1 });
    expect(cmp.parity?.refusals.difference.value).toBeCloseTo(0.5, 12);
    const refusal = cmp.verdict.gates.find((g) => g.gate === "refusal_rate");
    expect(refusal).toMatchObject({ status: "FAIL", threshold: 0.01 });
    expect(refusal?.figure).toBeCloseTo(0.5, 12);
    // No truncation anywhere: d = 0 with the floor's bounds √(3/39/40)·t(0.95, 39) = 0.0734 ≤ 0.5.
    expect(cmp.verdict.gates.find((g) => g.gate === "truncation_rate")?.status).toBe("PASS");
    expect(cmp.verdict.status).toBe("FAIL");
  });
});
