import { check, defineTextCheck, got, scalarText } from "./text-check.js";
import { quoted } from "../show.js";

defineTextCheck({
  type: "icontains",
  description: "the output (or the value at `path`) contains `value`, ignoring case",
  options: { value: scalarText },
  check(text, spec, label) {
    const needle = String(spec.value);
    const ok = text.toLowerCase().includes(needle.toLowerCase());
    return check(ok, `${label} contains ${quoted(needle)} (ignoring case)`, `${label} does not contain ${quoted(needle)}, ignoring case${got(text)}`);
  },
});
