import { z } from "zod";
import type { GraderSpec } from "../../core/index.js";
import { defineModelGradedFamily } from "./model-graded.js";
import { checkNumberIn } from "./rubric.js";

/**
 * score: a judge gives a number in the declared range [min, max]; its value is the
 * number scaled to 0..1 ((score − min) / (max − min)), compared with `threshold`.
 */
defineModelGradedFamily<number>({
  type: "score",
  description: "a judge scores the output on `criteria` from `min` to `max` (default 1..5), scaled to 0..1",
  kind: "metric",
  defaultThreshold: 0.5,
  options: { criteria: z.string().min(1), min: z.number().default(1), max: z.number().default(5) },
  placeholders: (spec) => ({ criteria: String(spec.criteria), min: String(rangeOf(spec).min), max: String(rangeOf(spec).max) }),
  verdictSchema: (spec) => ({ key: "score", schema: { type: "number", minimum: rangeOf(spec).min, maximum: rangeOf(spec).max } }),
  check: (value, spec) => checkNumberIn(value, rangeOf(spec).min, rangeOf(spec).max),
  score: (score, spec) => {
    const { min, max } = rangeOf(spec);
    return { value: (score - min) / (max - min), reason: `score ${score} of ${min}..${max}` };
  },
});

function rangeOf(spec: GraderSpec): { min: number; max: number } {
  const min = spec.min as number;
  const max = spec.max as number;
  if (!(max > min)) throw new Error(`score grader: max (${max}) must be greater than min (${min})`);
  return { min, max };
}
