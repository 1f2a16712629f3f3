import { z } from "zod";
import type { GraderSpec } from "../../core/index.js";
import { jsonPathOption } from "../json-path.js";
import { defineGraderFamily } from "../registry.js";
import { quoted } from "../show.js";
import { selectSubject, subjectText } from "../subject.js";
import type { GraderValue } from "../types.js";

/** A string option that a template may have rendered into a number or boolean. */
export const scalarText = z.union([z.string(), z.number(), z.boolean()]);
export const scalarTextList = z.array(scalarText).min(1);

export interface TextCheckDefinition {
  type: string;
  description: string;
  options: z.ZodRawShape;
  /** `label` is "output" or the path; `text` the selected value as text. */
  check(text: string, spec: GraderSpec, label: string): GraderValue;
}

/**
 * A string check on the output text, or on the value at `path` in the output's JSON
 * (a non-string value is checked as its JSON text). A missing path fails, `not` or not.
 */
export function defineTextCheck(def: TextCheckDefinition): void {
  defineGraderFamily({
    type: def.type,
    description: def.description,
    kind: "check",
    options: { ...def.options, path: jsonPathOption.optional() },
    grade: async ({ output, spec }) => {
      const selected = selectSubject(output, spec.path as string | undefined);
      if (!selected.ok) return { value: 0, reason: selected.reason, unchecked: true };
      return def.check(subjectText(selected.value), spec, selected.label);
    },
  });
}

/** " (got '…')": an excerpt of what came, for failing reasons. */
export function got(text: string): string {
  return text.trim() === "" ? " (got empty text)" : ` (got ${quoted(text, 80)})`;
}

export function check(ok: boolean, passReason: string, failReason: string): GraderValue {
  return { value: ok ? 1 : 0, reason: ok ? passReason : failReason };
}

/** The `value` list of contains-all / contains-any as text, and the case folding `ignore_case` asks for. */
export function needlesOf(spec: object): { needles: string[]; fold: (s: string) => string } {
  const { value, ignore_case } = spec as { value?: unknown; ignore_case?: unknown };
  const needles = (value as unknown[]).map(String);
  return { needles, fold: ignore_case === true ? (s) => s.toLowerCase() : (s) => s };
}
