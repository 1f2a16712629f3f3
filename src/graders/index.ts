/**
 * Graders (docs/design/architecture.md §4): one function per family, a registry, and the pass rule.
 * Importing this module registers every family's option schema with core, so the suite
 * loader validates grader specs against them.
 */
import "./families/index.js";

export type { AttemptGrading, GradeContext, GradeInput, Grader, GraderFamily, GraderKind, GraderValue, JudgeProvider } from "./types.js";
export { defineGraderFamily, graderFamilyFor, knownGraderTypes, parseGraderOptions, type GraderFamilyDefinition } from "./registry.js";
export { defaultGraderName, scoreGrader } from "./score.js";
export { combineGraderSpecs, gradeAttempt, graderNames, summarizeScores, TOOL_LOOP_GRADER } from "./grade-attempt.js";
export { formatJsonPath, jsonPathOption, parseJsonPath, selectJsonPath, type PathResult, type PathSegment } from "./json-path.js";
export { jsonDocument, selectSubject } from "./subject.js";
export {
  budgetedJudge, cachedJudge, createJudgeBudget, isJudgeError, judgeCacheKey, LATEST_PROMPT, summarizeJudgeCosts,
  type JudgeBudget, type JudgeCache, type JudgeCost, type JudgeTotals,
} from "./judge/index.js";
export { cosineSimilarity, levenshteinSimilarity, rougeL, sentenceBleu, tokenize13a } from "./families/similarity-metrics.js";
export { createOutputChecks, type DeclaredOutputs, type OutputChecks } from "./output-contract.js";
