import { COMPARISON_METHOD, type Attempt, type Comparison, type ComparisonFigures, type GateResult } from "../../src/core/index.js";
import type { ArmSummary } from "../../src/stats/index.js";
import type { ReportInput, RunReport } from "../../src/report/index.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeComparison, makeErrorAttempt, makeRun } from "../../src/store/store-fixtures.js";

/**
 * One run, two arms (chat → responses), four cases, one comparison that FAILs:
 * case-000 (critical) regresses with hostile output, case-002 errors in the candidate,
 * case-003 is fixed, case-001 passes in both.
 */
export const RUN_ID = "run_20261125T100000Z_aaaaaa";
export const HOSTILE = "<script>alert(1)</script> | pipe ]]> \u0007bell \u001b[31mred\u001b[0m & `code`";

export const CASES = makeCases(4, (i) => (i === 0 ? ["billing", "critical"] : i % 2 === 0 ? ["billing"] : ["sales"]));

function withText(a: Attempt, text: string): Attempt {
  return a.output ? { ...a, output: { ...a.output, text, latency: { ttftMs: 100, totalMs: 500 } } } : a;
}

export function fixtureAttempts(): Attempt[] {
  const base = [0, 1, 2].map((i) => makeAttempt({ caseId: `case-00${i}` }, true));
  base.push(makeAttempt({ caseId: "case-003" }, false));
  const cand = [
    withText(makeAttempt({ caseId: "case-000", arm: ARM_B.arm }, false), HOSTILE),
    withText(makeAttempt({ caseId: "case-001", arm: ARM_B.arm }, true), '{"team":"sales"}'),
    makeErrorAttempt({ caseId: "case-002", arm: ARM_B.arm }),
    withText(makeAttempt({ caseId: "case-003", arm: ARM_B.arm }, true), '{"team":"billing"}'),
  ];
  return [...base, ...cand];
}

export const ARMS: ArmSummary[] = [
  {
    arm: ARM_A.arm, attempts: 4, cases: 4, passed: 3, failed: 1, errors: 0,
    passRate: { estimate: 0.75, low: 0.3006, high: 0.9544 }, meanScore: 0.75,
    totalCost: 0.001, knownCost: 0.001, costPerCase: 0.00025, unknownCostAttempts: 0, latencyP50: 400, latencyP95: 400, ttftP50: 80, judgeCalls: 0, judgeCost: 0, judgeUnknownCost: 0,
  },
  {
    arm: ARM_B.arm, attempts: 4, cases: 4, passed: 2, failed: 1, errors: 1,
    passRate: { estimate: 0.5, low: 0.15, high: 0.85 }, meanScore: 0.5,
    totalCost: 0.00075, knownCost: 0.00075, costPerCase: 0.0001875, unknownCostAttempts: 0, latencyP50: 500, latencyP95: 500, ttftP50: 100, judgeCalls: 0, judgeCost: 0, judgeUnknownCost: 0,
  },
];

export const GATES: GateResult[] = [
  { gate: "quality", status: "FAIL", figure: -0.25, threshold: 0.02, interval: [-0.6, -0.05], reason: "the candidate is worse: U < 0", decide: null },
  { gate: "critical_regressions", status: "FAIL", figure: 1, threshold: 0, interval: null, reason: "1 critical case regressed: case-000", decide: null },
  { gate: "cost", status: "PASS", figure: -0.25, threshold: 0.1, interval: [-0.3, -0.2], reason: "cost falls", decide: null },
  { gate: "latency_p95", status: "NOT_EVALUATED", figure: null, threshold: 0.2, interval: null, reason: "replayed attempts: latency not evaluated", decide: null },
  { gate: "pass_rate", status: "INCONCLUSIVE", figure: 0.5, threshold: 0.8, interval: [0.15, 0.85], reason: "the interval contains 80.0%", decide: "needs ~60 cases" },
];

export const FIGURES: ComparisonFigures = {
  pairedCases: 4,
  qualityDelta: { value: -0.25, low: -0.6, high: -0.05 },
  passRateDelta: { value: -0.25, low: -0.55, high: 0.05 },
  regressions: 2,
  fixes: 1,
  mcnemarP: 1,
  costPerCase: { baseline: 0.00025, candidate: 0.0001875, ratio: { value: 0.75, low: 0.7, high: 0.8 } },
  latencyP95: { baseline: 400, candidate: 500, ratio: { value: 1.25, low: 1.1, high: 1.4 } },
  ttftP50: { baseline: 80, candidate: 100 },
  errorRate: { baseline: 0, candidate: 0.25 },
  // Over the paired cases, and deliberately unlike the arm summaries: the deltas table must show these.
  meanScore: { baseline: 0.8, candidate: 0.55 },
  passRate: { baseline: 0.75, candidate: 0.5 },
  flaky: 0,
};

export function fixtureComparison(overrides: Partial<Comparison> = {}): Comparison {
  return makeComparison({
    method: COMPARISON_METHOD,
    id: "cmp_fixture",
    baselineRunId: RUN_ID,
    candidateRunId: RUN_ID,
    baselineArm: ARM_A.arm,
    candidateArm: ARM_B.arm,
    figures: FIGURES,
    slices: { sales: { ...FIGURES, pairedCases: 2, regressions: 0, mcnemarP: 0.5, mcnemarPHolm: 1 }, billing: { ...FIGURES, pairedCases: 2, mcnemarP: 0.25, mcnemarPHolm: 0.5 } },
    cases: [
      { caseId: "case-000", tags: ["billing", "critical"], outcome: "regression", baselineScore: 1, candidateScore: 0, baselinePass: true, candidatePass: false },
      { caseId: "case-001", tags: ["sales"], outcome: "unchanged", baselineScore: 1, candidateScore: 1, baselinePass: true, candidatePass: true },
      { caseId: "case-002", tags: ["billing"], outcome: "regression", baselineScore: 1, candidateScore: 0, baselinePass: true, candidatePass: false },
      { caseId: "case-003", tags: ["sales"], outcome: "fix", baselineScore: 0, candidateScore: 1, baselinePass: false, candidatePass: true },
    ],
    onlyInBaseline: [],
    verdict: { status: "FAIL", gates: GATES },
    ...overrides,
  });
}

export function fixtureRun(): RunReport {
  return {
    run: makeRun({ id: RUN_ID, status: "completed", finishedAt: "2026-11-25T10:01:00.000Z" }),
    arms: ARMS,
    attempts: fixtureAttempts(),
    cases: CASES,
  };
}

export function fixtureInput(comparisons: Comparison[] = [fixtureComparison()]): ReportInput {
  return { runs: [fixtureRun()], comparisons };
}
