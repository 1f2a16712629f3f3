import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../core/index.js";
import { context, jsonOutput, makeOutput, spec } from "../fixtures/make-output.js";
import { gradeAttempt } from "../grade-attempt.js";
import type { JudgeProvider } from "../types.js";
import "./index.js";

/** A judge that answers with `pick(answerA, answerB)`, reading the two sections of the prompt it is sent. */
function judgeThat(pick: (a: string, b: string) => string, seen: GenerateRequest[] = []): JudgeProvider {
  return {
    api: "responses",
    model: "gpt-4.1-mini",
    pricing: { input: 1, cached_input: null, output: 1, source: "test", asOf: "2026-12" },
    async generate(request) {
      seen.push(request);
      const text = String(request.messages[0]!.content);
      const a = /<answer_a>\n([\s\S]*?)\n<\/answer_a>/.exec(text)![1]!;
      const b = /<answer_b>\n([\s\S]*?)\n<\/answer_b>/.exec(text)![1]!;
      const winner = pick(a, b);
      return winner === "fail" ? makeOutput({ text: "not json" }) : jsonOutput({ reasoning: `picked ${winner}`, winner });
    },
  };
}

const recorded = makeOutput({ text: "Refunds take 5 days." });
const graders = [spec({ type: "pairwise", judge: "j" })];
const grade = (output: string, judge: JudgeProvider, withRecording = true) =>
  gradeAttempt(makeOutput({ text: output }), graders, context({ judge: () => judge, input: "How long do refunds take?", attempt: "refund-late/0", ...(withRecording ? { recorded } : {}) }));

describe("the pairwise grader", () => {
  it("asks in both orders, the recording first, then the output first, with the attempt's tag", async () => {
    const seen: GenerateRequest[] = [];
    const g = await grade("Refunds take 3 days.", judgeThat(() => "tie", seen));
    expect(seen).toHaveLength(2);
    const texts = seen.map((r) => String(r.messages[0]!.content));
    expect(texts[0]).toMatch(/<answer_a>\nRefunds take 5 days\.\n<\/answer_a>[\s\S]*<answer_b>\nRefunds take 3 days\./);
    expect(texts[1]).toMatch(/<answer_a>\nRefunds take 3 days\.\n<\/answer_a>[\s\S]*<answer_b>\nRefunds take 5 days\./);
    expect(seen.every((r) => r.output?.name === "evalgate_judge_pairwise" && r.attempt === "refund-late/0")).toBe(true);
    expect(g.scores[0]).toMatchObject({ value: 0.5, pass: true });
    expect(g.scores[0]!.reason).toMatch(/^tie against the recording \(recording first: a tie; output first: a tie; judge j, prompt pairwise\.v1\)/);
  });

  it("scores a win when both orders prefer the output, a loss when both prefer the recording", async () => {
    const better = (a: string, b: string) => (a.includes("3 days") ? "A" : b.includes("3 days") ? "B" : "tie");
    const win = await grade("Refunds take 3 days.", judgeThat(better));
    expect(win.scores[0]).toMatchObject({ value: 1, pass: true });
    const worse = (a: string, b: string) => (a.includes("5 days") ? "A" : b.includes("5 days") ? "B" : "tie");
    const loss = await grade("Refunds take 3 days.", judgeThat(worse));
    expect(loss.scores[0]).toMatchObject({ value: 0, pass: false });
    expect(loss.scores[0]!.reason).toMatch(/^loss against the recording/);
    // Both calls are priced: 2 × (412 input + 38 output tokens) at $1 per 1M.
    expect(loss.scores[0]!.judgeCost).toEqual({ usd: 0.0009, inputTokens: 824, outputTokens: 76 });
  });

  it("a judge that always prefers the first answer it reads is a tie: the orders disagree", async () => {
    const g = await grade("Refunds take 3 days.", judgeThat(() => "A"));
    expect(g.scores[0]).toMatchObject({ value: 0.5 });
    expect(g.scores[0]!.reason).toContain("recording first: the recording is better; output first: the output is better");
  });

  it("is unscored without a recording, and on a judge error in either order", async () => {
    const none = await grade("x", judgeThat(() => "A"), false);
    expect(none.scores[0]!.value).toBeNull();
    let calls = 0;
    const flaky = await grade("x", judgeThat(() => (++calls === 2 ? "fail" : "A")));
    expect(flaky.scores[0]!.value).toBeNull();
    expect(flaky.scores[0]!.reason).toContain("judge error: judge 'j' reply is not valid JSON");
    // The call that answered is still counted in what the judge cost.
    expect(flaky.scores[0]!.judgeCost?.inputTokens).toBe(824);
  });
});
