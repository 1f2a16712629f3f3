/**
 * Validates bodies against the official OpenAI OpenAPI spec, read from
 * `vendor/openai-spec/openapi.yaml` at test time (or OPENAI_SPEC_PATH).
 * The spec mixes OpenAPI 3.0 `nullable: true` into 3.1 schemas; a 3.1 validator would
 * ignore it, so the loader rewrites it as a `null` alternative (docs/design/wire.md §9). The spec
 * file itself is never edited.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SPEC_PATH = process.env.OPENAI_SPEC_PATH ?? resolve(repoRoot, "vendor/openai-spec/openapi.yaml");
const SPEC_ID = "openai-openapi";

type Json = Record<string, unknown>;

/** `nullable: true` → `anyOf: [<schema>, {type: "null"}]`, recursively. */
export function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === "nullable") continue;
    out[k] = normalizeNullable(v);
  }
  if ((node as Json).nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

/**
 * `InputItem` is a `oneOf` with a `discriminator` on `type`, two of whose members both take a
 * user message whose content is a list (EasyInputMessage, and Item's InputMessage): every
 * message with image parts matches both, which plain JSON Schema `oneOf` refuses. OpenAPI's
 * discriminator picks one member by `type` instead; a validator without discriminator support
 * checks that at least one matches (docs/design/wire.md §9). Applied to the loaded copy only.
 */
function overlappingUnionsAsAnyOf(schemas: Json): void {
  const item = schemas.InputItem as Json;
  if (Array.isArray(item.oneOf)) {
    item.anyOf = item.oneOf;
    delete item.oneOf;
  }
}

let cached: { ajv: Ajv2020; schemas: Json } | undefined;

function load() {
  if (cached) return cached;
  const spec = parse(readFileSync(SPEC_PATH, "utf8"), { maxAliasCount: -1 }) as {
    components: { schemas: Json };
  };
  const schemas = normalizeNullable(spec.components.schemas) as Json;
  overlappingUnionsAsAnyOf(schemas);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  // The spec's own format for Unix timestamps (integer seconds).
  ajv.addFormat("unixtime", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 });
  ajv.addSchema({ $id: SPEC_ID, components: { schemas } });
  cached = { ajv, schemas };
  return cached;
}

const validators = new Map<string, ValidateFunction>();

export function specValidator(schemaName: string): ValidateFunction {
  let v = validators.get(schemaName);
  if (!v) {
    const { ajv, schemas } = load();
    if (!(schemaName in schemas)) throw new Error(`no schema ${schemaName} in the OpenAI spec`);
    v = ajv.compile({ $ref: `${SPEC_ID}#/components/schemas/${schemaName}` });
    validators.set(schemaName, v);
  }
  return v;
}

/** The names of the members of a union schema (`anyOf`/`oneOf` of `$ref`s). */
export function unionMembers(schemaName: string): string[] {
  const { schemas } = load();
  const s = schemas[schemaName] as Json;
  const list = (s.anyOf ?? s.oneOf ?? []) as Json[];
  return list.map((m) => String(m.$ref ?? "").split("/").pop() ?? "").filter(Boolean);
}

/** The raw (normalized) schema, e.g. to read a stream event's `type` enum. */
export function specSchema(schemaName: string): Json {
  const { schemas } = load();
  const s = schemas[schemaName];
  if (!s) throw new Error(`no schema ${schemaName} in the OpenAI spec`);
  return s as Json;
}

/** Errors as readable lines, or [] when the body is valid. */
export function specErrors(schemaName: string, body: unknown): string[] {
  const v = specValidator(schemaName);
  if (v(body)) return [];
  return (v.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

/** For a Responses stream event: the member schema whose `type` enum/const matches. */
export function responseStreamEventSchemaFor(type: string): string | undefined {
  for (const name of unionMembers("ResponseStreamEvent")) {
    const props = (specSchema(name).properties ?? {}) as Json;
    const t = props.type as Json | undefined;
    if (!t) continue;
    const values = (t.enum as unknown[] | undefined) ?? (t.const !== undefined ? [t.const] : []);
    if (values.includes(type)) return name;
  }
  return undefined;
}
