import type { ArmInfo, Attempt, Comparison, ComparisonFigures, Run, Score } from "../core/index.js";
import type { StoredCase, StoredSuite } from "./store.js";

/** Builders for store tests: complete, realistic values, overridable field by field. */

export const ARM_A: ArmInfo = {
  arm: "support@gpt-4o-mini",
  promptId: "support",
  targetId: "gpt-4o-mini",
  api: "chat",
  model: "gpt-4o-mini",
  params: { temperature: 0, max_output_tokens: 256 },
  warnings: [],
  simulated: true,
};

export const ARM_B: ArmInfo = {
  arm: "support@gpt-5-mini-responses",
  promptId: "support",
  targetId: "gpt-5-mini-responses",
  api: "responses",
  model: "gpt-5-mini",
  params: { reasoning_effort: "low" },
  warnings: ["temperature is not supported by gpt-5-mini; dropped"],
  simulated: true,
};

export function makeSuite(name = "support-triage"): StoredSuite {
  return { name, hash: `hash-${name}`, source: { name, prompts: [{ id: "support", instructions: "Route the ticket." }], cases: 3 } };
}

export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: "run_20261125T100000Z_aaaaaa",
    suite: "support-triage",
    suiteHash: "hash-support-triage",
    status: "running",
    startedAt: "2026-11-25T10:00:00.000Z",
    finishedAt: null,
    gitCommit: "0123456789abcdef0123456789abcdef01234567",
    gitDirty: false,
    evalgateVersion: "0.1.0",
    schemaVersion: 1,
    tags: ["main", "nightly"],
    arms: [ARM_A, ARM_B],
    simulated: true,
    ...overrides,
  };
}

export function makeCases(count: number, tagsOf: (i: number) => string[] = (i) => (i % 2 === 0 ? ["billing"] : ["sales"])): StoredCase[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `case-${String(i).padStart(3, "0")}`,
    vars: { ticket: `Ticket number ${i}`, lang: i % 3 === 0 ? "fr" : "en" },
    tags: tagsOf(i),
    varsHash: `vars-${i}`,
  }));
}

export function makeScore(overrides: Partial<Score> = {}): Score {
  return { grader: "team", type: "json-equals", value: 1, pass: true, reason: "team=billing as expected", weight: 1, ...overrides };
}

/** A successful attempt with JSON output, a tool call and usage; `pass` decides its score. */
export function makeAttempt(key: Partial<Attempt> & { caseId: string }, pass = true): Attempt {
  const arm = key.arm ?? ARM_A.arm;
  const repeat = key.repeat ?? 0;
  return {
    runId: "run_20261125T100000Z_aaaaaa",
    arm,
    repeat,
    status: "ok",
    output: {
      api: "chat",
      model: "gpt-4o-mini-2024-07-18",
      text: `{"team":"${pass ? "billing" : "sales"}"} for ${key.caseId}`,
      json: { team: pass ? "billing" : "sales" },
      toolCalls: [{ id: "call_1", name: "lookup_account", arguments: { account: 42 }, rawArguments: '{"account":42}' }],
      refusal: null,
      finish: "stop",
      usage: { inputTokens: 120, cachedInputTokens: 0, outputTokens: 12, reasoningTokens: 0, totalTokens: 132 },
      latency: { ttftMs: 80, totalMs: 400 },
      requestId: `req_${key.caseId}_${repeat}`,
      raw: {
        request: { model: "gpt-4o-mini", messages: [{ role: "user", content: `ticket ${key.caseId}` }], temperature: 0 },
        response: { id: `chatcmpl-${key.caseId}`, object: "chat.completion", choices: [{ index: 0, finish_reason: "stop" }] },
      },
    },
    error: null,
    tries: 1,
    cost: { usd: 0.00025, inputUsd: 0.00018, outputUsd: 0.00007 },
    scores: [makeScore(pass ? {} : { value: 0, pass: false, reason: "expected team=billing, got team=sales" })],
    score: pass ? 1 : 0,
    pass,
    startedAt: "2026-11-25T10:00:01.000Z",
    finishedAt: "2026-11-25T10:00:01.400Z",
    replayed: false,
    simulated: true,
    ...key,
  };
}

/** An attempt that got no output after its retries. */
export function makeErrorAttempt(key: Partial<Attempt> & { caseId: string }, kind: NonNullable<Attempt["error"]>["kind"] = "rate_limit"): Attempt {
  return {
    ...makeAttempt(key),
    status: "error",
    output: null,
    error: { kind, message: `429 Too Many Requests for ${key.caseId}`, status: 429, requestId: "req_err", retryable: true },
    tries: 3,
    cost: { usd: null, inputUsd: null, outputUsd: null },
    scores: [],
    score: null,
    pass: null,
    ...key,
  };
}

const FIGURES: ComparisonFigures = {
  pairedCases: 3,
  qualityDelta: { value: -0.02, low: -0.08, high: 0.03 },
  passRateDelta: { value: 0, low: -0.1, high: 0.1 },
  regressions: 1,
  fixes: 1,
  mcnemarP: 1,
  costPerCase: { baseline: 0.0003, candidate: 0.0002, ratio: { value: 0.66, low: 0.6, high: 0.7 } },
  latencyP95: { baseline: 410, candidate: 380, ratio: { value: 0.93, low: 0.85, high: 1.01 } },
  ttftP50: { baseline: 80, candidate: null },
  errorRate: { baseline: 0, candidate: 0.01 },
};

export function makeComparison(overrides: Partial<Comparison> = {}): Comparison {
  return {
    id: "cmp_1",
    baselineRunId: "run_20261125T100000Z_aaaaaa",
    candidateRunId: "run_20261125T110000Z_bbbbbb",
    baselineArm: ARM_A.arm,
    candidateArm: ARM_B.arm,
    figures: FIGURES,
    slices: { billing: { ...FIGURES, pairedCases: 2 } },
    cases: [{ caseId: "case-000", tags: ["billing"], outcome: "regression", baselineScore: 1, candidateScore: 0, baselinePass: true, candidatePass: false }],
    changedCases: [],
    onlyInBaseline: ["case-002"],
    onlyInCandidate: [],
    verdict: {
      status: "INCONCLUSIVE",
      gates: [{ gate: "quality", status: "INCONCLUSIVE", figure: -0.02, threshold: 0.05, interval: [-0.08, 0.03], reason: "the interval crosses -0.05", decide: "needs ~400 cases" }],
    },
    createdAt: "2026-11-25T11:05:00.000Z",
    ...overrides,
  };
}
