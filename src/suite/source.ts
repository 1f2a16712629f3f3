import { readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from "yaml";
import { EvalgateError, LIMITS, type ErrorCode, type SourceLocation } from "../core/index.js";

/** core's LIMITS under the names the suite folder exports (docs/suite-format.md#limits). */
export const MAX_FILE_BYTES = LIMITS.fileBytes;
export const MAX_ALIAS_COUNT = LIMITS.yamlAliases;

export type Path = readonly (string | number)[];

/** How a user-facing path is shown: relative to the working directory when below it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  const ups = rel.split(/[\\/]/).filter((part) => part === "..").length;
  return rel && ups <= 2 && !isAbsolute(rel) ? rel : file;
}

/** A file's bytes, refusing missing and oversized files with a position-less error. */
export function readBytes(file: string, referencedFrom?: SourceLocation, maxBytes: number = MAX_FILE_BYTES): Buffer {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error("not a file");
    size = stat.size;
  } catch {
    throw new EvalgateError("FILE_NOT_FOUND", `file not found: ${displayPath(file)}`, {
      location: referencedFrom ?? { file: displayPath(file) },
      hint: referencedFrom ? "paths are relative to the suite file's folder" : "check the path",
    });
  }
  if (size > maxBytes) {
    throw new EvalgateError("DATASET_INVALID", `${displayPath(file)} is ${size.toLocaleString("en-US")} bytes, over the ${(maxBytes / 1024 / 1024).toLocaleString("en-US")} MiB limit`, {
      location: { file: displayPath(file) },
      hint: maxBytes === MAX_FILE_BYTES ? "split the dataset into several files" : "move the cases into a dataset file (`dataset:`), which may be larger",
    });
  }
  return readFileSync(file);
}

/** Decodes UTF-8 strictly: a file that isn't UTF-8 is an error at its first bad byte. */
export function decodeUtf8(bytes: Buffer, file: string, code: ErrorCode): string {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const loose = new TextDecoder("utf-8").decode(bytes);
    const at = loose.indexOf("\uFFFD");
    const { line, col } = lineColAt(loose, Math.max(0, at));
    throw new EvalgateError(code, `${displayPath(file)} is not UTF-8 text`, {
      location: { file: displayPath(file), line, col },
      hint: "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
    });
  }
}

export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** A parsed YAML file that can tell the position of any path in it. */
export class YamlSource {
  readonly lines = new LineCounter();
  readonly doc: Document;
  readonly value: unknown;

  constructor(readonly file: string, readonly text: string, code: ErrorCode) {
    // yaml's own unique-key check compares every pair of keys (40,000 keys: 39 s); ours uses a set.
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: false, strict: true });
    const first = this.doc.errors[0];
    if (first) throw this.yamlError(first.message, errorOffset(text, first.message, first.pos[0]), code, yamlHint(first.code));
    const duplicate = firstDuplicateKey(this.doc);
    if (duplicate !== undefined) throw this.yamlError("Map keys must be unique", duplicate, code, yamlHint("DUPLICATE_KEY"));
    try {
      this.value = this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      throw this.yamlError(`too many YAML aliases: ${(e as Error).message}`, firstAliasOffset(this.doc), code, `a document may expand at most ${MAX_ALIAS_COUNT} aliases`);
    }
  }

  private yamlError(message: string, offset: number, code: ErrorCode, hint: string): EvalgateError {
    const summary = message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    return new EvalgateError(code, summary, { location: this.at(offset), hint });
  }

  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: displayPath(this.file), line, col };
  }

  /** The position of the value at `path` (or of its key, for a key that shouldn't be there). */
  locate(path: Path, key = false): SourceLocation {
    let node: unknown = this.doc.contents;
    let keyNode: unknown;
    for (const part of path) {
      const found = childOf(node, part);
      if (!found) break;
      node = found.value;
      keyNode = found.key;
    }
    const target = (key ? keyNode : node) ?? node;
    const range = (target as Node | undefined)?.range;
    return this.at(range ? range[0] : 0);
  }
}

function childOf(node: unknown, part: string | number): { key: unknown; value: unknown } | undefined {
  if (isAlias(node)) return undefined;
  if (isSeq(node) && typeof part === "number") {
    const item = node.items[part];
    return item === undefined ? undefined : { key: item, value: item };
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(part)) {
        return { key: pair.key, value: pair.value ?? pair.key };
      }
    }
  }
  return undefined;
}

/** An unclosed quote is reported where the file ends; the user needs where it opened. */
function errorOffset(text: string, message: string, offset: number): number {
  const quote = /Missing closing "quote/.test(message) ? '"' : /Missing closing 'quote/.test(message) ? "'" : undefined;
  if (!quote) return offset;
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    if (text[i] === quote && (quote === "'" || text[i - 1] !== "\\")) return i;
  }
  return offset;
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** The offset of the first key that repeats an earlier key of its map, in linear time. */
function firstDuplicateKey(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        const name = isScalar(key) ? `s:${String(key.value)}` : key === null ? "null" : `n:${String(key)}`;
        if (seen.has(name)) {
          found = (key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(name);
      }
      return undefined;
    },
  });
  return found;
}

function yamlHint(code: string): string {
  switch (code) {
    case "TAB_AS_INDENT":
      return "YAML indents with spaces, never tabs";
    case "DUPLICATE_KEY":
      return "each key may appear once in a map";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "check the indentation and the quotes around this line";
    default:
      return "fix the YAML syntax here (a quote, a colon or the indentation)";
  }
}

/** Reads and parses a YAML file with positions. */
export function readYaml(file: string, code: ErrorCode, referencedFrom?: SourceLocation, maxBytes?: number): YamlSource {
  const bytes = readBytes(file, referencedFrom, maxBytes);
  return new YamlSource(resolve(file), decodeUtf8(bytes, file, code), code);
}
