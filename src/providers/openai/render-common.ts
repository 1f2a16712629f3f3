import type { ModelParams, OutputSchema } from "../../core/index.js";

/** The structured-output fields both APIs take under their own keys (docs/design/wire.md §8). */
export function schemaFormat(output: OutputSchema): OutputSchema {
  return { name: output.name, schema: output.schema, strict: output.strict };
}

/** The sampling params both APIs take under the same names, those that are set. */
export function samplingParams(p: ModelParams): { temperature?: number; top_p?: number } {
  const out: { temperature?: number; top_p?: number } = {};
  if (p.temperature !== undefined) out.temperature = p.temperature;
  if (p.top_p !== undefined) out.top_p = p.top_p;
  return out;
}
