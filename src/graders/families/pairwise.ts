import { z } from "zod";
import type { Output } from "../../core/index.js";
import { addJudgeCosts, callJudge, renderJudgePrompt, resolveJudgePrompt, type JudgeCost, type JudgePrompt } from "../judge/index.js";
import { defineGraderFamily } from "../registry.js";
import { truncate } from "../show.js";
import type { GradeInput, GraderValue } from "../types.js";
import { maskOutput } from "./agreement.js";
import { judgedText } from "./model-graded.js";

/**
 * pairwise (docs/graders.md "pairwise", docs/verdict.md `pairwise`): a judge compares the
 * output with the case's recorded reply, twice — the recording as answer A, then as answer B
 * — so a judge that favours a position cancels out. Win (1) when both orders prefer the
 * output, loss (0) when both prefer the recording, tie (0.5) otherwise: a tie in both, or
 * orders that disagree. Unscored without a recording (the recorded arm itself, a case without
 * one), and when either call is a judge error.
 */

/** The judge's verdict: which of the two answers it read is better. */
type Winner = "A" | "B" | "tie";
const WINNERS: readonly Winner[] = ["A", "B", "tie"];

/** One order's outcome for the candidate. */
type Preference = "candidate" | "recording" | "tie";

const SCHEMA_NAME = "evalgate_judge_pairwise";
const REASONING_SHOWN = 200;

defineGraderFamily({
  type: "pairwise",
  description: "a judge compares the output with the case's recorded reply in both orders: win 1, tie (or orders disagreeing) 0.5, loss 0",
  kind: "metric",
  defaultThreshold: 0.5,
  options: {
    judge: z.string().min(1),
    prompt: z.string().min(1).optional(),
  },
  grade: async (input) => gradePairwise(input),
});

export async function gradePairwise(input: GradeInput): Promise<GraderValue> {
  const { recorded, spec } = input;
  if (!recorded) return { value: null, reason: "no recorded reply to compare with (the recorded arm itself, or a case without one)" };
  const mine = input.redact ? maskOutput(input.output, input.redact) : input.output;
  const candidate = plainText(mine);
  const recording = plainText(recorded);
  const prompt = resolveJudgePrompt("pairwise", spec.prompt as string | undefined, input.suiteDir);
  const judgeId = spec.judge as string;
  const [first, second] = await Promise.all([askJudge(input, judgeId, prompt, recording, candidate), askJudge(input, judgeId, prompt, candidate, recording)]);
  if (!first.ok || !second.ok) return judgeFailure(first, second);
  // Order 1 put the recording first (A), order 2 put the candidate first.
  const one = preference(first.verdict, "B");
  const two = preference(second.verdict, "A");
  const outcome = one === two ? one : "tie";
  const value = outcome === "candidate" ? 1 : outcome === "recording" ? 0 : 0.5;
  const word = outcome === "candidate" ? "win" : outcome === "recording" ? "loss" : "tie";
  const orders = `recording first: ${describe(one)}; output first: ${describe(two)}`;
  const reasoning = second.reasoning || first.reasoning;
  return {
    value,
    reason: `${word} against the recording (${orders}; judge ${judgeId}, prompt ${prompt.id})${reasoning ? `: ${truncate(reasoning, REASONING_SHOWN)}` : ""}`,
    judgeCost: addJudgeCosts(first.judgeCost, second.judgeCost),
  };
}

function askJudge(input: GradeInput, judgeId: string, prompt: JudgePrompt, a: string, b: string) {
  const text = renderJudgePrompt(prompt, { input: input.input ?? "(the input was not given to the judge)", answer_a: a, answer_b: b }, ["answer_a", "answer_b"]);
  return callJudge<Winner>(input, {
    judgeId,
    prompt: text,
    schemaName: SCHEMA_NAME,
    schema: {
      type: "object",
      properties: { reasoning: { type: "string" }, winner: { type: "string", enum: [...WINNERS] } },
      required: ["reasoning", "winner"],
      additionalProperties: false,
    },
    check: (reply) => {
      const w = reply.winner;
      return typeof w === "string" && (WINNERS as readonly string[]).includes(w) ? { ok: true, verdict: w as Winner } : { ok: false, reason: `winner ${JSON.stringify(w)} is not one of A, B, tie` };
    },
  });
}

/** What a judge reads of an output: its text, a refusal or its tool calls in words. */
function plainText(output: Output): string {
  const t = judgedText(output, undefined);
  return t.ok ? t.text : "(empty output)";
}

function preference(winner: Winner, candidateIs: "A" | "B"): Preference {
  if (winner === "tie") return "tie";
  return winner === candidateIs ? "candidate" : "recording";
}

function describe(p: Preference): string {
  return p === "candidate" ? "the output is better" : p === "recording" ? "the recording is better" : "a tie";
}

type Asked = Awaited<ReturnType<typeof askJudge>>;

/** Either order's judge error leaves the case unscored; the tokens both calls spent are kept. */
function judgeFailure(first: Asked, second: Asked): GraderValue {
  const error = (!first.ok ? first.error : !second.ok ? second.error : null)!;
  const costs = [first, second].map((r) => (r.ok ? r.judgeCost : r.error.judgeCost)).filter((c): c is JudgeCost => c !== undefined);
  const judgeCost = costs.length ? costs.reduce(addJudgeCosts) : undefined;
  return { ...error, ...(judgeCost ? { judgeCost } : {}) };
}
