import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../src/core/index.js";
import { budgetedJudge, cachedJudge, createJudgeBudget, type JudgeProvider } from "../../src/graders/index.js";
import { renderChatRequest, renderResponsesRequest } from "../../src/providers/index.js";
import { specErrors } from "../helpers/openapi.js";
import { grade, judgeContext, RESET_ANSWER, RESET_INPUT, startSimJudges, textOutput, type SimJudges } from "./sim-judges.js";

let sj: SimJudges;
let judge: JudgeProvider;
beforeAll(async () => {
  sj = await startSimJudges();
  judge = sj.judge("gpt-4.1-mini");
});
afterAll(() => sj.close());

const rubric = { type: "rubric", judge: "j", rubric: "Explains the reset." };
const ctxWith = (j: JudgeProvider, extra = {}) => judgeContext("reset-password", RESET_INPUT, { j }, extra);

function recording(inner: JudgeProvider): { judge: JudgeProvider; requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  return { requests, judge: { ...inner, generate: (r, s) => (requests.push(r), inner.generate(r, s)) } };
}

describe("the judge request", () => {
  it("asks the judge's model for strict structured output named evalgate_judge_<type>, tagged with the attempt", async () => {
    const rec = recording({ ...judge, params: { temperature: 0, max_output_tokens: 400 } });
    await grade(textOutput(RESET_ANSWER), { type: "closed-qa", judge: "j", criteria: "c" }, ctxWith(rec.judge, { attempt: "reset-password/2" }));
    const req = rec.requests[0]!;
    expect(req).toMatchObject({ api: "responses", model: "gpt-4.1-mini", attempt: "reset-password/2", stream: false, params: { temperature: 0, max_output_tokens: 400 } });
    expect(req.output).toEqual({
      name: "evalgate_judge_closed_qa",
      strict: true,
      schema: {
        type: "object",
        properties: { reasoning: { type: "string" }, answer: { type: "string", enum: ["Y", "N"] } },
        required: ["reasoning", "answer"],
        additionalProperties: false,
      },
    });
  });

  it("lets the simulator find the case from the input section when the attempt tag names no case", async () => {
    const s = await grade(textOutput(RESET_ANSWER), rubric, judgeContext("not-in-index", RESET_INPUT, { j: judge }, { attempt: "not-in-index/0" }));
    expect(s.value).toBe(1);
  });
});

describe("judge prompts", () => {
  it("a grader may pin a built-in version, give its template inline, or read it from a file beside the suite", async () => {
    const rec = recording(judge);
    const dir = mkdtempSync(join(tmpdir(), "evalgate-judge-"));
    writeFileSync(join(dir, "strict.md"), "<!-- mine -->\nBe strict.\n<output>\n[[output]]\n</output>\nRubric: [[rubric]]\n");
    const pinned = await grade(textOutput(RESET_ANSWER), { ...rubric, prompt: "rubric.v1" }, ctxWith(rec.judge));
    const inline = await grade(textOutput(RESET_ANSWER), { ...rubric, prompt: "Grade <output>\n[[output]]\n</output> on [[rubric]]" }, ctxWith(rec.judge));
    const file = await grade(textOutput(RESET_ANSWER), { ...rubric, prompt: "file://strict.md" }, ctxWith(rec.judge, { suiteDir: dir }));
    expect(pinned.reason).toContain("prompt rubric.v1)");
    expect(inline.reason).toContain("prompt inline)");
    expect(file.reason).toContain("prompt file://strict.md)");
    expect(rec.requests[1]!.messages[0]!.content).toBe(`Grade <output>\n${RESET_ANSWER}\n</output> on Explains the reset.`);
    expect(rec.requests[2]!.messages[0]!.content).toBe(`Be strict.\n<output>\n${RESET_ANSWER}\n</output>\nRubric: Explains the reset.`);
    expect(String(rec.requests[0]!.messages[0]!.content)).not.toContain("<!--");
    expect([inline.value, file.value, pinned.value]).toEqual([1, 1, 1]);
  });

  it("a prompt without [[output]], with an unknown placeholder, or an unknown version fails the grader with the reason", async () => {
    const cases: Array<[string, string]> = [
      ["Judge this.", "has no [[output]] placeholder"],
      ["[[output]] vs [[expected]]", "unknown placeholder(s) [[expected]]"],
      ["rubric.v9", "no built-in judge prompt 'rubric.v9'"],
    ];
    for (const [prompt, why] of cases) {
      const s = await grade(textOutput("x"), { ...rubric, prompt }, ctxWith(judge));
      expect(s).toMatchObject({ value: 0, pass: false });
      expect(s.reason).toContain(why);
    }
  });
});

