import { z } from "zod";
import { hashJson } from "../../core/index.js";
import { jsonPathOption } from "../json-path.js";
import { defineGraderFamily } from "../registry.js";
import { show } from "../show.js";
import { jsonDocument, selectSubject } from "../subject.js";
import { compileSchema, type SchemaError } from "./schema-validator.js";

const MAX_ERRORS = 3;

/**
 * json-schema: the output's JSON (or the value at `path`) validates against the inline
 * `schema`, else against the prompt's output schema. No schema at all fails: it is a
 * suite mistake, and a silent pass would hide it.
 */
defineGraderFamily({
  type: "json-schema",
  description: "the output's JSON (or the value at `path`) validates against `schema`, or the prompt's output schema",
  kind: "check",
  options: { schema: z.record(z.string(), z.unknown()).optional(), path: jsonPathOption.optional() },
  grade: async ({ output, spec, outputSchema }) => {
    const schema = (spec.schema as Record<string, unknown> | undefined) ?? outputSchema;
    if (!schema) {
      return { value: 0, reason: "json-schema: no schema (the prompt has no `output` schema and the grader no `schema:`)", unchecked: true };
    }
    const path = spec.path as string | undefined;
    const selected = path === undefined ? jsonDocument(output) : selectSubject(output, path);
    if (!selected.ok) return { value: 0, reason: selected.reason, unchecked: true };
    const validator = compileSchema(schema, schemaKey(schema));
    if (!validator.ok) return { value: 0, reason: `json-schema: the schema does not compile: ${validator.error}`, unchecked: true };
    const errors = validator.validate(selected.value);
    const where = path ?? "output JSON";
    if (errors.length === 0) return { value: 1, reason: `${where} matches the schema` };
    return { value: 0, reason: `${where} does not match the schema: ${formatErrors(errors, path)}` };
  },
});

const keys = new WeakMap<object, string>();

/** The content hash of a schema, computed once per schema object (every attempt shares it). */
function schemaKey(schema: Record<string, unknown>): string {
  let key = keys.get(schema);
  if (key === undefined) {
    key = hashJson(schema);
    keys.set(schema, key);
  }
  return key;
}

function formatErrors(errors: readonly SchemaError[], base: string | undefined): string {
  const shown = errors.slice(0, MAX_ERRORS).map((e) => {
    const at = base === undefined ? e.path : e.path.replace(/^\$/, base);
    const got = e.showValue ? `, got ${show(e.value, 40)}` : "";
    return `${at} ${e.message}${got}`;
  });
  const more = errors.length > MAX_ERRORS ? `; +${errors.length - MAX_ERRORS} more` : "";
  return shown.join("; ") + more;
}
