import { z } from "zod";
import { defineGraderFamily } from "../registry.js";

/** latency: the attempt's total time (or time to first token) is at most `max_ms`. */
defineGraderFamily({
  type: "latency",
  description: "the attempt's total latency (`of: total`) or time to first token (`of: ttft`) is at most `max_ms`",
  kind: "check",
  options: { max_ms: z.number().min(0), of: z.enum(["total", "ttft"]).default("total") },
  grade: async ({ output, spec }) => {
    const max = spec.max_ms as number;
    const of = spec.of === "ttft" ? "ttft" : "total";
    const ms = of === "ttft" ? output.latency.ttftMs : output.latency.totalMs;
    const label = of === "ttft" ? "ttft" : "latency";
    if (output.batch) return { value: null, reason: `not compared with max ${max} ms: a batch answered this attempt, so nothing timed it` };
    if (ms === null) return { value: null, reason: `ttft unknown (the response was not streamed), so not compared with max ${max} ms` };
    const ok = ms <= max;
    return { value: ok ? 1 : 0, reason: `${label} ${Math.round(ms)} ms ${ok ? "≤" : ">"} max ${max} ms` };
  },
});
