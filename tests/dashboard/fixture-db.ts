/**
 * A database for the dashboard tests: two suites, four runs, simulated arms, and the
 * comparison of their candidate arm, its cases derived from the stored attempts. Written through the Store, as a run would.
 * The outputs are deterministic; one case carries HTML and script in its vars and output.
 */
import type { ArmInfo, Attempt, CaseDelta, Comparison, Run, Score } from "../../src/core/index.js";
import { openStore, type Store, type StoredCase } from "../../src/store/index.js";

export const XSS_CASE = "case-xss";
export const XSS_VARS_TEXT = `<img src=x onerror="window.__xss='vars'">`;
export const XSS_OUTPUT_TEXT = `<script>window.__xss='script'</script><img src=x onerror="window.__xss='img'"> routed to billing`;

export const RUNS = {
  baseline: "run_20261123T090000Z_base01",
  candidate: "run_20261124T090000Z_cand02",
  notesOld: "run_20261120T090000Z_note01",
  notesNew: "run_20261122T090000Z_note02",
} as const;

export const ARMS = { chat: "triage@gpt-4o-mini", responses: "triage@gpt-5-mini" } as const;

/** Cases the candidate arm fails although the baseline passes (the regressions), and the one it fixes. */
export const REGRESSED = ["case-03", "case-07", "case-11"];
export const FIXED = ["case-05", "case-13"];
/** The candidate arm's one errored attempt. */
export const ERRORED_CASE = "case-09";

function arm(id: string, api: ArmInfo["api"], model: string): ArmInfo {
  return { arm: id, promptId: id.split("@")[0] as string, targetId: model, api, model, params: {}, warnings: [], simulated: true };
}

function run(id: string, suite: string, startedAt: string, tags: string[], arms: ArmInfo[]): Run {
  return { id, suite, suiteHash: `hash-${suite}`, status: "running", startedAt, finishedAt: null, gitCommit: "9f1c2e3d4b5a69788796a5b4c3d2e1f001234567", gitDirty: id.endsWith("02"), evalgateVersion: "0.1.0", schemaVersion: 1, tags, arms, simulated: true };
}

export function triageCases(): StoredCase[] {
  const cases: StoredCase[] = Array.from({ length: 16 }, (_, i) => ({
    id: `case-${String(i).padStart(2, "0")}`,
    vars: { ticket: `Customer ${i} asks about ${i % 2 ? "an upgrade" : "a refund"}`, lang: i % 4 === 0 ? "fr" : "en" },
    tags: [i % 2 ? "sales" : "billing", ...(i % 5 === 0 ? ["urgent"] : [])],
    varsHash: `vh-${i}`,
  }));
  cases.push({ id: XSS_CASE, vars: { ticket: XSS_VARS_TEXT, lang: "en" }, tags: ["billing"], varsHash: "vh-xss" });
  return cases;
}

interface AttemptSpec {
  runId: string;
  caseId: string;
  arm: string;
  pass: boolean;
  n: number;
  error?: boolean;
  text?: string;
}

function attempt(s: AttemptSpec): Attempt {
  const team = s.pass ? "billing" : "sales";
  const scores: Score[] = [
    { grader: "team", type: "json-equals", value: s.pass ? 1 : 0, pass: s.pass, reason: s.pass ? "team=billing as expected" : "expected team=billing, got team=sales", weight: 1 },
    { grader: "tone", type: "icontains", value: 1, pass: true, reason: "mentions the customer", weight: 0 },
  ];
  const base: Attempt = {
    runId: s.runId, caseId: s.caseId, arm: s.arm, repeat: 0, status: "ok",
    output: {
      api: s.arm.endsWith("gpt-5-mini") ? "responses" : "chat", model: s.arm.split("@")[1] as string,
      text: s.text ?? `{"team":"${team}","priority":"${s.n % 3 ? "normal" : "high"}","summary":"the customer asks for help with case ${s.caseId}"}`,
      json: { team, priority: s.n % 3 ? "normal" : "high" },
      toolCalls: s.n % 4 === 0 ? [{ id: `call_${s.n}`, name: "lookup_account", arguments: { account: 1000 + s.n }, rawArguments: `{"account":${1000 + s.n}}` }] : [],
      refusal: null, finish: "stop",
      usage: { inputTokens: 180 + s.n, cachedInputTokens: 0, outputTokens: 24 + (s.n % 7), reasoningTokens: 0, totalTokens: 204 + s.n + (s.n % 7) },
      latency: { ttftMs: 60 + (s.n % 9) * 10, totalMs: 300 + ((s.n * 37) % 400) },
      requestId: `req_${s.runId.slice(-6)}_${s.n}`,
      raw: { request: { model: s.arm.split("@")[1], input: `ticket ${s.caseId}` }, response: { id: `resp_${s.n}`, status: "completed" } },
    },
    error: null, tries: 1, cost: { usd: 0.0002 + s.n * 1e-6, inputUsd: 0.00015, outputUsd: 0.00005 + s.n * 1e-6 },
    scores, score: s.pass ? 1 : 0, pass: s.pass,
    startedAt: "2026-11-24T09:00:01.000Z", finishedAt: "2026-11-24T09:00:01.500Z", replayed: false, simulated: true,
  };
  if (!s.error) return base;
  return { ...base, status: "error", output: null, error: { kind: "server_error", message: "500 simulated upstream failure", status: 500, requestId: null, retryable: true }, tries: 3, cost: { usd: null, inputUsd: null, outputUsd: null }, scores: [], score: null, pass: null };
}

