import { z } from "zod";
import { mapStrings, type Output, type OutputToolCall } from "../../core/index.js";
import { describeDifference, firstDifference } from "../json-diff.js";
import { defineGraderFamily } from "../registry.js";
import { quoted } from "../show.js";
import type { GradeInput, GraderValue } from "../types.js";
import { levenshteinSimilarity, rougeL } from "./similarity-metrics.js";
import { formatCall } from "./tool-call.js";

/**
 * agreement: the output agrees with the case's recorded reply (docs/graders.md "agreement",
 * docs/verdict.md `agreement`) — the same tool calls (names and arguments, in order) when
 * production called tools, equal JSON when it answered with structured output, a refusal
 * when it refused, else text similar at `threshold` (levenshtein by default, or rouge-l).
 * The output is masked as the recording was before they are compared. Unscored without a
 * recording (a case without one, or the recorded arm itself).
 */
defineGraderFamily({
  type: "agreement",
  description: "the output agrees with the case's recorded reply: equal tool calls, equal JSON, or similar text (`text: levenshtein | rouge-l`, at `threshold`)",
  kind: "metric",
  defaultThreshold: 0.8,
  options: { text: z.enum(["levenshtein", "rouge-l"]).optional() },
  grade: async (input) => gradeAgreement(input),
});

export function gradeAgreement({ output, spec, recorded, redact }: GradeInput): GraderValue {
  if (!recorded) return { value: null, reason: "no recorded reply to compare with (the recorded arm itself, or a case without one)" };
  const mine = redact ? maskOutput(output, redact) : output;
  if (recorded.toolCalls.length > 0) return sameToolCalls(recorded.toolCalls, mine.toolCalls);
  if (recorded.refusal !== null) {
    return mine.refusal !== null ? { value: 1, reason: "refused, as the recording did" } : { value: 0, reason: `the recording refused; the output did not (${quoted(mine.text, 60)})` };
  }
  if (recorded.json !== undefined && recorded.jsonError === undefined && typeof recorded.json === "object") return sameJson(recorded.json, mine);
  const metric = spec.text === "rouge-l" ? "rouge-l" : "levenshtein";
  const value = metric === "rouge-l" ? rougeL(mine.text, recorded.text) : levenshteinSimilarity(mine.text.trim(), recorded.text.trim());
  return { value, reason: `${metric} ${Math.round(value * 1000) / 1000} against the recording ${quoted(recorded.text, 60)}` };
}

function sameToolCalls(expected: readonly OutputToolCall[], actual: readonly OutputToolCall[]): GraderValue {
  const want = expected.map(formatCall).join(", ");
  if (actual.length !== expected.length || actual.some((c, i) => c.name !== expected[i]!.name)) {
    return { value: 0, reason: `the recording called ${want}; the output ${actual.length ? `called ${actual.map(formatCall).join(", ")}` : "called no tool"}` };
  }
  for (let i = 0; i < expected.length; i++) {
    const diff = firstDifference(expected[i]!.arguments, actual[i]!.arguments);
    if (diff) return { value: 0, reason: `${expected[i]!.name} arguments differ from the recording: ${describeDifference(diff)}` };
  }
  return { value: 1, reason: `the same tool calls as the recording: ${want}` };
}

function sameJson(expected: unknown, output: Output): GraderValue {
  if (output.json === undefined) return { value: 0, reason: `the recording answered JSON; the output is not JSON (${quoted(output.text, 60)})` };
  const diff = firstDifference(expected, output.json);
  return diff === null ? { value: 1, reason: "JSON equals the recording's" } : { value: 0, reason: `JSON differs from the recording's: ${describeDifference(diff)}` };
}

/** The output as the recording was stored: every string masked. */
export function maskOutput(output: Output, redact: (text: string) => string): Output {
  return {
    ...output,
    text: redact(output.text),
    ...(output.json === undefined ? {} : { json: mapStrings(output.json, redact) }),
    refusal: output.refusal === null ? null : redact(output.refusal),
    toolCalls: output.toolCalls.map((c) => ({ ...c, arguments: c.arguments === null ? null : mapStrings(c.arguments, redact) })),
  };
}
