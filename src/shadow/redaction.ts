import type { Attempt } from "../core/index.js";
import { createRedactor } from "../import/index.js";

/**
 * What masks a mirrored pair before it is written (docs/shadow.md "What is kept"): import's
 * masking of logged traffic (docs/migration-guide.md "Privacy") — its built-in kinds (emails,
 * phone numbers, Luhn-checked card numbers, API keys) and the suite's `redact` patterns —
 * so a pair is stored as `evalgate import` would write the same exchange.
 */
export interface Redactor {
  value<T>(value: T): T;
  /** The attempt as it may be stored: output, error message and score reasons masked; identity, numbers and verdicts untouched. */
  attempt(attempt: Attempt): Attempt;
  /** One string masked (the `agreement` grader masks the candidate's output with it, as a replay run does). */
  text(text: string): string;
}

export function createShadowRedactor(suitePatterns: readonly string[]): Redactor {
  const masking = createRedactor(suitePatterns);
  return {
    value: (value) => masking.value(value),
    text: (text) => masking.text(text),
    attempt: (attempt) => ({
      ...attempt,
      output: attempt.output === null ? null : masking.value(attempt.output),
      error: attempt.error === null ? null : { ...attempt.error, message: masking.text(attempt.error.message) },
      scores: attempt.scores.map((s) => ({ ...s, reason: masking.text(s.reason) })),
    }),
  };
}