async function recordTriageRun(store: Store, runId: string, startedAt: string, tags: string[], candidate: boolean): Promise<void>  {
  const cases = triageCases();
  await store.createRun(run(runId, "support-triage", startedAt, tags, [arm(ARMS.chat, "chat", "gpt-4o-mini"), arm(ARMS.responses, "responses", "gpt-5-mini")]), { name: "support-triage", hash: "hash-support-triage", source: { name: "support-triage" } }, cases);
  let n = 0;
  for (const c of cases) {
    for (const a of [ARMS.chat, ARMS.responses]) {
      n++;
      const onCandidateArm = candidate && a === ARMS.responses;
      const pass = onCandidateArm ? !REGRESSED.includes(c.id) : !FIXED.includes(c.id);
      const error = onCandidateArm && c.id === ERRORED_CASE;
      await store.recordAttempt(attempt({ runId, caseId: c.id, arm: a, pass, n, error, text: c.id === XSS_CASE ? XSS_OUTPUT_TEXT : undefined }));
    }
  }
  await store.finishRun(runId, "completed", startedAt.replace("09:00:00", "09:02:00"));
}

async function recordNotesRun(store: Store, runId: string, startedAt: string, passEvery: number): Promise<void>  {
  const cases: StoredCase[] = Array.from({ length: 10 }, (_, i) => ({ id: `note-${i}`, vars: { changelog: `v1.${i}` }, tags: ["notes"], varsHash: `n${i}` }));
  await store.createRun(run(runId, "release-notes", startedAt, ["nightly"], [arm("notes@gpt-4.1-nano", "chat", "gpt-4.1-nano")]), { name: "release-notes", hash: "hash-release-notes", source: { name: "release-notes" } }, cases);
  for (const [i, c] of cases.entries()) await store.recordAttempt(attempt({ runId, caseId: c.id, arm: "notes@gpt-4.1-nano", pass: i % passEvery !== 0, n: i }));
  await store.finishRun(runId, "completed", startedAt.replace("09:00:00", "09:01:00"));
}

/** Fills `path` and returns the id of the stored comparison (baseline chat arm vs candidate responses arm). */
export async function fillDashboardDb(path: string): Promise<{ comparisonId: string }> {
  const store = await openStore(path);
  try {
    await recordTriageRun(store, RUNS.baseline, "2026-11-23T09:00:00.000Z", ["main"], false);
    await recordTriageRun(store, RUNS.candidate, "2026-11-24T09:00:00.000Z", ["pr-42"], true);
    await recordNotesRun(store, RUNS.notesOld, "2026-11-20T09:00:00.000Z", 2);
    await recordNotesRun(store, RUNS.notesNew, "2026-11-22T09:00:00.000Z", 5);
    const comparison = await triageComparison(store);
    await store.saveComparison(comparison);
    return { comparisonId: comparison.id };
  } finally {
    await store.close();
  }
}

/**
 * The comparison the candidate run stores: per case, the baseline's pass against the
 * candidate's (an error counts as a failure); the figures and the verdict are those a
 * FAIL on the quality gate would carry.
 */
async function triageComparison(store: Store): Promise<Comparison>  {
  const passes = async (runId: string) => new Map((await store.listAttempts(runId, { arm: ARMS.responses, limit: 1000, offset: 0 })).attempts.map((a) => [a.caseId, a.pass === true]));
  const base = await passes(RUNS.baseline);
  const cand = await passes(RUNS.candidate);
  const cases: CaseDelta[] = (await store.getCases(RUNS.candidate)).map((c) => {
    const b = base.get(c.id) === true;
    const k = cand.get(c.id) === true;
    return { caseId: c.id, tags: c.tags, outcome: b === k ? "unchanged" : b ? "regression" : "fix", baselineScore: b ? 1 : 0, candidateScore: k ? 1 : 0, baselinePass: b, candidatePass: k };
  });
  const regressions = cases.filter((c) => c.outcome === "regression").length;
  const fixes = cases.filter((c) => c.outcome === "fix").length;
  const delta = (fixes - regressions) / cases.length;
  const figures: Comparison["figures"] = {
    pairedCases: cases.length,
    qualityDelta: { value: delta, low: delta - 0.12, high: delta + 0.06 },
    passRateDelta: { value: delta, low: delta - 0.12, high: delta + 0.06 },
    regressions, fixes, mcnemarP: 0.69,
    costPerCase: { baseline: 0.00021, candidate: 0.00023, ratio: { value: 1.1, low: 1.02, high: 1.18 } },
    latencyP95: { baseline: 690, candidate: 688, ratio: { value: 1, low: 0.93, high: 1.07 } },
    ttftP50: { baseline: 100, candidate: 100 },
    errorRate: { baseline: 0, candidate: 1 / cases.length },
  };
  return {
    id: "cmp_triage_pr42", baselineRunId: RUNS.baseline, candidateRunId: RUNS.candidate, baselineArm: ARMS.responses, candidateArm: ARMS.responses,
    figures, slices: { billing: { ...figures, pairedCases: cases.filter((c) => c.tags.includes("billing")).length } }, cases,
    changedCases: [], onlyInBaseline: [], onlyInCandidate: [],
    verdict: { status: "FAIL", gates: [
      { gate: "quality", status: "FAIL", figure: delta, threshold: 0.05, interval: [delta - 0.12, delta + 0.06], reason: `the candidate loses ${regressions} cases and fixes ${fixes}; the interval lies below -0.05`, decide: null },
      { gate: "critical_regressions", status: "PASS", figure: 0, threshold: 0, interval: null, reason: "no case tagged critical regressed", decide: null },
      { gate: "errors", status: "PASS", figure: 1 / cases.length, threshold: 0.1, interval: null, reason: "1 errored attempt of 17", decide: null },
    ] },
    createdAt: "2026-11-24T09:03:00.000Z", seed: 7,
  };
}
