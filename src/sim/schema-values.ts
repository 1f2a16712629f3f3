import { matchesPattern, patternInfo } from "./pattern-sample.js";
import type { JsonSchema } from "./sim-request.js";

/**
 * Makes values fit a JSON Schema (the subset structured outputs use: type, enum, const,
 * properties, required, additionalProperties, items, anyOf/oneOf, $ref to $defs, and
 * string/number/array bounds). Parts of a value that already fit are kept; what is
 * missing or wrong is filled with a deterministic value derived from its key.
 */
export function conformToSchema(value: unknown, schema: JsonSchema | null, root: JsonSchema | null = schema): unknown {
  if (!schema) return value;
  return conform(value, schema, root ?? schema, "value", 0);
}

export function sampleForSchema(schema: JsonSchema | null, key = "value"): unknown {
  if (!schema) return {};
  return generate(schema, schema, key, 0);
}

const MAX_DEPTH = 12;

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let hops = 0; typeof s.$ref === "string" && hops < 16; hops++) {
    const path = s.$ref.replace(/^#\/?/, "").split("/").filter(Boolean);
    let node: unknown = root;
    for (const part of path) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (!node || typeof node !== "object") return {};
    s = node as JsonSchema;
  }
  return s;
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === "string");
  if (typeof schema.type === "string") return [schema.type];
  if (schema.properties) return ["object"];
  if (schema.items) return ["array"];
  return [];
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function fitsType(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === "number" && actual === "integer");
}

function conform(value: unknown, raw: JsonSchema, root: JsonSchema, key: string, depth: number): unknown {
  const schema = resolve(raw, root);
  if (depth > MAX_DEPTH) return generate(schema, root, key, depth);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) {
    return schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)) ? value : schema.enum[0];
  }
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union) && union.length > 0) {
    const branch = union.find((b) => typesOf(resolve(b, root)).some((t) => fitsType(value, t))) ?? union[0]!;
    return conform(value, branch, root, key, depth + 1);
  }
  const types = typesOf(schema);
  if (types.length === 0) return value === undefined ? generate(schema, root, key, depth) : value;
  const type = types.find((t) => fitsType(value, t)) ?? types.find((t) => t !== "null") ?? types[0]!;
  switch (type) {
    case "object": return conformObject(value, schema, root, depth);
    case "array": return conformArray(value, schema, root, key, depth);
    case "string": return conformString(value, schema, key);
    case "integer": case "number": return conformNumber(value, schema, type);
    case "boolean": return typeof value === "boolean" ? value : Boolean(value);
    case "null": return null;
    default: return value;
  }
}

function conformObject(value: unknown, schema: JsonSchema, root: JsonSchema, depth: number): Record<string, unknown> {
  const input = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [k, propSchema] of Object.entries(props)) {
    if (k in input) out[k] = conform(input[k], propSchema, root, k, depth + 1);
    else if (required.has(k)) out[k] = generate(propSchema, root, k, depth + 1);
  }
  for (const k of required) if (!(k in out)) out[k] = k in input ? input[k] : `${k}-value`;
  if (schema.additionalProperties !== false) {
    for (const [k, v] of Object.entries(input)) if (!(k in out)) out[k] = v;
  }
  return out;
}

function conformArray(value: unknown, schema: JsonSchema, root: JsonSchema, key: string, depth: number): unknown[] {
  const items = (schema.items ?? {}) as JsonSchema;
  let arr = Array.isArray(value) ? value.map((v) => conform(v, items, root, key, depth + 1)) : [];
  const min = typeof schema.minItems === "number" ? schema.minItems : 0;
  const max = typeof schema.maxItems === "number" ? schema.maxItems : Infinity;
  while (arr.length < min) arr.push(generate(items, root, `${key}-${arr.length + 1}`, depth + 1));
  if (arr.length > max) arr = arr.slice(0, max);
  return arr;
}

function conformString(value: unknown, schema: JsonSchema, key: string): string {
  if (typeof value !== "string") {
    if (value === null || value === undefined || typeof value === "object") return sampleString(schema, key);
    value = String(value);
  }
  let s = value as string;
  // A value that breaks the schema's format or pattern is replaced by one that keeps them (the sample is computed once per pattern).
  const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  if (format && !format.check.test(s)) s = format.sample;
  if (typeof schema.pattern === "string" && !matchesPattern(s, schema.pattern)) s = patternInfo(schema.pattern).sample ?? s;
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
  if (s.length < min) s = s.padEnd(min, "x");
  if (s.length > max) s = s.slice(0, max);
  return s;
}

