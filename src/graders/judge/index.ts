/** Judges of model-graded graders: versioned prompts, the call, its cost, cache and budget. */
export { LATEST_PROMPT, promptPlaceholders, renderJudgePrompt, resolveJudgePrompt, type JudgePrompt } from "./prompts.js";
export { callJudge, judgeError, judgeRequest, resolveJudge, type JudgeCall, type JudgeResult, type ReplyCheck } from "./call-judge.js";
export {
  addJudgeCosts, embeddingCostOf, embeddingTokens, isJudgeError, JUDGE_ERROR, judgeCostOf, summarizeJudgeCosts,
  type JudgeCost, type JudgeTotals,
} from "./judge-cost.js";
export { budgetedJudge, cachedJudge, createJudgeBudget, judgeCacheKey, type JudgeBudget, type JudgeCache } from "./judge-wrappers.js";
