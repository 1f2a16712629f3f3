import { priceUsage, type Output, type Pricing, type Score, type Usage, countTokensLinear } from "../../core/index.js";

export type JudgeCost = NonNullable<Score["judgeCost"]>;

/** A judge's tokens and their price, kept apart from the arm's cost; null USD when unpriced. */
/** The price of one judge reply: the batch rate when the Batch API answered it (docs/reliability.md "Batch runs"), else the judge's. */
export function judgePricingOf(judge: { pricing?: Pricing | null; batchPricing?: Pricing | null }, output: { batch?: Output["batch"] }): Pricing | null | undefined {
  return output.batch && judge.batchPricing !== undefined ? judge.batchPricing : judge.pricing;
}

export function judgeCostOf(usage: Usage | null, pricing: Pricing | null | undefined): JudgeCost {
  if (!usage) return { usd: null, inputTokens: 0, outputTokens: 0 };
  return { usd: priceUsage(usage, pricing ?? null).usd, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
}

/** An embeddings call's cost: input tokens only. */
export function embeddingCostOf(inputTokens: number, pricing: Pricing | null | undefined): JudgeCost {
  const usd = pricing ? (inputTokens * pricing.input) / 1e6 : null;
  return { usd, inputTokens, outputTokens: 0 };
}

/** The sum of several judge costs (a grader that calls its judge more than once). */
export function addJudgeCosts(a: JudgeCost, b: JudgeCost): JudgeCost {
  return {
    usd: a.usd === null || b.usd === null ? null : a.usd + b.usd,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  };
}

export interface JudgeTotals {
  /** Scores that called a judge (with or without an error). */
  calls: number;
  /** Judge errors: unscored, never a pass or a fail. */
  errors: number;
  /** USD of the priced calls; `unpriced` counts the calls whose price is unknown. */
  usd: number;
  unpriced: number;
  inputTokens: number;
  outputTokens: number;
}

/** What a score's reason starts with when its judge failed (score.ts prefixes "unscored: "). */
export const JUDGE_ERROR = "judge error:";

export function isJudgeError(score: Pick<Score, "value" | "reason">): boolean {
  return score.value === null && (score.reason.startsWith(JUDGE_ERROR) || score.reason.startsWith(`unscored: ${JUDGE_ERROR}`));
}

/** Judge cost and errors over scores (of an attempt, an arm, a run), for summaries and reports. */
export function summarizeJudgeCosts(scores: Iterable<Pick<Score, "value" | "reason" | "judgeCost">>): JudgeTotals {
  const t: JudgeTotals = { calls: 0, errors: 0, usd: 0, unpriced: 0, inputTokens: 0, outputTokens: 0 };
  for (const s of scores) {
    const judged = s.judgeCost !== undefined || isJudgeError(s);
    if (!judged) continue;
    t.calls++;
    if (isJudgeError(s)) t.errors++;
    if (!s.judgeCost) continue;
    if (s.judgeCost.usd === null) t.unpriced++;
    else t.usd += s.judgeCost.usd;
    t.inputTokens += s.judgeCost.inputTokens;
    t.outputTokens += s.judgeCost.outputTokens;
  }
  return t;
}

/**
 * Input tokens of an embeddings request: OpenAI's embeddings models use cl100k_base. The
 * tokenizer (large: tens of MB) is loaded on the first embeddings call, not with the
 * graders, so a run without an embeddings judge never loads it.
 */
export async function embeddingTokens(texts: readonly string[]): Promise<number> {
  const { countTokens } = await import("gpt-tokenizer/encoding/cl100k_base");
  let n = 0;
  for (const t of texts) n += countTokensLinear(t, countTokens);
  return n;
}
