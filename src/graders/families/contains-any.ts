import { z } from "zod";
import { check, defineTextCheck, got, needlesOf, scalarTextList } from "./text-check.js";
import { quoted } from "../show.js";

defineTextCheck({
  type: "contains-any",
  description: "the output (or the value at `path`) contains at least one of `value` (a list)",
  options: { value: scalarTextList, ignore_case: z.boolean().default(false) },
  check(text, spec, label) {
    const { needles, fold } = needlesOf(spec);
    const hit = needles.find((n) => fold(text).includes(fold(n)));
    const list = needles.map((n) => quoted(n, 40)).join(", ");
    return check(hit !== undefined, `${label} contains ${quoted(hit ?? "")} (one of ${list})`, `${label} contains none of ${list}${got(text)}`);
  },
});
