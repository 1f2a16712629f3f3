import type { Attempt } from "../core/index.js";
import { compileRedactions, redactAttempt, redactValue } from "../runner/index.js";

/**
 * What masks a mirrored pair before it is written (docs/shadow.md "What is kept"): the
 * suite's `redact:` patterns and the built-in ones below. The import branch (issue 18)
 * brings its own built-in patterns for logged traffic; at merge `createShadowRedactor`
 * takes them from there instead of BUILTIN_PATTERNS, behind this same interface.
 */
export interface Redactor {
  value<T>(value: T): T;
  attempt(attempt: Attempt): Attempt;
}

/**
 * Logged traffic holds what suite cases do not: a customer's email, phone or card number,
 * and keys pasted into prompts. Each pattern is anchored on word or digit boundaries so
 * that ids and token counts are left alone.
 */
export const BUILTIN_PATTERNS: Readonly<Record<string, string>> = {
  email: "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}",
  // 13–19 digits, each optionally followed by one space or dash (card numbers).
  card: "(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])",
  // +country, optional area code in parentheses, 7+ digits with separators.
  phone: "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{2,4}\\)[ .-]?\\d{3,4}[ .-]\\d{3,4}|\\d{2,4}[ .-]\\d{3,4}[ .-]\\d{3,4})(?![\\w-])",
  // sk-…, sk-proj-…, bearer tokens and the usual provider key shapes.
  api_key: "\\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\\bBearer\\s+[A-Za-z0-9._~+/-]{8,}=*|\\bAKIA[0-9A-Z]{16}\\b|\\bgh[pousr]_[A-Za-z0-9]{20,}\\b",
};

export function createShadowRedactor(suitePatterns: readonly string[]): Redactor {
  const patterns = compileRedactions([...Object.values(BUILTIN_PATTERNS), ...suitePatterns]);
  return {
    value: (value) => redactValue(value, patterns),
    attempt: (attempt) => redactAttempt(attempt, patterns),
  };
}
