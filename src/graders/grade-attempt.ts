import type { GraderSpec, Output, Score } from "../core/index.js";
import { defaultGraderName, scoreGrader } from "./score.js";
import type { AttemptGrading, GradeContext } from "./types.js";

/**
 * The graders of one case: the suite's, then the case's own. A case grader whose `name`
 * equals a suite grader's replaces it (so a case can tighten, relax or silence one).
 */
export function combineGraderSpecs(suiteGraders: readonly GraderSpec[], caseGraders: readonly GraderSpec[] = []): GraderSpec[] {
  const overridden = new Set(caseGraders.map((g) => g.name).filter((n): n is string => typeof n === "string"));
  return [...suiteGraders.filter((g) => !(g.name && overridden.has(g.name))), ...caseGraders];
}

/** Report names, unique within an attempt: a repeated default name gets "#2", "#3"… */
export function graderNames(specs: readonly GraderSpec[]): string[] {
  const seen = new Map<string, number>();
  return specs.map((spec) => {
    const base = defaultGraderName(spec);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  });
}

/**
 * Grades one attempt (docs/design/architecture.md §4). An errored attempt (no output) is an error, not a
 * failure: no scores, score and pass null. Otherwise every grader runs (concurrently: a
 * model-graded one may wait on a judge), then the pass rule applies — see summarizeScores.
 */
export async function gradeAttempt(output: Output | null, specs: readonly GraderSpec[], ctx: GradeContext): Promise<AttemptGrading> {
  if (output === null) return { scores: [], score: null, pass: null };
  const names = graderNames(specs);
  const scores = await Promise.all(specs.map((spec, i) => scoreGrader(output, spec, ctx, names[i])));
  const loopEnd = loopEndScore(output);
  if (loopEnd) scores.unshift(loopEnd);
  return { scores, ...summarizeScores(scores) };
}

/** The grader name of a tool loop's own verdict on how it ended. */
export const TOOL_LOOP_GRADER = "tool-loop";

/**
 * A tool loop that ended without the model's answer (max_steps reached, an unknown tool
 * called) fails the attempt with its reason, whatever the suite's graders say: a graded
 * failure, not an error (docs/graders.md, "Tool loops").
 */
function loopEndScore(output: Output): Score | undefined {
  const t = output.trajectory;
  if (!t || t.end === "answer") return undefined;
  return { grader: TOOL_LOOP_GRADER, type: TOOL_LOOP_GRADER, value: 0, pass: false, reason: `tool loop ended without an answer (${t.end}): ${t.reason}`, weight: 1 };
}

/**
 * The pass rule: score = the weighted mean of the scored graders (value not null, weight
 * > 0); the attempt passes when each of them passes. Weight-0 graders are informational
 * and unscored ones skipped: neither counts nor fails. With nothing scored, score is null
 * and the attempt passes (nothing failed).
 */
export function summarizeScores(scores: readonly Score[]): { score: number | null; pass: boolean } {
  let weighted = 0;
  let totalWeight = 0;
  let pass = true;
  for (const s of scores) {
    if (s.value === null || !(s.weight > 0)) continue;
    weighted += s.value * s.weight;
    totalWeight += s.weight;
    if (!s.pass) pass = false;
  }
  return { score: totalWeight > 0 ? weighted / totalWeight : null, pass };
}
