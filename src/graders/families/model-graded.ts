import { z } from "zod";
import type { GraderSpec, Output } from "../../core/index.js";
import { callJudge, type ReplyCheck } from "../judge/call-judge.js";
import { renderJudgePrompt, resolveJudgePrompt } from "../judge/prompts.js";
import { jsonPathOption } from "../json-path.js";
import { defineGraderFamily } from "../registry.js";
import { truncate } from "../show.js";
import { selectSubject, subjectText } from "../subject.js";
import type { GradeInput, GraderKind, GraderValue } from "../types.js";

/** Options every model-graded family takes (docs/graders.md, "Model-graded"). */
export const modelGradedOptions = {
  /** A suite `judges:` id. */
  judge: z.string().min(1),
  /** Judge the value at this JSON path instead of the whole output. */
  path: jsonPathOption.optional(),
  /** A built-in prompt version (`rubric.v1`), a `file://` path, or the template inline. */
  prompt: z.string().min(1).optional(),
};

export interface ModelGradedDefinition<T> {
  type: string;
  description: string;
  kind: GraderKind;
  defaultThreshold?: number;
  options: z.ZodRawShape;
  /** The family's placeholders besides [[input]] and [[output]]. */
  placeholders(spec: GraderSpec): Record<string, string>;
  /** The strict JSON Schema of the verdict's own key (`reasoning` is added). */
  verdictSchema(spec: GraderSpec): { key: string; schema: Record<string, unknown> };
  check(value: unknown, spec: GraderSpec): ReplyCheck<T>;
  /** The verdict as a value in [0,1] and a reason (the judge's reasoning is appended). */
  score(verdict: T, spec: GraderSpec): Pick<GraderValue, "value" | "reason">;
}

const REASONING_SHOWN = 300;

/**
 * Registers a model-graded family: render its prompt, ask its judge for structured output
 * under a strict schema named `evalgate_judge_<type>` (the simulator recognizes judge
 * requests by that name), validate the verdict, and score it with the judge's cost apart.
 */
export function defineModelGradedFamily<T>(def: ModelGradedDefinition<T>): void {
  defineGraderFamily({
    type: def.type,
    description: def.description,
    kind: def.kind,
    ...(def.defaultThreshold === undefined ? {} : { defaultThreshold: def.defaultThreshold }),
    options: { ...modelGradedOptions, ...def.options },
    grade: (input) => gradeWithJudge(def, input),
  });
}

async function gradeWithJudge<T>(def: ModelGradedDefinition<T>, input: GradeInput): Promise<GraderValue> {
  const { spec, output } = input;
  const subject = judgedText(output, spec.path as string | undefined);
  if (!subject.ok) return { value: 0, reason: subject.reason, unchecked: true };
  const prompt = resolveJudgePrompt(def.type, spec.prompt as string | undefined, input.suiteDir);
  const text = renderJudgePrompt(prompt, {
    input: input.input ?? "(the input was not given to the judge)",
    output: subject.text,
    ...def.placeholders(spec),
  });
  const { key, schema } = def.verdictSchema(spec);
  const judgeId = spec.judge as string;
  const result = await callJudge<T>(input, {
    judgeId,
    prompt: text,
    schemaName: `evalgate_judge_${def.type.replace(/-/g, "_")}`,
    schema: {
      type: "object",
      properties: { reasoning: { type: "string" }, [key]: schema },
      required: ["reasoning", key],
      additionalProperties: false,
    },
    check: (reply) => (key in reply ? def.check(reply[key], spec) : { ok: false, reason: `reply has no '${key}'` }),
  });
  if (!result.ok) return result.error;
  const scored = def.score(result.verdict, spec);
  const reasoning = result.reasoning;
  return {
    ...scored,
    reason: `${scored.reason} (judge ${judgeId}, prompt ${prompt.id})${reasoning ? `: ${truncate(reasoning, REASONING_SHOWN)}` : ""}`,
    judgeCost: result.judgeCost,
  };
}

/** What the judge reads: the text, the value at `path`, or a plain account of a refusal or tool calls. */
export function judgedText(output: Output, path: string | undefined): { ok: true; text: string } | { ok: false; reason: string } {
  const selected = selectSubject(output, path);
  if (!selected.ok) return selected;
  if (path !== undefined) return { ok: true, text: subjectText(selected.value) };
  if (output.text.trim() !== "") return { ok: true, text: output.text };
  if (output.refusal) return { ok: true, text: `(the model refused: ${output.refusal})` };
  if (output.toolCalls.length > 0) {
    return { ok: true, text: `(tool calls) ${JSON.stringify(output.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments ?? c.rawArguments })))}` };
  }
  return { ok: true, text: "(empty output)" };
}
