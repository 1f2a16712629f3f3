import { check, defineTextCheck, got, scalarText } from "./text-check.js";
import { quoted } from "../show.js";

defineTextCheck({
  type: "contains",
  description: "the output (or the value at `path`) contains `value` (case-sensitive)",
  options: { value: scalarText },
  check(text, spec, label) {
    const needle = String(spec.value);
    return check(text.includes(needle), `${label} contains ${quoted(needle)}`, `${label} does not contain ${quoted(needle)}${got(text)}`);
  },
});
