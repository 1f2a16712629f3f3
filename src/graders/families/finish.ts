import { z } from "zod";
import type { FinishReason } from "../../core/index.js";
import { defineGraderFamily } from "../registry.js";

const FINISH_REASONS = ["stop", "length", "tool_calls", "content_filter", "refusal", "error"] as const satisfies readonly FinishReason[];
const finishReason = z.enum(FINISH_REASONS);

/** finish: generation ended for the expected reason (one, or any of a list). */
defineGraderFamily({
  type: "finish",
  description: `the output's finish reason is \`reason\` (or one of a list): ${FINISH_REASONS.join(", ")}`,
  kind: "check",
  options: { reason: z.union([finishReason, z.array(finishReason).min(1)]) },
  grade: async ({ output, spec }) => {
    const wanted = (Array.isArray(spec.reason) ? spec.reason : [spec.reason]) as FinishReason[];
    const expected = wanted.length === 1 ? String(wanted[0]) : `one of ${wanted.join(", ")}`;
    if (wanted.includes(output.finish)) return { value: 1, reason: `finish reason ${output.finish}` };
    return { value: 0, reason: `expected finish reason ${expected}, got ${output.finish}` };
  },
});
