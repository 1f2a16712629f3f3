import type { GenerateRequest, Output } from "../../core/index.js";
import { quoted } from "../show.js";
import type { GradeContext, GraderValue, JudgeProvider } from "../types.js";
import { JUDGE_ERROR, judgeCostOf, judgePricingOf, type JudgeCost } from "./judge-cost.js";

/** What a family reads from the judge's JSON: its verdict, or why the reply is unusable. */
export type ReplyCheck<T> = { ok: true; verdict: T } | { ok: false; reason: string };

export interface JudgeCall<T> {
  judgeId: string;
  /** The rendered prompt (one user message). */
  prompt: string;
  /** Named `evalgate_judge_<family>`: the simulator recognizes judge requests by it. */
  schemaName: string;
  /** A strict JSON Schema (every key required, no extra keys). */
  schema: Record<string, unknown>;
  check(reply: Record<string, unknown>): ReplyCheck<T>;
}

export type JudgeResult<T> = { ok: true; verdict: T; reasoning: string; judgeCost: JudgeCost } | { ok: false; error: GraderValue };

/** A judge error: unscored (null), never a pass or a fail; its cost is kept when tokens were spent. */
export function judgeError(message: string, judgeCost?: JudgeCost): { ok: false; error: GraderValue } {
  return { ok: false, error: { value: null, reason: `${JUDGE_ERROR} ${message}`, ...(judgeCost ? { judgeCost } : {}) } };
}

/** The judge a grader names, or why there is none. */
export function resolveJudge(ctx: GradeContext, judgeId: string, want: "generate" | "embed"): JudgeProvider | string {
  const judge = ctx.judge?.(judgeId);
  if (!judge) return `no judge '${judgeId}': add it to the suite's judges: (and run through evalgate run, which wires judges)`;
  if (want === "embed" && (judge.api !== "embeddings" || !judge.embed)) return `judge '${judgeId}' is not an embeddings judge (api: ${judge.api})`;
  if (want === "generate" && judge.api === "embeddings") return `judge '${judgeId}' is an embeddings judge: it cannot grade with a prompt`;
  return judge;
}

/**
 * Sends one judge request (structured output under a strict schema), validates the reply
 * and prices it. Every failure — the call, a refusal, a cut or non-JSON reply, a verdict
 * the check rejects — is a judge error, with the tokens it spent.
 */
export async function callJudge<T>(ctx: GradeContext, call: JudgeCall<T>): Promise<JudgeResult<T>> {
  const judge = resolveJudge(ctx, call.judgeId, "generate");
  if (typeof judge === "string") return judgeError(judge);
  let output: Output;
  try {
    output = await judge.generate(judgeRequest(judge, ctx, call), ctx.signal);
  } catch (e) {
    return judgeError(`judge '${call.judgeId}' call failed: ${(e as Error).message ?? String(e)}`);
  }
  const judgeCost = judgeCostOf(output.usage, judgePricingOf(judge, output));
  const reply = readReply(output);
  if (!reply.ok) return judgeError(`judge '${call.judgeId}' ${reply.reason}`, judgeCost);
  const checked = call.check(reply.json);
  if (!checked.ok) return judgeError(`judge '${call.judgeId}' ${checked.reason}`, judgeCost);
  return { ok: true, verdict: checked.verdict, reasoning: reasoningOf(reply.json), judgeCost };
}

export function judgeRequest(judge: JudgeProvider, ctx: GradeContext, call: JudgeCall<unknown>): GenerateRequest {
  return {
    api: judge.api === "embeddings" ? "responses" : judge.api,
    model: judge.model,
    messages: [{ role: "user", content: call.prompt }],
    output: { name: call.schemaName, schema: call.schema, strict: true },
    params: judge.params ?? {},
    attempt: ctx.attempt ?? `${ctx.caseId}/0`,
    stream: judge.stream ?? false,
  };
}

function readReply(output: Output): { ok: true; json: Record<string, unknown> } | { ok: false; reason: string } {
  if (output.refusal !== null) return { ok: false, reason: `refused: ${quoted(output.refusal, 120)}` };
  if (output.finish === "length") return { ok: false, reason: "reply was cut at its output limit (raise the judge's max_output_tokens)" };
  let json = output.json;
  if (json === undefined) {
    try {
      json = JSON.parse(output.text);
    } catch {
      return { ok: false, reason: `reply is not valid JSON: ${quoted(output.text, 120)}` };
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, reason: `reply is not a JSON object: ${quoted(output.text, 120)}` };
  }
  return { ok: true, json: json as Record<string, unknown> };
}

/** The judge's `reasoning` field, if it is a string. */
export function reasoningOf(reply: Record<string, unknown>): string {
  return typeof reply.reasoning === "string" ? reply.reasoning.trim() : "";
}
