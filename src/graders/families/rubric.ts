import { z } from "zod";
import { defineModelGradedFamily } from "./model-graded.js";

/** rubric: a judge scores the output 0..1 against a rubric, with its reasoning. */
defineModelGradedFamily<number>({
  type: "rubric",
  description: "a judge scores the output (or the value at `path`) from 0 to 1 against `rubric`",
  kind: "metric",
  defaultThreshold: 0.5,
  options: { rubric: z.string().min(1) },
  placeholders: (spec) => ({ rubric: String(spec.rubric) }),
  verdictSchema: () => ({ key: "score", schema: { type: "number", minimum: 0, maximum: 1 } }),
  check: (value) => checkNumberIn(value, 0, 1),
  score: (score) => ({ value: score, reason: `rubric score ${score}` }),
});

/** A number within [min, max]; anything else is an out-of-range verdict. */
export function checkNumberIn(value: unknown, min: number, max: number): { ok: true; verdict: number } | { ok: false; reason: string } {
  if (typeof value !== "number" || !Number.isFinite(value)) return { ok: false, reason: `score ${JSON.stringify(value)} is not a number` };
  if (value < min || value > max) return { ok: false, reason: `score ${value} is outside ${min}..${max}` };
  return { ok: true, verdict: value };
}
