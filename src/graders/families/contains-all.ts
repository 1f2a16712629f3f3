import { z } from "zod";
import { check, defineTextCheck, got, needlesOf, scalarTextList } from "./text-check.js";
import { quoted } from "../show.js";

defineTextCheck({
  type: "contains-all",
  description: "the output (or the value at `path`) contains every one of `value` (a list)",
  options: { value: scalarTextList, ignore_case: z.boolean().default(false) },
  check(text, spec, label) {
    const { needles, fold } = needlesOf(spec);
    const missing = needles.filter((n) => !fold(text).includes(fold(n)));
    const list = (items: string[]) => items.map((n) => quoted(n, 40)).join(", ");
    const found = needles.length - missing.length;
    return check(
      missing.length === 0,
      `${label} contains all of ${list(needles)}`,
      `${label} is missing ${list(missing)} (has ${found} of ${needles.length})${got(text)}`,
    );
  },
});
