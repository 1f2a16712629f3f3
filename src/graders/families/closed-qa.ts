import { z } from "zod";
import { show } from "../show.js";
import { defineModelGradedFamily } from "./model-graded.js";

/** closed-qa: does the output meet `criteria`, given the input? (autoevals' ClosedQA: Y 1, N 0) */
defineModelGradedFamily<"Y" | "N">({
  type: "closed-qa",
  description: "a judge decides whether the output meets `criteria` given the case's input (Y passes, N fails)",
  kind: "check",
  options: { criteria: z.string().min(1) },
  placeholders: (spec) => ({ criteria: String(spec.criteria) }),
  verdictSchema: () => ({ key: "answer", schema: { type: "string", enum: ["Y", "N"] } }),
  check: (value) =>
    value === "Y" || value === "N" ? { ok: true, verdict: value } : { ok: false, reason: `answer ${show(value)} is not Y or N` },
  score: (answer, spec) =>
    answer === "Y"
      ? { value: 1, reason: `meets the criteria ${show(spec.criteria, 60)}` }
      : { value: 0, reason: `does not meet the criteria ${show(spec.criteria, 60)}` },
});
