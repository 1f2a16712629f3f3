import { z } from "zod";

/**
 * A small JSON path subset (docs/graders.md): `$` the root, `.key`, `['key with space']`
 * (or double quotes), `[0]`, `[-1]` (from the end), and `[*]` / `.*` (every element:
 * the result is the list of what the rest of the path selects in each).
 */
export type PathSegment =
  | { kind: "key"; key: string }
  | { kind: "index"; index: number }
  | { kind: "wildcard" };

export type PathResult =
  | { found: true; value: unknown }
  | { found: false; missing: string; why: string | null };

const IDENT = /^[A-Za-z_][\w-]*/;

export class JsonPathSyntaxError extends Error {}

export function parseJsonPath(path: string): PathSegment[] {
  if (!path.startsWith("$")) throw new JsonPathSyntaxError(`a path starts with '$' (got '${path}')`);
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    if (rest.startsWith(".*")) {
      segments.push({ kind: "wildcard" });
      i += 2;
    } else if (rest.startsWith(".")) {
      const ident = IDENT.exec(rest.slice(1));
      if (!ident) throw new JsonPathSyntaxError(`expected a key after '.' at column ${i + 2} of '${path}'`);
      segments.push({ kind: "key", key: ident[0] });
      i += 1 + ident[0].length;
    } else if (rest.startsWith("[")) {
      const { segment, length } = parseBracket(rest, path, i);
      segments.push(segment);
      i += length;
    } else {
      throw new JsonPathSyntaxError(`unexpected '${rest[0]}' at column ${i + 1} of '${path}'`);
    }
  }
  return segments;
}

function parseBracket(rest: string, path: string, at: number): { segment: PathSegment; length: number } {
  const star = /^\[\*\]/.exec(rest);
  if (star) return { segment: { kind: "wildcard" }, length: star[0].length };
  const index = /^\[(-?\d+)\]/.exec(rest);
  if (index) return { segment: { kind: "index", index: Number(index[1]) }, length: index[0].length };
  const quote = rest[1];
  if (quote === "'" || quote === '"') {
    let key = "";
    for (let j = 2; j < rest.length; j++) {
      const c = rest[j];
      if (c === "\\" && j + 1 < rest.length) {
        key += rest[++j];
      } else if (c === quote) {
        if (rest[j + 1] !== "]") break;
        return { segment: { kind: "key", key }, length: j + 2 };
      } else {
        key += c;
      }
    }
  }
  throw new JsonPathSyntaxError(`bad bracket at column ${at + 1} of '${path}': use [0], [*] or ['key']`);
}

/** The canonical text of a path, e.g. `$.items[1]['unit price']`. */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  let out = "$";
  for (const s of segments) {
    if (s.kind === "wildcard") out += "[*]";
    else if (s.kind === "index") out += `[${s.index}]`;
    else out += /^[A-Za-z_][\w-]*$/.test(s.key) ? `.${s.key}` : `[${JSON.stringify(s.key).replace(/^"|"$/g, "'")}]`;
  }
  return out;
}

export function selectJsonPath(root: unknown, path: string | readonly PathSegment[]): PathResult {
  const segments = typeof path === "string" ? parseJsonPath(path) : path;
  return walk(root, segments, 0, []);
}

function walk(value: unknown, segments: readonly PathSegment[], at: number, seen: PathSegment[]): PathResult {
  const segment = segments[at];
  if (segment === undefined) return { found: true, value };
  const here = [...seen, segment];
  if (segment.kind === "wildcard") {
    const items = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : null;
    if (items === null) return { found: false, missing: formatJsonPath(here), why: whyNot(seen, value, "a list") };
    const out: unknown[] = [];
    for (let k = 0; k < items.length; k++) {
      const step: PathSegment = Array.isArray(value) ? { kind: "index", index: k } : { kind: "key", key: Object.keys(value as object)[k]! };
      const r = walk(items[k], segments, at + 1, [...seen, step]);
      if (!r.found) return r;
      out.push(r.value);
    }
    return { found: true, value: out };
  }
  if (segment.kind === "index") {
    if (!Array.isArray(value)) return { found: false, missing: formatJsonPath(here), why: whyNot(seen, value, "a list") };
    const index = segment.index < 0 ? value.length + segment.index : segment.index;
    if (index < 0 || index >= value.length) {
      return { found: false, missing: formatJsonPath(here), why: `${formatJsonPath(seen)} has ${value.length} item(s)` };
    }
    return walk(value[index], segments, at + 1, here);
  }
  if (!isObject(value) || !Object.hasOwn(value, segment.key)) {
    return { found: false, missing: formatJsonPath(here), why: isObject(value) ? null : whyNot(seen, value, "an object") };
  }
  return walk(value[segment.key], segments, at + 1, here);
}

function whyNot(seen: readonly PathSegment[], value: unknown, wanted: string): string {
  return `${formatJsonPath(seen)} is ${describeType(value)}, not ${wanted}`;
}

export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `path:` option: validated when the suite loads, so a bad path is a load error. */
export const jsonPathOption = z.string().superRefine((path, ctx) => {
  try {
    parseJsonPath(path);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `${(e as Error).message} (supported: $.key, $.list[0], $['key with space'], $.list[*].key)` });
  }
});
