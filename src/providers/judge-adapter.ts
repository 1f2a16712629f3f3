import type { AttemptError, EmbeddingRequest, GenerateRequest, Output } from "../core/index.js";
import type { Provider } from "./provider.js";

/** A judge call that failed after its retries; graders turn it into an unscored score. */
export class JudgeCallError extends Error {
  readonly attemptError: AttemptError;
  readonly tries: number;

  constructor(attemptError: AttemptError, tries: number) {
    super(`judge call failed after ${tries} ${tries === 1 ? "try" : "tries"}: ${attemptError.kind}: ${attemptError.message}`);
    this.name = "JudgeCallError";
    this.attemptError = attemptError;
    this.tries = tries;
  }
}

/**
 * A provider seen as a model-graded grader's judge (graders' `JudgeProvider`, matched
 * structurally so providers need not import graders): outputs and vectors directly, a
 * failed call thrown as JudgeCallError.
 */
export function providerAsJudge(provider: Provider): {
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<Output>;
  embed(request: EmbeddingRequest, signal?: AbortSignal): Promise<number[][]>;
} {
  return {
    async generate(request, signal) {
      const r = await provider.generate(request, signal);
      if (!r.ok) throw new JudgeCallError(r.error, r.tries);
      return r.output;
    },
    async embed(request, signal) {
      if (!provider.embed) throw new Error(`the ${provider.kind} provider has no embeddings`);
      const r = await provider.embed(request, signal);
      if (!r.ok) throw new JudgeCallError(r.error, r.tries);
      return r.embeddings.vectors;
    },
  };
}
