import { z } from "zod";
import { defineGraderFamily } from "../registry.js";

/**
 * steps: the attempt's model calls stayed within `max` (and reached `min`, when given). A
 * tool loop counts its steps (docs/graders.md); any other attempt made one call.
 */
defineGraderFamily({
  type: "steps",
  description: "the attempt made at most `max` model calls (tool loop steps), and at least `min` when given",
  kind: "check",
  options: {
    max: z.number().int().min(1).optional(),
    min: z.number().int().min(1).optional(),
  },
  grade: async ({ output, spec }) => {
    const max = spec.max as number | undefined;
    const min = spec.min as number | undefined;
    if (max === undefined && min === undefined) return { value: 0, reason: "steps: give `max` or `min`", unchecked: true };
    const n = output.trajectory?.steps.length ?? 1;
    const made = `${n} step${n === 1 ? "" : "s"}`;
    if (max !== undefined && n > max) return { value: 0, reason: `steps: expected at most ${max}, the attempt took ${made}` };
    if (min !== undefined && n < min) return { value: 0, reason: `steps: expected at least ${min}, the attempt took ${made}` };
    return { value: 1, reason: `took ${made}` };
  },
});
