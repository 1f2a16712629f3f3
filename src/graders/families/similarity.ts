import { z } from "zod";
import type { GraderSpec, Output } from "../../core/index.js";
import { judgeError, resolveJudge } from "../judge/call-judge.js";
import { embeddingCostOf, embeddingTokens } from "../judge/judge-cost.js";
import { jsonPathOption } from "../json-path.js";
import { defineGraderFamily } from "../registry.js";
import { quoted } from "../show.js";
import { selectSubject, subjectText } from "../subject.js";
import type { GradeInput, GraderValue } from "../types.js";
import { cosineSimilarity, levenshteinSimilarity, rougeL, sentenceBleu } from "./similarity-metrics.js";
import { scalarText } from "./text-check.js";

/** The reference text(s): `value: "{{expected}}"` or a list (the best match counts; BLEU uses all). */
const referenceOption = z.union([scalarText, z.array(scalarText).min(1)]);

type Subject = { ok: true; text: string; refs: string[] } | { ok: false; value: GraderValue };

function subjectAndRefs(output: Output, spec: GraderSpec): Subject {
  const selected = selectSubject(output, spec.path as string | undefined);
  if (!selected.ok) return { ok: false, value: { value: 0, reason: selected.reason, unchecked: true } };
  const refs = (Array.isArray(spec.value) ? spec.value : [spec.value]).map(String);
  return { ok: true, text: subjectText(selected.value), refs };
}

/** A text metric against one or more references: the best reference's value. */
function defineTextSimilarity(type: string, description: string, defaultThreshold: number, metric: (text: string, refs: string[]) => { value: number; against: string }): void {
  defineGraderFamily({
    type,
    description,
    kind: "metric",
    defaultThreshold,
    options: { value: referenceOption, path: jsonPathOption.optional() },
    grade: async ({ output, spec }) => {
      const s = subjectAndRefs(output, spec);
      if (!s.ok) return s.value;
      const { value, against } = metric(s.text, s.refs);
      return { value, reason: `${type} ${round(value)} against ${against}` };
    },
  });
}

/** The best reference's value, and that reference quoted. */
function best(text: string, refs: string[], f: (text: string, ref: string) => number): { value: number; against: string } {
  let top = { value: -1, ref: refs[0] ?? "" };
  for (const ref of refs) {
    const value = f(text, ref);
    if (value > top.value) top = { value, ref };
  }
  return { value: top.value, against: quoted(top.ref, 60) };
}

defineTextSimilarity("levenshtein", "1 − edit distance / the longer length, against `value` (or the best of a list)", 0.8, (text, refs) =>
  best(text.trim(), refs.map((r) => r.trim()), levenshteinSimilarity));

defineTextSimilarity("rouge-l", "ROUGE-L F1 (longest common word subsequence) against `value` (or the best of a list)", 0.5, (text, refs) =>
  best(text, refs, rougeL));

defineTextSimilarity("bleu", "sentence BLEU (sacrebleu's defaults) against the reference(s) in `value`", 0.3, (text, refs) => ({
  value: sentenceBleu(text, refs),
  against: refs.length === 1 ? quoted(refs[0]!, 60) : `${refs.length} references`,
}));

/** cosine: the output and the reference(s) embedded by an embeddings judge; the best cosine counts. */
defineGraderFamily({
  type: "cosine",
  description: "cosine similarity of embeddings (from an `api: embeddings` judge) of the output and `value`",
  kind: "metric",
  defaultThreshold: 0.8,
  options: { value: referenceOption, judge: z.string().min(1), path: jsonPathOption.optional() },
  grade: gradeCosine,
});

async function gradeCosine(input: GradeInput): Promise<GraderValue> {
  const s = subjectAndRefs(input.output, input.spec);
  if (!s.ok) return s.value;
  const judgeId = input.spec.judge as string;
  const judge = resolveJudge(input, judgeId, "embed");
  if (typeof judge === "string") return judgeError(judge).error;
  const texts = [s.text, ...s.refs];
  const judgeCost = embeddingCostOf(await embeddingTokens(texts), judge.pricing);
  let vectors: number[][];
  try {
    vectors = await judge.embed!({ model: judge.model, input: texts, attempt: input.attempt ?? `${input.caseId}/0` }, input.signal);
  } catch (e) {
    return judgeError(`judge '${judgeId}' call failed: ${(e as Error).message ?? String(e)}`).error;
  }
  if (vectors.length !== texts.length) return judgeError(`judge '${judgeId}' returned ${vectors.length} vectors for ${texts.length} texts`, judgeCost).error;
  const [mine, ...theirs] = vectors as [number[], ...number[][]];
  let top = { value: -1, ref: "" };
  for (let i = 0; i < theirs.length; i++) {
    const value = cosineSimilarity(mine, theirs[i]!);
    if (value > top.value) top = { value, ref: s.refs[i]! };
  }
  return { value: top.value, reason: `cosine ${round(top.value)} against ${quoted(top.ref, 60)} (judge ${judgeId})`, judgeCost };
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