function conformNumber(value: unknown, schema: JsonSchema, type: string): number {
  let n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) n = sampleNumber(schema);
  const integer = type === "integer";
  if (integer) n = Math.round(n);
  const step = typeof schema.multipleOf === "number" && schema.multipleOf > 0 ? schema.multipleOf : integer ? 1 : 0;
  const { minimum: min, maximum: max, exclusiveMinimum: exMin, exclusiveMaximum: exMax } = schema;
  // The smallest and largest values the bounds allow, on the step's grid when there is one.
  const up = (x: number, strict: boolean) => (step ? (Math.floor(x / step) + 1) * step - (strict || Math.abs(x / step - Math.round(x / step)) > 1e-9 ? 0 : step) : strict ? x + Math.max(Math.abs(x) * 1e-9, 1e-9) : x);
  const down = (x: number, strict: boolean) => (step ? (Math.ceil(x / step) - 1) * step + (strict || Math.abs(x / step - Math.round(x / step)) > 1e-9 ? 0 : step) : strict ? x - Math.max(Math.abs(x) * 1e-9, 1e-9) : x);
  if (step && Math.abs(n / step - Math.round(n / step)) > 1e-9) n = Math.round(n / step) * step;
  if (typeof min === "number" && n < min) n = up(min, false);
  if (typeof exMin === "number" && n <= exMin) n = up(exMin, true);
  if (typeof max === "number" && n > max) n = down(max, false);
  if (typeof exMax === "number" && n >= exMax) n = down(exMax, true);
  return step ? Number((Math.round(n / step) * step).toFixed(12)) : n;
}

function generate(raw: JsonSchema, root: JsonSchema, key: string, depth: number): unknown {
  const schema = resolve(raw, root);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union) && union.length > 0) {
    const nonNull = union.find((b) => !typesOf(resolve(b, root)).every((t) => t === "null")) ?? union[0]!;
    return generate(nonNull, root, key, depth + 1);
  }
  const type = typesOf(schema).find((t) => t !== "null") ?? typesOf(schema)[0] ?? "string";
  if (depth > MAX_DEPTH) return type === "null" ? null : type === "object" ? {} : type === "array" ? [] : sampleString(schema, key);
  switch (type) {
    case "object": return conformObject({}, schema, root, depth);
    case "array": return conformArray([], schema, root, key, depth);
    case "integer": case "number": return conformNumber(sampleNumber(schema), schema, type);
    case "boolean": return false;
    case "null": return null;
    default: return sampleString(schema, key);
  }
}

function sampleNumber(schema: JsonSchema): number {
  if (typeof schema.minimum === "number") return schema.minimum;
  if (typeof schema.maximum === "number") return Math.min(0, schema.maximum);
  return 0;
}

/** A sample and a check per string format (the formats Structured Outputs supports, and uri). */
const FORMATS: Record<string, { sample: string; check: RegExp }> = {
  "date-time": { sample: "2026-01-01T00:00:00Z", check: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/ },
  date: { sample: "2026-01-01", check: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/ },
  time: { sample: "00:00:00Z", check: /^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/ },
  duration: { sample: "P1D", check: /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/ },
  email: { sample: "user@example.com", check: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ },
  uri: { sample: "https://example.com/", check: /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/ },
  uuid: { sample: "00000000-0000-4000-8000-000000000000", check: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/ },
  hostname: { sample: "example.com", check: /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/ },
  ipv4: { sample: "192.0.2.1", check: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/ },
  ipv6: { sample: "2001:db8::1", check: /^[0-9a-fA-F:]+$/ },
};

function sampleString(schema: JsonSchema, key: string): string {
  const byFormat = typeof schema.format === "string" ? FORMATS[schema.format]?.sample : undefined;
  const byPattern = typeof schema.pattern === "string" ? patternInfo(schema.pattern).sample : null;
  return conformString(byFormat ?? byPattern ?? `${key}-value`, schema, key);
}
