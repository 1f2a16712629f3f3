import { z } from "zod";
import { defineGraderFamily } from "../registry.js";
import { usd } from "../show.js";

/** cost: the attempt's cost is at most `max_usd`; an unknown cost (no price) is unscored. */
defineGraderFamily({
  type: "cost",
  description: "the attempt cost at most `max_usd` (USD); unscored when the cost is unknown",
  kind: "check",
  options: { max_usd: z.number().min(0) },
  grade: async ({ cost, output, spec }) => {
    const max = spec.max_usd as number;
    if (cost.usd === null) return { value: null, reason: `cost unknown (no price for ${output.model}), so not compared with max ${usd(max)}` };
    const ok = cost.usd <= max;
    return { value: ok ? 1 : 0, reason: `cost ${usd(cost.usd)} ${ok ? "≤" : ">"} max ${usd(max)}` };
  },
});
