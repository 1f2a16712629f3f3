import { hashJson, type Output, type OutputToolCall } from "../core/index.js";
import { compileSchema } from "./families/schema-validator.js";
import { jsonDocument } from "./subject.js";

/** What a prompt declares about its outputs, as a run stores it (its suite snapshot's prompt). */
export interface DeclaredOutputs {
  output?: { schema?: Record<string, unknown> } | undefined;
  tools?: ReadonlyArray<{ name: string; parameters?: Record<string, unknown> | undefined }> | undefined;
}

/** Checks of an arm's outputs against its prompt (src/compare's OutputContract, by shape). */
export interface OutputChecks {
  schemaValid: ((output: Output) => boolean) | null;
  toolArgumentsValid: (call: OutputToolCall) => boolean;
}

/**
 * The prompt's output schema and tool parameters as checks, with the json-schema grader's
 * validator (ajv, compiled once per schema): an output is schema-valid when its JSON document
 * (the grader's) validates; a refusal or an empty or cut output has none and is not. A call is
 * valid when its tool is declared and its arguments parse and validate against its parameters.
 */
export function createOutputChecks(prompt: DeclaredOutputs): OutputChecks {
  const schema = prompt.output?.schema;
  const compiled = schema ? compileSchema(schema, hashJson(schema)) : null;
  const tools = new Map((prompt.tools ?? []).map((t) => [t.name, t.parameters ? compileSchema(t.parameters, hashJson(t.parameters)) : null]));
  return {
    schemaValid: compiled
      ? (output) => {
          const doc = jsonDocument(output);
          return doc.ok && compiled.ok && compiled.validate(doc.value).length === 0;
        }
      : null,
    toolArgumentsValid: (call) => {
      if (!tools.has(call.name) || call.arguments === null) return false;
      const parameters = tools.get(call.name);
      return !parameters || (parameters.ok && parameters.validate(call.arguments).length === 0);
    },
  };
}
