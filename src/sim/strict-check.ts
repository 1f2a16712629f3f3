import { firstStrictSchemaProblem } from "../core/strict-schema.js";
import type { JsonSchema } from "./sim-request.js";
import { invalidRequest } from "./wire-errors.js";

/** Python's tuple repr, as the API prints a schema context: `()`, `('items',)`, `('properties', 'a')`. */
function pythonTuple(keys: string[]): string {
  if (keys.length === 0) return "()";
  const q = keys.map((k) => `'${k}'`);
  return q.length === 1 ? `(${q[0]},)` : `(${q.join(", ")})`;
}

/**
 * A strict schema outside the Structured Outputs subset (src/core/strict-schema.ts) is a 400
 * naming the schema and where in it the rule broke. `what` is "response_format 'ticket'" or
 * "function 'route'"; `param` and `code` are the API's for that place.
 */
export function checkStrictSchema(schema: JsonSchema | null, what: string, param: string, code: string): void {
  const problem = firstStrictSchemaProblem(schema ?? { type: "object", properties: {}, required: [], additionalProperties: false });
  if (!problem) return;
  const where = problem.kind === "root_type" ? "" : `In context=${pythonTuple(problem.context)}, `;
  throw invalidRequest(`Invalid schema for ${what}: ${where}${problem.message}`, param, code);
}
