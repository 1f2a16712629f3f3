/**
 * The Structured Outputs subset a `strict` schema must keep to (OpenAI's structured-outputs
 * guide, "Supported schemas"): the root is an object, every object sets
 * `additionalProperties: false` and lists every property in `required`, and only these
 * keywords appear. One definition, read by suite validation and by the simulator.
 */
export const STRICT_SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  // any type
  "type", "description", "title", "enum", "const", "anyOf", "$ref", "$defs", "definitions",
  // objects
  "properties", "required", "additionalProperties",
  // arrays
  "items", "minItems", "maxItems",
  // strings
  "pattern", "format",
  // numbers
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
]);

export interface StrictSchemaProblem {
  /** Where, as keys from the root (`["properties", "address"]`). */
  context: string[];
  kind: "root_type" | "additional_properties" | "required" | "keyword";
  /** The API's wording of the problem, without the context. */
  message: string;
}

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => v !== null && typeof v === "object" && !Array.isArray(v);

/** The first rule a strict schema breaks, walking it depth first; null when it keeps to the subset. */
export function firstStrictSchemaProblem(schema: unknown): StrictSchemaProblem | null {
  if (!isNode(schema)) return { context: [], kind: "root_type", message: "schema must be a JSON Schema of 'type: \"object\"'." };
  if (schema.type !== "object" || "anyOf" in schema) {
    return { context: [], kind: "root_type", message: `schema must be a JSON Schema of 'type: "object"', got 'type: "${String(schema.type ?? "None")}"'.` };
  }
  return walk(schema, []);
}

function walk(node: Node, context: string[]): StrictSchemaProblem | null {
  for (const key of Object.keys(node)) {
    if (!STRICT_SCHEMA_KEYWORDS.has(key)) return { context, kind: "keyword", message: `'${key}' is not permitted.` };
  }
  if (isObjectNode(node)) {
    if (node.additionalProperties !== false) {
      return { context, kind: "additional_properties", message: "'additionalProperties' is required to be supplied and to be false." };
    }
    const props = isNode(node.properties) ? Object.keys(node.properties) : [];
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = props.find((p) => !required.includes(p));
    if (missing !== undefined || !Array.isArray(node.required)) {
      return {
        context, kind: "required",
        message: `'required' is required to be supplied and to be an array including every key in properties.${missing !== undefined ? ` Missing '${missing}'.` : ""}`,
      };
    }
  }
  return walkChildren(node, context);
}

function walkChildren(node: Node, context: string[]): StrictSchemaProblem | null {
  for (const mapKey of ["properties", "$defs", "definitions"]) {
    const map = node[mapKey];
    if (!isNode(map)) continue;
    for (const [k, sub] of Object.entries(map)) {
      const found = isNode(sub) ? walk(sub, [...context, mapKey, k]) : null;
      if (found) return found;
    }
  }
  if (isNode(node.items)) {
    const found = walk(node.items, [...context, "items"]);
    if (found) return found;
  }
  if (Array.isArray(node.anyOf)) {
    for (let i = 0; i < node.anyOf.length; i++) {
      const sub = node.anyOf[i];
      const found = isNode(sub) ? walk(sub, [...context, "anyOf", String(i)]) : null;
      if (found) return found;
    }
  }
  return null;
}

function isObjectNode(node: Node): boolean {
  const t = node.type;
  return t === "object" || (Array.isArray(t) && t.includes("object")) || (t === undefined && isNode(node.properties));
}
