import { z } from "zod";
import { EvalgateError, type ErrorCode, type SourceLocation } from "../core/index.js";
import type { Path } from "./source.js";

/**
 * Keys users bring from the wire formats or other tools, and what evalgate calls them:
 * `anywhere` advice is given even where the named key is not a sibling (`repeat` is top-level).
 */
const INSTEAD: Record<string, { key: string; say: string; anywhere?: boolean }> = {
  n: { key: "repeat", say: "`n` is not a param: use `repeat` (in the suite, or --repeat) for several samples per case", anywhere: true },
  max_tokens: { key: "max_output_tokens", say: "use `max_output_tokens` (mapped to each API's own name)" },
  max_completion_tokens: { key: "max_output_tokens", say: "use `max_output_tokens` (mapped to each API's own name)" },
  regexp: { key: "pattern", say: "use `pattern` for a regex grader's expression" },
  match: { key: "pattern", say: "use `pattern` for a regex grader's expression" },
};

/** Turns the first zod issue into a one-line error that says what is wrong and how to fix it. */
export function issueError(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  value: unknown,
  locate: (path: Path, key?: boolean) => SourceLocation,
  code: ErrorCode = "SUITE_INVALID",
  prefix: Path = [],
): EvalgateError {
  // `prefix` names where the validated value sits (e.g. graders[0]); `locate` is already relative to it.
  const path = issue.path as (string | number)[];
  const where = describePath([...prefix, ...path]);
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const known = knownKeys(schemaAt(schema, issue.path as (string | number)[]));
    const instead = INSTEAD[key];
    const near = instead && known.includes(instead.key) ? undefined : closest(key, known);
    const advice = instead && (known.includes(instead.key) || instead.anywhere) ? ` — ${instead.say}` : near ? ` — did you mean \`${near}\`?` : "";
    const message = `unknown key \`${key}\`${where ? ` in ${where}` : ""}${advice}`;
    return new EvalgateError(code, message, { location: locate([...path, key], true), hint: known.length ? `known keys: ${known.join(", ")}` : "remove it" });
  }
  const actual = valueAt(value, issue.path as (string | number)[]);
  const name = where ? `\`${where}\`` : "the document";
  if (actual === undefined && (issue.code === "invalid_type" || issue.code === "invalid_union") && path.length > 0) {
    return new EvalgateError(code, `${name} is required`, { location: locate(path.slice(0, -1)), hint: `add \`${String(path.at(-1))}\`` });
  }
  if (issue.code === "invalid_value") {
    const values = issue.values.map((v) => String(v)).join(", ");
    return new EvalgateError(code, `${name} must be one of ${values}${actual === undefined ? "" : ` (got ${show(actual)})`}`, { location: locate(path), hint: `use one of: ${values}` });
  }
  if (issue.code === "invalid_type") {
    return new EvalgateError(code, `${name} must be ${article(issue.expected)} (got ${typeName(actual)} ${show(actual)})`, { location: locate(path), hint: `write ${article(issue.expected)} here` });
  }
  if (issue.code === "invalid_union" && Array.isArray((issue as { options?: unknown }).options)) {
    const values = ((issue as { options: unknown[] }).options).map(String).join(", ");
    return new EvalgateError(code, `${name} must be one of ${values} (got ${show(actual)})`, { location: locate(path), hint: `use one of: ${values}` });
  }
  if (issue.code === "invalid_union") {
    return new EvalgateError(code, `${name} has the wrong shape (got ${show(actual)})`, { location: locate(path), hint: unionHint(issue) });
  }
  return new EvalgateError(code, `${name}: ${issue.message}${actual === undefined ? "" : ` (got ${show(actual)})`}`, { location: locate(path), hint: "see docs/suite-format.md" });
}

function unionHint(issue: z.core.$ZodIssueInvalidUnion): string {
  const msgs = issue.errors.map((errs) => errs[0]).filter((e) => e !== undefined).map((e) => `${e.path.length ? `${e.path.join(".")}: ` : ""}${e.message}`);
  return msgs.length ? `expected one of: ${[...new Set(msgs)].join(" | ")}` : "see docs/suite-format.md";
}

export function describePath(path: Path): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "number" && !Number.isFinite(v)) return "the non-number";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `a ${typeof v}`;
}

export function show(v: unknown): string {
  // YAML's .nan and .inf are numbers JSON cannot write: name them, never "null".
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  const text = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The schema of the value at `path`, walking objects, arrays and wrappers. */
function schemaAt(schema: z.ZodType, path: readonly (string | number)[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const p of path) {
    if (!s) return undefined;
    if (s instanceof z.ZodObject) s = unwrap((s.shape as Record<string, z.ZodType>)[String(p)]);
    else if (s instanceof z.ZodArray) s = unwrap(s.element as z.ZodType);
    else if (s instanceof z.ZodRecord) s = unwrap(s.valueType as z.ZodType);
    else return undefined;
  }
  return s;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  for (let i = 0; i < 10 && cur; i++) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodUnion) cur = (cur.options as z.ZodType[]).find((o) => unwrap(o) instanceof z.ZodObject || unwrap(o) instanceof z.ZodArray) ?? (cur.options[0] as z.ZodType | undefined);
    else break;
  }
  return cur;
}

function knownKeys(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape).filter((k) => k !== "$schema") : [];
}

/** The known key nearest to a misspelt one, if it is near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The issue to report: a misspelt key first (it usually explains a "missing" one). */
export function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  return issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!;
}
