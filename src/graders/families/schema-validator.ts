import { createRequire } from "node:module";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { formatJsonPath, type PathSegment } from "../json-path.js";

export interface SchemaError {
  /** Where in the validated value, as a JSON path (`$` = the value). */
  path: string;
  message: string;
  value: unknown;
  /** The value at `path` explains the error (a wrong enum member, a wrong type). */
  showValue: boolean;
}

export type CompiledSchema = { ok: true; validate(value: unknown): SchemaError[] } | { ok: false; error: string };

// ajv and its formats (~11 MB, ~60 ms) load on the first schema a run validates, not with the grader families.
const require = createRequire(import.meta.url);
const options = { strict: false, allErrors: true, allowUnionTypes: true } as const;
let draft7: Ajv | undefined;
let draft2020: Ajv2020 | undefined;
const cache = new Map<string, CompiledSchema>();

/** Older drafts by their `$schema`; 2020-12 (what structured outputs use) otherwise. */
function ajvFor(schema: Record<string, unknown>): Ajv | Ajv2020 {
  const declared = typeof schema.$schema === "string" ? schema.$schema : "";
  if (/draft-0[4-7]/.test(declared)) {
    const { Ajv: Draft7 } = require("ajv") as typeof import("ajv");
    draft7 ??= withFormats(new Draft7(options));
    return draft7;
  }
  const { Ajv2020: Draft2020 } = require("ajv/dist/2020") as typeof import("ajv/dist/2020.js");
  draft2020 ??= withFormats(new Draft2020(options));
  return draft2020;
}

function withFormats<T extends Ajv | Ajv2020>(ajv: T): T {
  (require("ajv-formats") as { default: (ajv: Ajv | Ajv2020) => unknown }).default(ajv);
  return ajv;
}

/** Compiles a schema once per content hash; a schema that does not compile says why. */
export function compileSchema(schema: Record<string, unknown>, hash: string): CompiledSchema {
  const cached = cache.get(hash);
  if (cached) return cached;
  let compiled: CompiledSchema;
  try {
    const { $schema: _ignored, ...rest } = schema;
    const fn = ajvFor(schema).compile(rest);
    compiled = { ok: true, validate: (value) => (fn(value) ? [] : toErrors(fn, value)) };
  } catch (e) {
    compiled = { ok: false, error: (e as Error).message };
  }
  cache.set(hash, compiled);
  return compiled;
}

const VALUE_KEYWORDS = new Set(["enum", "const", "type", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "multipleOf"]);

function toErrors(fn: ValidateFunction, root: unknown): SchemaError[] {
  return (fn.errors ?? []).map((e) => {
    const segments = pointerToSegments(e.instancePath);
    return { path: formatJsonPath(segments), message: messageOf(e), value: valueAt(root, segments), showValue: VALUE_KEYWORDS.has(e.keyword) };
  });
}

function messageOf(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === "enum" && Array.isArray(params.allowedValues)) return `must be one of ${params.allowedValues.map(String).join(", ")}`;
  if (e.keyword === "additionalProperties") return `has unexpected property '${String(params.additionalProperty)}'`;
  return e.message ?? e.keyword;
}

function pointerToSegments(pointer: string): PathSegment[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((raw) => {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    return /^\d+$/.test(key) ? { kind: "index", index: Number(key) } : { kind: "key", key };
  });
}

function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let value = root;
  for (const s of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = s.kind === "index" ? (value as unknown[])[s.index] : s.kind === "key" ? (value as Record<string, unknown>)[s.key] : undefined;
  }
  return value;
}
