import { check, defineTextCheck, got, scalarText } from "./text-check.js";
import { quoted } from "../show.js";

defineTextCheck({
  type: "starts-with",
  description: "the output (or the value at `path`) starts with `value`, leading whitespace ignored",
  options: { value: scalarText },
  check(text, spec, label) {
    const prefix = String(spec.value);
    const ok = text.trimStart().startsWith(prefix);
    return check(ok, `${label} starts with ${quoted(prefix)}`, `${label} does not start with ${quoted(prefix)}${got(text)}`);
  },
});
