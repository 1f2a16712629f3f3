import type { Cost, EmbeddingRequest, GenerateRequest, GraderSpec, Output, Score } from "../core/index.js";

/**
 * A judge a model-graded grader calls (rubric, label, similarity via embeddings…).
 * The CLI injects one per suite `judges:` entry; deterministic graders never use it.
 */
export interface JudgeProvider {
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<Output>;
  embed?(request: EmbeddingRequest, signal?: AbortSignal): Promise<number[][]>;
}

/** What the runner knows of an attempt when it grades it. */
export interface GradeContext {
  caseId: string;
  /** The case's vars (already loaded; graders' options are rendered with them by the planner). */
  vars: Record<string, unknown>;
  /** The attempt's cost; `usd` null when the price is unknown. */
  cost: Cost;
  /** The prompt's output schema, for `json-schema` graders without an inline `schema:`. */
  outputSchema?: Record<string, unknown>;
  /** Resolves a suite `judges:` id, for model-graded families. */
  judge?: (judgeId: string) => JudgeProvider | undefined;
  signal?: AbortSignal;
}

/** One grader's input: the output, its spec (options rendered with the case vars) and context. */
export interface GradeInput extends GradeContext {
  output: Output;
  spec: GraderSpec;
}

/**
 * What a family's function returns. The shared wrapper (score.ts) turns it into a Score:
 * it applies `not`, `threshold` and `weight`, and names the grader.
 */
export interface GraderValue {
  /** 0..1, or null when unscored (skipped: it neither counts nor fails). */
  value: number | null;
  /** What was expected and what came, stated as a fact true of this output. */
  reason: string;
  /**
   * The check could not be made (the output is not JSON, the path is missing, the user's
   * module threw): `not` does not turn it into a pass.
   */
  unchecked?: boolean;
  /** A grader that decides its own pass (a javascript function returning `{ pass }`). */
  pass?: boolean;
  /** Tokens and cost a model-graded grader spent. */
  judgeCost?: Score["judgeCost"];
}

export type Grader = (input: GradeInput) => Promise<GraderValue>;

/** A check yields 0 or 1 (default threshold 1); a metric yields any value in [0,1]. */
export type GraderKind = "check" | "metric";

export interface GraderFamily {
  type: string;
  kind: GraderKind;
  /** Passing value when the spec sets no `threshold` (1 for checks). */
  defaultThreshold: number;
  grade: Grader;
}

/** The outcome of grading one attempt (the runner's `Grading`). */
export interface AttemptGrading {
  scores: Score[];
  /** Weighted mean of the scored, weighted graders; null when nothing scored or the attempt errored. */
  score: number | null;
  /** Every weighted, scored grader passed; null when the attempt errored. */
  pass: boolean | null;
}
