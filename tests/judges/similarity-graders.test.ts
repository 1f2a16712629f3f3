import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { lookupModel } from "../../src/core/index.js";
import type { JudgeProvider } from "../../src/graders/index.js";
import { grade, judgeContext, jsonOutput, RESET_ANSWER, RESET_INPUT, startSimJudges, textOutput, type SimJudges } from "./sim-judges.js";

let sj: SimJudges;
let judges: Record<string, JudgeProvider>;
beforeAll(async () => {
  sj = await startSimJudges();
  judges = { embed: sj.judge("text-embedding-3-small", { api: "embeddings" }) };
});
afterAll(() => sj.close());
const ctx = () => judgeContext("reset-password", RESET_INPUT, judges);

describe("text similarity graders", () => {
  it("levenshtein: 'kitten' vs 'sitting' is 4/7 and fails the default threshold 0.8 (rapidfuzz: 0.5714285714285714)", async () => {
    const s = await grade(textOutput("kitten"), { type: "levenshtein", value: "sitting" }, ctx());
    expect(s.value).toBeCloseTo(0.5714285714285714, 12);
    expect(s.pass).toBe(false);
    expect(s.reason).toBe("levenshtein 0.571 against 'sitting' [0.571 < threshold 0.8]");
  });

  it("levenshtein takes the best of several references and its own threshold", async () => {
    const s = await grade(textOutput("Refund approved"), { type: "levenshtein", value: ["Refund denied", "refund approved."], threshold: 0.85 }, ctx());
    expect(s.value).toBeCloseTo(0.875, 12); // rapidfuzz normalized_similarity("Refund approved", "refund approved.")
    expect(s.pass).toBe(true);
  });

  it("rouge-l on a JSON path: Lin 2004's S2 scores 0.75", async () => {
    const s = await grade(jsonOutput({ summary: "police kill the gunman" }), { type: "rouge-l", value: "police killed the gunman", path: "$.summary" }, ctx());
    expect(s).toMatchObject({ value: 0.75, pass: true, grader: "rouge-l $.summary" });
  });

  it("bleu: Papineni's candidate 2 scores 0.067 against the three references (sacrebleu 2.6.0) and fails the default 0.3", async () => {
    const refs = [
      "It is a guide to action that ensures that the military will forever heed Party commands.",
      "It is the guiding principle which guarantees the military forces always being under the command of the Party.",
      "It is the practical guide for the army always to heed the directions of the party.",
    ];
    const s = await grade(textOutput("It is to insure the troops forever hearing the activity guidebook that party direct."), { type: "bleu", value: refs }, ctx());
    expect(s.value).toBeCloseTo(0.06699559159060897, 12);
    expect(s.pass).toBe(false);
    expect(s.reason).toContain("against 3 references");
  });

  it("a missing path fails, unchecked, even with `not`", async () => {
    const s = await grade(jsonOutput({}), { type: "bleu", value: "x", path: "$.summary", not: true }, ctx());
    expect(s).toMatchObject({ value: 0, pass: false, reason: "$.summary is missing" });
  });
});

describe("cosine over an embeddings judge", () => {
  it("scores the same text 1 and prices the embedded tokens (cl100k) as the judge's cost", async () => {
    const s = await grade(textOutput(RESET_ANSWER), { type: "cosine", value: RESET_ANSWER, judge: "embed" }, ctx());
    expect(s.value).toBeCloseTo(1, 6);
    expect(s.pass).toBe(true);
    const tokens = 2 * countTokens(RESET_ANSWER);
    const price = lookupModel("text-embedding-3-small")!.pricing!.input;
    expect(s.judgeCost).toEqual({ usd: (tokens * price) / 1e6, inputTokens: tokens, outputTokens: 0 });
  });

  it("scores a text sharing no words with the reference below the default 0.8, and one sharing most above a looser bar", async () => {
    const far = await grade(textOutput("Our office is closed on Sundays."), { type: "cosine", value: RESET_ANSWER, judge: "embed" }, ctx());
    expect(far.value).toBeLessThan(0.3);
    expect(far.pass).toBe(false);
    const near = await grade(textOutput("Open Settings, choose Security, then select Reset password."), { type: "cosine", value: RESET_ANSWER, judge: "embed", threshold: 0.6 }, ctx());
    expect(near.value).toBeGreaterThan(far.value! + 0.3);
    expect(near.pass).toBe(true);
  });
});
