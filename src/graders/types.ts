import type { Cost, EmbeddingRequest, GenerateRequest, GraderSpec, JudgeApi, ModelParams, Output, Pricing, Score } from "../core/index.js";

/**
 * A judge a model-graded grader calls (rubric, label, similarity via embeddings…).
 * The CLI injects one per suite `judges:` entry (`providerAsJudge` plus the entry's
 * settings); deterministic graders never use it. `generate` / `embed` throw when the call
 * fails after its retries: the grader records a judge error (unscored).
 */
export interface JudgeProvider {
  /** The `judges:` entry's api and model: the judge request is built for them. */
  api: JudgeApi;
  model: string;
  /** The entry's params (temperature, max_output_tokens…); none by default. */
  params?: ModelParams;
  /** Stream judge calls (default false: a judge's latency is not measured). */
  stream?: boolean;
  /** Prices the judge's tokens (USD per 1M); null or absent = unknown, never zero. */
  pricing?: Pricing | null;
  /** Prices a reply the Batch API answered (`output.batch` set; `run --batch-judges`): the batch rate. */
  batchPricing?: Pricing | null;
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
  /** The case's rendered user input (the last user turn), shown to judges (closed-qa, factuality…). */
  input?: string;
  /** The attempt's tag `CASE/REPEAT`: judge calls carry it, so the simulator finds the case. */
  attempt?: string;
  /**
   * The case's logged reply, normalized (and redacted, as stored): what the `agreement` grader
   * compares the output with. Absent on a recorded arm's own attempts and for cases without one.
   */
  recorded?: Output;
  /** Masks what the recording was masked by (the suite's `redact` and the built-in kinds), applied to the output before it is compared with it. */
  redact?: (text: string) => string;
  /** The suite's folder: a grader's `prompt: file://…` and a javascript `module` are relative to it (else the cwd). */
  suiteDir?: string;
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
