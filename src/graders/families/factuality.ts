import { z } from "zod";
import { show } from "../show.js";
import { defineModelGradedFamily } from "./model-graded.js";

/**
 * factuality: a judge compares the output with a reference answer; the choices and their
 * scores are autoevals' Factuality (braintrustdata/autoevals, templates/factuality.yaml).
 */
export const FACTUALITY_CHOICES: Record<string, { score: number; meaning: string }> = {
  A: { score: 0.4, meaning: "a consistent subset of the reference" },
  B: { score: 0.6, meaning: "a consistent superset of the reference" },
  C: { score: 1, meaning: "the same details as the reference" },
  D: { score: 0, meaning: "disagrees with the reference" },
  E: { score: 1, meaning: "differs from the reference in ways immaterial to factuality" },
};

defineModelGradedFamily<string>({
  type: "factuality",
  description: "a judge compares the output with `reference`: subset 0.4, superset 0.6, same 1, disagrees 0, immaterial difference 1",
  kind: "metric",
  defaultThreshold: 0.5,
  options: { reference: z.union([z.string(), z.number(), z.boolean()]) },
  placeholders: (spec) => ({ reference: String(spec.reference) }),
  verdictSchema: () => ({ key: "choice", schema: { type: "string", enum: Object.keys(FACTUALITY_CHOICES) } }),
  check: (value) =>
    typeof value === "string" && value in FACTUALITY_CHOICES
      ? { ok: true, verdict: value }
      : { ok: false, reason: `choice ${show(value)} is not one of A, B, C, D, E` },
  score: (choice) => {
    const c = FACTUALITY_CHOICES[choice]!;
    return { value: c.score, reason: `factuality ${choice}: the output is ${c.meaning}` };
  },
});
