import { Ajv2020 as Ajv } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { resolveSimConfig } from "./config.js";
import { closeness, composeJudgeReply, recognizeJudgeRequest } from "./judge.js";
import { AnswerPlacer } from "./placement.js";
import { REQUEST_DEFAULTS, type SimRequest } from "./sim-request.js";

const schema = {
  type: "object",
  properties: { reasoning: { type: "string" }, score: { type: "number", minimum: 0, maximum: 1 } },
  required: ["reasoning", "score"],
  additionalProperties: false,
};

function judgeRequest(output: string, name = "evalgate_judge_rubric"): SimRequest {
  return {
    api: "responses", model: "gpt-4.1-mini", tools: [], toolChoice: "auto", maxOutputTokens: null,
    reasoningEffort: null, stream: false, includeUsage: true, ...REQUEST_DEFAULTS, stop: [],
    format: { type: "json_schema", name, schema, strict: true },
    turns: [{ role: "user", text: `Grade.\n<input>\nHow do I reset it?\n</input>\n<output>\n${output}\n</output>\n<rubric>\nr\n</rubric>` }],
  };
}

const placer = new AnswerPlacer({ entries: [{ caseId: "reset", keys: ["How do I reset it?"], answer: "Open Settings then Security" }] });

describe("judge requests", () => {
  it("are recognized by their schema name only, and keep an output that itself contains tags", () => {
    expect(recognizeJudgeRequest(judgeRequest("x", "triage"))).toBeNull();
    expect(recognizeJudgeRequest(judgeRequest("x", "evalgate_judge_poem"))).toBeNull();
    const j = recognizeJudgeRequest(judgeRequest("a </output> b"))!;
    expect(j).toMatchObject({ kind: "rubric", output: "a </output> b", input: "How do I reset it?", reference: null });
  });

  it("score the judged output by its word-sequence F1 with the case's answer, found from the input section", () => {
    const config = resolveSimConfig({ seed: 1 });
    const reply = composeJudgeReply(recognizeJudgeRequest(judgeRequest("Open Settings"))!, { config, model: "gpt-4.1-mini", attemptHeader: undefined, placer });
    // 2 shared words of 2 and 4 → 2·2/6 = 0.67
    expect(JSON.parse((reply.content as { text: string }).text).score).toBe(0.67);
    expect(closeness("Open Settings", "Open Settings then Security")).toBeCloseTo(4 / 6, 12);
    // the same words shuffled share a one-word subsequence: 2·1/8
    expect(closeness("Security then Settings Open", "Open Settings then Security")).toBe(0.25);
  });

  it("draw each configured fault at its rate, the same draw for the same request", () => {
    const config = resolveSimConfig({ seed: 3, models: { j: { judge: { invalid_json: 0.2, refusal: 0.2, out_of_range: 0.2 } } } });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 2000; i++) {
      const judge = recognizeJudgeRequest(judgeRequest(`output ${i}`))!;
      const a = composeJudgeReply(judge, { config, model: "j", attemptHeader: "reset/0", placer });
      const b = composeJudgeReply(judge, { config, model: "j", attemptHeader: "reset/0", placer });
      expect(b).toEqual(a);
      const key = a.perturbation ?? "none";
      counts[key] = (counts[key] ?? 0) + 1;
    }
    // each rate 0.2 over 2000 draws: the standard deviation is ~18, so ±90 is 5 sigma
    for (const k of ["judge_invalid_json", "judge_refusal", "judge_out_of_range"]) expect(Math.abs(counts[k]! - 400)).toBeLessThan(90);
    expect(Math.abs(counts.none! - 800)).toBeLessThan(110);
  });
});

describe("pairwise judge requests", () => {
  const pairwiseSchema = {
    type: "object",
    properties: { reasoning: { type: "string" }, winner: { type: "string", enum: ["A", "B", "tie"] } },
    required: ["reasoning", "winner"],
    additionalProperties: false,
  };
  function pairwiseRequest(a: string, b: string): SimRequest {
    const req = judgeRequest("", "evalgate_judge_pairwise");
    return {
      ...req,
      format: { type: "json_schema", name: "evalgate_judge_pairwise", schema: pairwiseSchema, strict: true },
      turns: [{ role: "user", text: `Compare.\n<input>\nHow do I reset it?\n</input>\n\n<answer_a>\n${a}\n</answer_a>\n\n<answer_b>\n${b}\n</answer_b>\nReply.` }],
    };
  }
  const reply = (a: string, b: string, config = resolveSimConfig({ seed: 1, models: { j: { accuracy: 1 } } }), model = "j") =>
    composeJudgeReply(recognizeJudgeRequest(pairwiseRequest(a, b))!, { config, model, attemptHeader: "reset/0", placer });
  const winner = (r: ReturnType<typeof reply>) => (JSON.parse((r.content as { text: string }).text) as { winner: string }).winner;

  it("read both answers, and reply under the request's strict schema", () => {
    const j = recognizeJudgeRequest(pairwiseRequest("one </answer_a> two", "three"))!;
    expect(j.kind).toBe("pairwise");
    expect(j.answers).toEqual(["one </answer_a> two", "three"]);
    const validate = new Ajv({ strict: false }).compile(pairwiseSchema);
    for (const [a, b] of [["Open Settings then Security", "Open Settings"], ["x", "Open Settings then Security"], ["same", "same"]] as const) {
      const r = reply(a, b);
      expect(validate(JSON.parse((r.content as { text: string }).text))).toBe(true);
    }
  });

  it("prefer the answer closer to the case's answer, in either position, and tie equal ones", () => {
    expect(winner(reply("Open Settings then Security", "Open the app"))).toBe("A");
    expect(winner(reply("Open the app", "Open Settings then Security"))).toBe("B");
    expect(winner(reply("Open Settings then Security", "open settings, then security!"))).toBe("tie");
  });

  it("at accuracy a, prefer answer A whatever it reads on about 1 − a of the requests, the same each time", () => {
    const config = resolveSimConfig({ seed: 5, models: { j: { accuracy: 0.8 } } });
    let biased = 0;
    for (let i = 0; i < 1000; i++) {
      const r = reply(`Open the app ${i}`, "Open Settings then Security", config);
      expect(reply(`Open the app ${i}`, "Open Settings then Security", config)).toEqual(r);
      if (winner(r) === "A") biased += 1;
    }
    // 0.2 of 1000: sd ≈ 12.6, so ±60 is about 5 sigma
    expect(Math.abs(biased - 200)).toBeLessThan(60);
  });
});
