import { invalidRequest } from "./wire-errors.js";
import type { Body } from "./parse-common.js";

/**
 * What a parameter's value must be, as the API's request schema says. A rule is data, so
 * each API's parameters read as a table (src/sim/params-table.ts), checked by one function.
 */
export type ValueRule =
  | { kind: "number"; min: number; max: number }
  | { kind: "integer"; min: number; max?: number }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "enums"; values: readonly string[] }
  | { kind: "boolean" }
  | { kind: "string"; maxLength?: number }
  | { kind: "object"; keys: readonly string[] }
  | { kind: "stop" }
  | { kind: "metadata" };

export type RuleTable = Readonly<Record<string, ValueRule>>;

/** The API's list wording: 'a', 'b', and 'c'. */
export function quoteList(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`);
  return q.length <= 2 ? q.join(" and ") : `${q.slice(0, -1).join(", ")}, and ${q.at(-1)}`;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return "a string";
  if (typeof v === "boolean") return "a boolean";
  return typeof v === "number" ? (Number.isInteger(v) ? "an integer" : "a decimal") : typeof v;
}

function wrongType(param: string, expected: string, v: unknown): never {
  throw invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${typeName(v)} instead.`, param, "invalid_type");
}

function checkNumber(param: string, v: unknown, min: number, max: number | undefined, integer: boolean): void {
  if (typeof v !== "number" || (integer && !Number.isInteger(v))) wrongType(param, integer ? "an integer" : "a decimal", v);
  const unit = integer ? "integer" : "decimal";
  if (v < min) {
    throw invalidRequest(`Invalid '${param}': ${unit} below minimum value. Expected a value >= ${min}, but got ${v} instead.`, param, `${unit}_below_min_value`);
  }
  if (max !== undefined && v > max) {
    throw invalidRequest(`Invalid '${param}': ${unit} above maximum value. Expected a value <= ${max}, but got ${v} instead.`, param, `${unit}_above_max_value`);
  }
}

function checkEnum(param: string, v: unknown, values: readonly string[]): void {
  if (typeof v !== "string") wrongType(param, "one of the supported values", v);
  if (!values.includes(v)) {
    throw invalidRequest(`Invalid value: '${v}'. Supported values are: ${quoteList(values)}.`, param, "invalid_value");
  }
}

function checkStop(param: string, v: unknown): void {
  if (typeof v === "string") return;
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) wrongType(param, "a string or an array of strings", v);
  if (v.length > 4) {
    throw invalidRequest(
      `Invalid '${param}': array too long. Expected an array with maximum length 4, but got an array with length ${v.length} instead.`,
      param,
      "array_above_max_length",
    );
  }
}

function checkMetadata(param: string, v: unknown): void {
  if (typeof v !== "object" || Array.isArray(v) || v === null) wrongType(param, "an object", v);
  const entries = Object.entries(v as Body);
  if (entries.length > 16) {
    throw invalidRequest(`Invalid '${param}': too many properties. Expected an object with at most 16 properties, but got ${entries.length} instead.`, param, "object_above_max_properties");
  }
  for (const [k, value] of entries) {
    if (k.length > 64) throw invalidRequest(`Invalid '${param}': key '${k.slice(0, 16)}…' is longer than 64 characters.`, param, "invalid_value");
    if (typeof value !== "string") wrongType(`${param}.${k}`, "a string", value);
    if (value.length > 512) {
      throw invalidRequest(`Invalid '${param}.${k}': string too long. Expected a string with maximum length 512, but got a string with length ${value.length} instead.`, `${param}.${k}`, "string_above_max_length");
    }
  }
}

/** Checks one present, non-null value against its rule; throws the API's 400. */
export function checkValue(param: string, v: unknown, rule: ValueRule, unknownKey: (param: string) => never): void {
  switch (rule.kind) {
    case "number": return checkNumber(param, v, rule.min, rule.max, false);
    case "integer": return checkNumber(param, v, rule.min, rule.max, true);
    case "enum": return checkEnum(param, v, rule.values);
    case "enums":
      if (!Array.isArray(v)) wrongType(param, "an array", v);
      return v.forEach((item, i) => checkEnum(`${param}[${i}]`, item, rule.values));
    case "boolean": if (typeof v !== "boolean") wrongType(param, "a boolean", v); return;
    case "string":
      if (typeof v !== "string") wrongType(param, "a string", v);
      if (rule.maxLength !== undefined && v.length > rule.maxLength) {
        throw invalidRequest(`Invalid '${param}': string too long. Expected a string with maximum length ${rule.maxLength}, but got a string with length ${v.length} instead.`, param, "string_above_max_length");
      }
      return;
    case "object":
      if (typeof v !== "object" || Array.isArray(v) || v === null) wrongType(param, "an object", v);
      for (const k of Object.keys(v)) if (!rule.keys.includes(k)) unknownKey(`${param}.${k}`);
      return;
    case "stop": return checkStop(param, v);
    case "metadata": return checkMetadata(param, v);
  }
}

/**
 * Checks a body against an API's table: a top-level key the table lacks is the API's
 * unknown-parameter error; a dotted key (`reasoning.effort`) checks a nested value.
 * Null counts as absent, as the spec's nullable fields say.
 */
export function checkBody(body: Body, table: RuleTable, topLevel: ReadonlySet<string>, unknownKey: (param: string) => never): void {
  for (const key of Object.keys(body)) if (!topLevel.has(key)) unknownKey(key);
  for (const [param, rule] of Object.entries(table)) {
    const v = valueAt(body, param);
    if (v !== undefined && v !== null) checkValue(param, v, rule, unknownKey);
  }
}

export function valueAt(body: Body, path: string): unknown {
  const dot = path.indexOf(".");
  if (dot < 0) return body[path];
  const outer = body[path.slice(0, dot)];
  return outer !== null && typeof outer === "object" && !Array.isArray(outer) ? (outer as Body)[path.slice(dot + 1)] : undefined;
}
