import { z } from "zod";
import { check, defineTextCheck, got } from "./text-check.js";
import { quoted } from "../show.js";

const compiled = new Map<string, RegExp>();

/** `g` and `y` make `test` stateful; a check wants a plain search, so they are dropped. */
function compile(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    re = new RegExp(pattern, flags.replace(/[gy]/g, ""));
    compiled.set(key, re);
  }
  return re;
}

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
    let re: RegExp;
    try {
      re = compile(pattern, flags);
    } catch (e) {
      return { value: 0, reason: `regex /${pattern}/${flags} does not compile: ${(e as Error).message}`, unchecked: true };
    }
    const match = re.exec(text);
    return check(
      match !== null,
      `${label} matches /${pattern}/${flags} at ${quoted(match?.[0] ?? "", 40)}`,
      `${label} does not match /${pattern}/${flags}${got(text)}`,
    );
  },
});
