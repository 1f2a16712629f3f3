import { z } from "zod";
import { execRegex, REGEX_DEADLINE_MS } from "../../core/index.js";
import { check, defineTextCheck, got } from "./text-check.js";
import { quoted } from "../show.js";

/** Reasons of a match that ran past its deadline start with this code. */
export const REGEX_TIMEOUT = "REGEX_TIMEOUT";

const patternOption = z.string().superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `not a valid regular expression: ${(e as Error).message}` });
  }
});

defineTextCheck({
  type: "regex",
  description: "the output (or the value at `path`) matches the JavaScript regular expression `pattern` (with `flags`)",
  options: { pattern: patternOption, flags: z.string().regex(/^[dgimsuvy]*$/, "flags are among d g i m s u v y").default("") },
  check(text, spec, label) {
    const pattern = String(spec.pattern);
    const flags = String(spec.flags ?? "");
    // `g` and `y` make a search stateful; a check wants a plain search, so they are dropped.
    const result = execRegex(pattern, flags.replace(/[gy]/g, ""), text);
    if (!result.ok && result.timedOut) {
      return { value: 0, reason: `${REGEX_TIMEOUT}: /${pattern}/${flags} took longer than ${REGEX_DEADLINE_MS / 1000} s on the ${label} (${text.length} characters): simplify the pattern — nested quantifiers such as (a+)+ backtrack exponentially`, unchecked: true };
    }
    if (!result.ok) return { value: 0, reason: `regex /${pattern}/${flags} does not compile: ${result.error}`, unchecked: true };
    const match = result.match;
    return check(
      match !== null,
      `${label} matches /${pattern}/${flags} at ${quoted(match?.text ?? "", 40)}`,
      `${label} does not match /${pattern}/${flags}${got(text)}`,
    );
  },
});
