import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentText, lookupModel, priceUsage, type Score } from "../../src/core/index.js";
import { gradeAttempt, summarizeJudgeCosts, type JudgeProvider } from "../../src/graders/index.js";
import { createOpenAIProvider, providerAsJudge } from "../../src/providers/index.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { buildAnswerIndex, loadSuite, planSuite, type PlannedAttempt } from "../../src/suite/index.js";

/**
 * A suite with a rubric judge, run the way `evalgate run` wires judges: the planner's
 * requests go to the simulator, and each output is graded with the suite's judges
 * (providerAsJudge + the `judges:` entry's settings), the case's input and the attempt tag.
 */
const FIXTURE = fileURLToPath(new URL("./fixtures/judged-howto.yaml", import.meta.url));

interface Graded {
  attempt: PlannedAttempt;
  text: string;
  expected: string;
  scores: Score[];
  armTokens: number;
}

let sim: RunningSimulator;
let graded: Graded[];

beforeAll(async () => {
  const suite = await loadSuite(FIXTURE);
  const plan = planSuite(suite, {});
  sim = await startSimulator(suite.sim!, buildAnswerIndex(suite), { port: 0 });
  const provider = createOpenAIProvider({ baseURL: sim.url, apiKey: "sk-test", timeoutMs: 5000, maxRetries: 2 });
  const judges = new Map<string, JudgeProvider>(
    suite.judges.map((j) => [j.id, { ...providerAsJudge(provider), api: j.api, model: j.model, params: j.params, stream: j.stream, pricing: lookupModel(j.model)?.pricing ?? null }]),
  );
  const price = lookupModel("gpt-4.1-mini")!.pricing;
  graded = await Promise.all(plan.attempts.map(async (a) => {
    const r = await provider.generate(a.request);
    if (!r.ok) throw new Error(`attempt ${a.request.attempt} failed: ${r.error.message}`);
    const lastUser = [...a.request.messages].reverse().find((m) => m.role === "user");
    const vars = suite.cases.find((c) => c.id === a.caseId)!.vars;
    const grading = await gradeAttempt(r.output, a.graders, {
      caseId: a.caseId, vars, cost: priceUsage(r.output.usage, price), input: contentText(lastUser?.content ?? ""),
      attempt: a.request.attempt, judge: (id) => judges.get(id), suiteDir: suite.dir,
    });
    return { attempt: a, text: r.output.text, expected: String(vars.expected), scores: grading.scores, armTokens: r.output.usage!.totalTokens };
  }));
});
afterAll(() => sim.close());

describe("a suite graded by a rubric judge on the simulator", () => {
  it("scores every exact answer 1 and the perturbed answers lower on average", () => {
    const rubric = (g: Graded) => g.scores.find((s) => s.type === "rubric")!.value!;
    const exact = graded.filter((g) => g.text === g.expected);
    const perturbed = graded.filter((g) => g.text !== g.expected);
    expect(exact.length).toBeGreaterThan(20);
    expect(perturbed.length).toBeGreaterThan(5);
    expect(exact.every((g) => rubric(g) === 1)).toBe(true);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(perturbed.map(rubric))).toBeLessThan(0.35);
  });

  it("passes (default threshold 0.5) nine in ten attempts or more exactly when the output is the expected answer", () => {
    const agree = graded.filter((g) => g.scores.find((s) => s.type === "rubric")!.pass === (g.text === g.expected));
    expect(agree.length / graded.length).toBeGreaterThanOrEqual(0.9);
  });

  it("records each judge call's tokens and cost apart from the arm's, with no judge error", () => {
    const judgeScores = graded.flatMap((g) => g.scores.filter((s) => s.type === "rubric"));
    const totals = summarizeJudgeCosts(graded.flatMap((g) => g.scores));
    expect(totals.calls).toBe(graded.length);
    expect(totals.errors).toBe(0);
    expect(totals.unpriced).toBe(0);
    expect(totals.usd).toBeCloseTo(judgeScores.reduce((a, s) => a + s.judgeCost!.usd!, 0), 12);
    // the judge reads the prompt, the input and the output: far more tokens than the arm spent
    const armTokens = graded.reduce((a, g) => a + g.armTokens, 0);
    expect(totals.inputTokens).toBeGreaterThan(armTokens);
    expect(graded.every((g) => g.scores.find((s) => s.type === "rouge-l")!.judgeCost === undefined)).toBe(true);
  });
});
