import { z } from "zod";
import type { Output } from "../../core/index.js";
import { describeDifference, firstDifference, isPlainObject } from "../json-diff.js";
import { jsonPathOption } from "../json-path.js";
import { defineGraderFamily } from "../registry.js";
import { show } from "../show.js";
import { jsonDocument, selectSubject, type Selected } from "../subject.js";
import type { GraderValue } from "../types.js";

/**
 * equals: without `path`, a string `value` is compared with the output text (both trimmed)
 * and any other value with the output's JSON; with `path`, with the value there. Objects
 * and lists compare deeply (key order ignored); a string equals a number or boolean with
 * the same text, because dataset vars (CSV) are strings.
 */
defineGraderFamily({
  type: "equals",
  description: "the output text, its JSON, or the value at `path` equals `value` (deep for objects)",
  kind: "check",
  options: { value: z.json(), path: jsonPathOption.optional() },
  grade: async ({ output, spec }) => {
    const path = spec.path as string | undefined;
    if (path === undefined && typeof spec.value === "string") return equalsText(output.text, spec.value);
    return equalsJson(subjectOf(output, path), spec.value);
  },
});

function subjectOf(output: Output, path: string | undefined): Selected {
  return path === undefined ? jsonDocument(output) : selectSubject(output, path);
}

function equalsText(text: string, expected: string): GraderValue {
  const ok = text.trim() === expected.trim();
  return ok
    ? { value: 1, reason: `output = ${show(expected)}` }
    : { value: 0, reason: `expected output = ${show(expected)}, got ${show(text.trim())}` };
}

function equalsJson(selected: Selected, expected: unknown): GraderValue {
  if (!selected.ok) return { value: 0, reason: selected.reason, unchecked: true };
  const { label, value } = selected;
  const diff = firstDifference(expected, value, { looseScalars: true });
  if (diff === null) return { value: 1, reason: `${label} = ${show(expected)}` };
  const structured = (isPlainObject(expected) || Array.isArray(expected)) && (isPlainObject(value) || Array.isArray(value));
  if (structured) return { value: 0, reason: `${label} differs: ${describeDifference(diff).replace(/^\$/, label === "output" ? "$" : label)}` };
  return { value: 0, reason: `expected ${label} = ${show(expected)}, got ${show(value)}` };
}
