import { z } from "zod";
import { show } from "../show.js";
import { defineModelGradedFamily } from "./model-graded.js";

/** label: a judge picks one of `labels`; the output passes when the label is in `passing`. */
defineModelGradedFamily<string>({
  type: "label",
  description: "a judge classifies the output into one of `labels`; passes when the label is one of `passing`",
  kind: "check",
  options: {
    labels: z.array(z.string().min(1)).min(2),
    passing: z.array(z.string().min(1)).min(1),
    criteria: z.string().min(1).default("Which label describes the output best?"),
  },
  placeholders: (spec) => {
    const unknown = labelsOf(spec.passing).filter((p) => !labelsOf(spec.labels).includes(p));
    if (unknown.length > 0) throw new Error(`passing label(s) ${unknown.join(", ")} are not in labels (${labelsOf(spec.labels).join(", ")})`);
    return { criteria: String(spec.criteria), labels: labelsOf(spec.labels).join("\n") };
  },
  verdictSchema: (spec) => ({ key: "label", schema: { type: "string", enum: labelsOf(spec.labels) } }),
  check: (value, spec) => {
    const labels = labelsOf(spec.labels);
    if (typeof value === "string" && labels.includes(value)) return { ok: true, verdict: value };
    return { ok: false, reason: `label ${show(value)} is not one of ${labels.join(", ")}` };
  },
  score: (label, spec) => {
    const passing = labelsOf(spec.passing);
    return passing.includes(label)
      ? { value: 1, reason: `label ${show(label)} is passing` }
      : { value: 0, reason: `label ${show(label)} is not passing (passing: ${passing.join(", ")})` };
  },
});

function labelsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
