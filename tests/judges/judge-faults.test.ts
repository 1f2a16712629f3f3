import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeAttempt, summarizeJudgeCosts, type JudgeProvider } from "../../src/graders/index.js";
import type { GraderSpec } from "../../src/core/index.js";
import { grade, judgeContext, RESET_ANSWER, RESET_INPUT, startSimJudges, textOutput, type SimJudges } from "./sim-judges.js";

let sj: SimJudges;
let judges: Record<string, JudgeProvider>;

beforeAll(async () => {
  sj = await startSimJudges();
  judges = {
    invalid: sj.judge("judge-invalid-json"),
    refusing: sj.judge("judge-refusal"),
    wild: sj.judge("judge-out-of-range"),
    down: sj.judge("judge-down"),
    good: sj.judge("gpt-4.1-mini"),
    embed: sj.judge("text-embedding-3-small", { api: "embeddings" }),
  };
});
afterAll(() => sj.close());

const ctx = () => judgeContext("reset-password", RESET_INPUT, judges);
const families: Array<Record<string, unknown> & { type: string }> = [
  { type: "rubric", rubric: "Explains the reset." },
  { type: "label", labels: ["accurate", "inaccurate"], passing: ["accurate"] },
  { type: "score", criteria: "Helpfulness", min: 1, max: 10 },
  { type: "factuality", reference: RESET_ANSWER },
  { type: "closed-qa", criteria: "Explains the reset." },
];

describe.each(families)("$type with a faulty judge", (family) => {
  it("an invalid JSON reply is a judge error: unscored, neither pass nor fail, tokens kept", async () => {
    const s = await grade(textOutput(RESET_ANSWER), { ...family, judge: "invalid" }, ctx());
    expect(s.value).toBeNull();
    expect(s.pass).toBe(true);
    expect(s.reason).toMatch(/^unscored: judge error: judge 'invalid' reply is not valid JSON: '\{"reasoning":/);
    expect(s.judgeCost!.inputTokens).toBeGreaterThan(100);
    expect(s.judgeCost!.usd).toBeNull(); // no price for this simulated model: unknown, not zero
  });

  it("a refusal is a judge error", async () => {
    const s = await grade(textOutput(RESET_ANSWER), { ...family, judge: "refusing" }, ctx());
    expect(s).toMatchObject({ value: null, pass: true });
    expect(s.reason).toBe("unscored: judge error: judge 'refusing' refused: 'I'm sorry, but I can't help with that request.'");
  });

  it("a verdict out of the declared range is a judge error", async () => {
    const s = await grade(textOutput(RESET_ANSWER), { ...family, judge: "wild" }, ctx());
    expect(s).toMatchObject({ value: null, pass: true });
    expect(s.reason).toMatch(/^unscored: judge error: judge 'wild' (score \d+(\.\d+)? is outside|label unsure is not one of|choice F is not one of|answer maybe is not Y or N)/);
  });

  it("a call that fails after its retries is a judge error, with nothing billed", async () => {
    const s = await grade(textOutput(RESET_ANSWER), { ...family, judge: "down" }, ctx());
    expect(s).toMatchObject({ value: null, pass: true });
    expect(s.reason).toMatch(/^unscored: judge error: judge 'down' call failed: judge call failed after 2 tries: server_error/);
    expect(s.judgeCost).toBeUndefined();
  });
});

describe("judge resolution", () => {
  it("a judge id the suite does not declare is a judge error naming it", async () => {
    const s = await grade(textOutput("x"), { type: "rubric", rubric: "r", judge: "nope" }, ctx());
    expect(s).toMatchObject({ value: null, pass: true });
    expect(s.reason).toContain("judge error: no judge 'nope': add it to the suite's judges:");
  });

  it("an embeddings judge cannot grade a rubric, and a chat judge cannot embed", async () => {
    const a = await grade(textOutput("x"), { type: "rubric", rubric: "r", judge: "embed" }, ctx());
    expect(a.reason).toContain("judge 'embed' is an embeddings judge: it cannot grade with a prompt");
    const b = await grade(textOutput("x"), { type: "cosine", value: "x", judge: "good" }, ctx());
    expect(b.reason).toContain("judge 'good' is not an embeddings judge (api: responses)");
  });
});

describe("counting judge errors", () => {
  it("an attempt's score leaves judge errors out, and the totals count them with the judge cost", async () => {
    const specs = [
      { type: "rubric", rubric: "Explains the reset.", judge: "good" },
      { type: "closed-qa", criteria: "Explains the reset.", judge: "invalid" },
      { type: "contains", value: "Settings" },
    ] as unknown as GraderSpec[];
    const graded = await gradeAttempt(textOutput(RESET_ANSWER), specs, ctx());
    expect(graded.score).toBe(1);
    expect(graded.pass).toBe(true);
    const totals = summarizeJudgeCosts(graded.scores);
    const [rubric, closed] = graded.scores;
    expect(totals).toEqual({
      calls: 2,
      errors: 1,
      usd: rubric!.judgeCost!.usd,
      unpriced: 1,
      inputTokens: rubric!.judgeCost!.inputTokens + closed!.judgeCost!.inputTokens,
      outputTokens: rubric!.judgeCost!.outputTokens + closed!.judgeCost!.outputTokens,
    });
  });
});
