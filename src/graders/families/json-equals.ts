import { z } from "zod";
import { describeDifference, firstDifference } from "../json-diff.js";
import { jsonPathOption } from "../json-path.js";
import { defineGraderFamily } from "../registry.js";
import { show } from "../show.js";
import { jsonDocument, selectSubject } from "../subject.js";

/**
 * json-equals: the output's JSON (or the value at `path`) equals `value` exactly — same
 * types, key order ignored, no extra keys. The reason names the first differing path.
 */
defineGraderFamily({
  type: "json-equals",
  description: "the output's JSON (or the value at `path`) equals `value` exactly; the reason names the first difference",
  kind: "check",
  options: { value: z.json(), path: jsonPathOption.optional() },
  grade: async ({ output, spec }) => {
    const path = spec.path as string | undefined;
    const selected = path === undefined ? jsonDocument(output) : selectSubject(output, path);
    if (!selected.ok) return { value: 0, reason: selected.reason, unchecked: true };
    const diff = firstDifference(spec.value, selected.value);
    const where = path === undefined ? "output JSON" : path;
    if (diff === null) return { value: 1, reason: `${where} equals ${show(spec.value, 60)}` };
    const rebased = path === undefined ? diff.path : diff.path.replace(/^\$/, path);
    return { value: 0, reason: `${where} differs: ${describeDifference({ ...diff, path: rebased })}` };
  },
});
