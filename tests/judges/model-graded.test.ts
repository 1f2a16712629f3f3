import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupModel } from "../../src/core/index.js";
import type { JudgeProvider } from "../../src/graders/index.js";
import {
  grade, judgeContext, jsonOutput, RESET_ANSWER, RESET_INPUT, startSimJudges, textOutput, TRIAGE_ANSWER, TRIAGE_INPUT, type SimJudges,
} from "./sim-judges.js";

let sj: SimJudges;
let judges: Record<string, JudgeProvider>;

beforeAll(async () => {
  sj = await startSimJudges();
  judges = {
    judge: sj.judge("gpt-4.1-mini"),
    "chat-judge": sj.judge("gpt-4.1-mini", { api: "chat", stream: true }),
  };
});
afterAll(() => sj.close());

const reset = () => judgeContext("reset-password", RESET_INPUT, judges);
const triage = () => judgeContext("refund-late", TRIAGE_INPUT, judges);
const rubric = { type: "rubric", judge: "judge", rubric: "The answer explains how to reset the password." };

describe("rubric", () => {
  it("scores the expected answer 1 and records the judge's tokens and cost apart from the arm's", async () => {
    const s = await grade(textOutput(RESET_ANSWER), rubric, reset());
    expect(s).toMatchObject({ value: 1, pass: true, type: "rubric" });
    expect(s.reason).toMatch(/^rubric score 1 \(judge judge, prompt rubric\.v1\): Simulated judge: /);
    const price = lookupModel("gpt-4.1-mini")!.pricing!;
    const cost = s.judgeCost!;
    expect(cost.inputTokens).toBeGreaterThan(200);
    expect(cost.outputTokens).toBeGreaterThan(10);
    expect(cost.usd).toBeCloseTo((cost.inputTokens * price.input + cost.outputTokens * price.output) / 1e6, 12);
  });

  it("scores an unrelated answer 0 and a partial one below the default threshold 0.5", async () => {
    const none = await grade(textOutput("Our office hours are nine to five on weekdays."), rubric, reset());
    expect(none).toMatchObject({ value: 0, pass: false });
    // word-sequence F1 with the 13-word answer: a 2-word common subsequence → 2·2/15 = 0.27
    const partial = await grade(textOutput("Open Settings."), rubric, reset());
    expect(partial).toMatchObject({ value: 0.27, pass: false });
    expect(partial.reason).toContain("[0.27 < threshold 0.5]");
  });

  it("judges the value at `path`: a faithful summary scores high, a wrong one low", async () => {
    const spec = { type: "rubric", judge: "judge", rubric: "The summary is faithful to the ticket.", path: "$.summary" };
    const good = await grade(jsonOutput(TRIAGE_ANSWER), spec, triage());
    const bad = await grade(jsonOutput({ team: "billing", summary: "Customer wants to change the delivery address." }), spec, triage());
    expect(good.value).toBe(1);
    expect(bad.value).toBeLessThan(0.3);
    expect(good.grader).toBe("rubric $.summary");
  });

  it("fails without a judge call when the path is missing from the output", async () => {
    const before = sj.sim.requestCount();
    const s = await grade(jsonOutput({ team: "billing" }), { ...rubric, path: "$.summary" }, triage());
    expect(s).toMatchObject({ value: 0, pass: false, reason: "$.summary is missing" });
    expect(sj.sim.requestCount()).toBe(before);
  });

  it("works the same through a streamed Chat Completions judge", async () => {
    const s = await grade(textOutput(RESET_ANSWER), { ...rubric, judge: "chat-judge" }, reset());
    expect(s.value).toBe(1);
    expect(s.judgeCost!.inputTokens).toBeGreaterThan(200);
  });
});

describe("label", () => {
  const spec = { type: "label", judge: "judge", labels: ["billing", "shipping", "account"], passing: ["billing"], criteria: "Which team should handle it?" };

  it("passes when the judge's label (the one the output names) is passing", async () => {
    const s = await grade(jsonOutput(TRIAGE_ANSWER), { ...spec, path: "$.team" }, triage());
    expect(s).toMatchObject({ value: 1, pass: true });
    expect(s.reason).toMatch(/^label billing is passing \(judge judge, prompt label\.v1\)/);
  });

  it("fails when the label is not passing", async () => {
    const s = await grade(jsonOutput({ ...TRIAGE_ANSWER, team: "shipping" }), { ...spec, path: "$.team" }, triage());
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.reason).toContain("label shipping is not passing (passing: billing)");
  });

  it("grades correct/incorrect labels by closeness to the case's answer (best label listed first)", async () => {
    const cq = { type: "label", judge: "judge", labels: ["accurate", "inaccurate"], passing: ["accurate"] };
    expect((await grade(textOutput(RESET_ANSWER), cq, reset())).pass).toBe(true);
    expect((await grade(textOutput("Please call our store."), cq, reset())).pass).toBe(false);
  });
});

describe("score", () => {
  const spec = { type: "score", judge: "judge", criteria: "Helpfulness of the instructions", min: 1, max: 5 };

  it("scales the judge's number in the declared range to 0..1", async () => {
    const s = await grade(textOutput(RESET_ANSWER), spec, reset());
    expect(s).toMatchObject({ value: 1, pass: true });
    expect(s.reason).toMatch(/^score 5 of 1\.\.5/);
  });

  it("gives a partial answer a middle score: 'Open Settings and choose Security.' scores 3 of 1..5", async () => {
    // word-sequence F1 with the 13-word answer: a 4-word common subsequence → 2·4/18 = 0.44 → 1 + 0.44·4 = 2.8, rounded to 3
    const s = await grade(textOutput("Open Settings and choose Security."), spec, reset());
    expect(s.value).toBe(0.5);
    expect(s.reason).toContain("score 3 of 1..5");
  });
});

describe("factuality", () => {
  const spec = { type: "factuality", judge: "judge", reference: "Paris is the capital of France." };
  const ctx = () => judgeContext("geo", "What is the capital of France?", judges);

  it.each([
    ["Paris is the capital of France.", "C", 1],
    ["Paris.", "A", 0.4],
    ["Paris is the capital of France, on the Seine.", "B", 0.6],
    ["Lyon is the capital of France.", "D", 0],
  ])("'%s' is choice %s, scored %s as autoevals does", async (text, choice, value) => {
    const s = await grade(textOutput(text), spec, ctx());
    expect(s.value).toBe(value);
    expect(s.reason).toMatch(new RegExp(`^factuality ${choice}: `));
  });
});

describe("closed-qa", () => {
  const spec = { type: "closed-qa", judge: "judge", criteria: "It tells the user how to reset the password." };

  it("passes when the judge answers Y and fails on N", async () => {
    expect(await grade(textOutput(RESET_ANSWER), spec, reset())).toMatchObject({ value: 1, pass: true });
    const no = await grade(textOutput("We are closed on Sundays."), spec, reset());
    expect(no).toMatchObject({ value: 0, pass: false });
    expect(no.reason).toMatch(/^does not meet the criteria/);
  });

  it("sends the case's input to the judge", async () => {
    const seen: string[] = [];
    const spy: JudgeProvider = { ...judges.judge!, generate: (req, signal) => (seen.push(String(req.messages[0]!.content)), judges.judge!.generate(req, signal)) };
    await grade(textOutput(RESET_ANSWER), spec, judgeContext("reset-password", RESET_INPUT, { judge: spy }));
    expect(seen[0]).toContain(`<input>\n${RESET_INPUT}\n</input>`);
    expect(seen[0]).toContain(`<criteria>\n${spec.criteria}\n</criteria>`);
  });
});