describe("cache and budget", () => {
  it("a cached judge serves a repeated verdict without a call, and offline a miss is a judge error", async () => {
    const entries = new Map<string, unknown>();
    const cache = { get: async (k: string) => entries.get(k), put: async (k: string, v: unknown) => void entries.set(k, v) };
    const cached = cachedJudge(judge, cache, { read: true, write: true });
    const first = await grade(textOutput(RESET_ANSWER), rubric, ctxWith(cached, { attempt: "reset-password/0" }));
    const sent = sj.sim.requestCount();
    const again = await grade(textOutput(RESET_ANSWER), rubric, ctxWith(cached, { attempt: "reset-password/1" }));
    expect(sj.sim.requestCount()).toBe(sent);
    expect(again).toEqual(first);
    const offline = cachedJudge(judge, cache, { read: true, write: false, offline: true });
    const miss = await grade(textOutput("something else"), rubric, ctxWith(offline));
    expect(miss).toMatchObject({ value: null, pass: true });
    expect(miss.reason).toContain("offline and the judge call is not in the cache");
  });

  it("a budgeted judge stops calling once the budget is spent: later verdicts are judge errors", async () => {
    const budget = createJudgeBudget(0.0001);
    const capped = budgetedJudge(judge, budget);
    const scores = [];
    for (let i = 0; i < 4; i++) scores.push(await grade(textOutput(`${RESET_ANSWER} (${i})`), rubric, ctxWith(capped)));
    const spentPerCall = scores[0]!.judgeCost!.usd!;
    const paid = Math.ceil(0.0001 / spentPerCall);
    expect(paid).toBeLessThan(4);
    expect(scores.slice(0, paid).every((s) => s.value !== null)).toBe(true);
    expect(scores.slice(paid).every((s) => s.value === null && s.reason.includes("budget_exceeded: budget of $0.000100 spent"))).toBe(true);
    expect(budget.spent()).toBeCloseTo(scores.slice(0, paid).reduce((a, s) => a + s.judgeCost!.usd!, 0), 12);
  });
});

describe("option checks before the call", () => {
  it("a label grader whose passing labels are not among its labels fails without a judge call", async () => {
    const before = sj.sim.requestCount();
    const s = await grade(textOutput("x"), { type: "label", judge: "j", labels: ["good", "bad"], passing: ["great"] }, ctxWith(judge));
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.reason).toContain("passing label(s) great are not in labels (good, bad)");
    expect(sj.sim.requestCount()).toBe(before);
  });

  it("a score grader whose max is not above its min fails without a judge call", async () => {
    const before = sj.sim.requestCount();
    const s = await grade(textOutput("x"), { type: "score", judge: "j", criteria: "c", min: 5, max: 5 }, ctxWith(judge));
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.reason).toContain("max (5) must be greater than min (5)");
    expect(sj.sim.requestCount()).toBe(before);
  });
});

describe("judge requests on the wire", () => {
  it.each(["rubric", "label", "score", "factuality", "closed-qa"])("a %s judge request is a valid CreateResponse and CreateChatCompletionRequest", async (type) => {
    const specs: Record<string, Record<string, unknown>> = {
      rubric: { rubric: "r" },
      label: { labels: ["a", "b"], passing: ["a"] },
      score: { criteria: "c", min: 1, max: 10 },
      factuality: { reference: "ref" },
      "closed-qa": { criteria: "c" },
    };
    const rec = recording(judge);
    await grade(textOutput(RESET_ANSWER), { type, judge: "j", ...specs[type] }, ctxWith(rec.judge));
    const req = rec.requests[0]!;
    expect(specErrors("CreateResponse", renderResponsesRequest(req))).toEqual([]);
    expect(specErrors("CreateChatCompletionRequest", renderChatRequest({ ...req, api: "chat" }))).toEqual([]);
  });
});
