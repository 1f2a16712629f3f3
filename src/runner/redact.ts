import { EvalgateError, isImageDataUrl, mapStrings, REDACTED, type Attempt } from "../core/index.js";

/** A suite's `redact:` patterns, compiled once; a pattern that is not a valid regex is a load-time mistake. */
export function compileRedactions(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => {
    try {
      return new RegExp(p, "g");
    } catch (e) {
      throw new EvalgateError("SUITE_INVALID", `redact pattern ${JSON.stringify(p)} is not a valid regular expression: ${(e as Error).message}`, {
        hint: "write it as a JavaScript regular expression, with backslashes doubled inside YAML double quotes",
      });
    }
  });
}

function maskString(text: string, patterns: readonly RegExp[]): string {
  let out = text;
  for (const re of patterns) out = out.replace(re, REDACTED);
  return out;
}

/**
 * A copy of a JSON-like value with every string (keys of objects too) masked by the patterns.
 * An image's base64 data URL is left whole: it holds no text a pattern means, and a match
 * inside it would only corrupt the image (the store keeps it apart, by hash).
 */
export function redactValue<T>(value: T, patterns: readonly RegExp[]): T {
  if (patterns.length === 0) return value;
  return mapStrings(value, (text) => (isImageDataUrl(text) ? text : maskString(text, patterns)));
}

/**
 * The attempt as it may be stored: the prompt (raw request), the output (text, JSON, tool
 * calls, raw response), score reasons and the error message masked. Identity, numbers and
 * verdicts are untouched: grading already happened on the real output.
 */
export function redactAttempt(attempt: Attempt, patterns: readonly RegExp[]): Attempt {
  if (patterns.length === 0) return attempt;
  return {
    ...attempt,
    output: attempt.output === null ? null : redactValue(attempt.output, patterns),
    error: attempt.error === null ? null : { ...attempt.error, message: maskString(attempt.error.message, patterns) },
    scores: attempt.scores.map((s) => ({ ...s, reason: maskString(s.reason, patterns) })),
  };
}
