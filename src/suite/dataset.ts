import { extname } from "node:path";
import { createRequire } from "node:module";
import { EvalgateError, suiteCaseSchema, type CaseRecording, type CaseRequest, type SourceLocation, LIMITS } from "../core/index.js";
import { firstIssue, issueError } from "./issues.js";
import { decodeUtf8, displayPath, readBytes, YamlSource, type Path } from "./source.js";

/** Dataset limits: core's LIMITS (docs/suite-format.md#limits). */
export const MAX_DATASET_ROWS = LIMITS.datasetRows;
export const MAX_LINE_BYTES = LIMITS.lineBytes;

/** A case as read, before cross-checks: graders are still loose specs; varsHash is set by the loader. */
export interface RawCase {
  id: string;
  vars: Record<string, unknown>;
  tags: string[];
  /** The case's `group:` (cases that are not independent); absent when it has none. */
  group?: string;
  graders: Record<string, unknown>[];
  varsHash: string;
  location: SourceLocation;
  /** Imported traffic (docs/suite-format.md "Replaying traffic"): how often seen, the request, the logged reply. */
  weight?: number;
  request?: CaseRequest;
  recorded?: CaseRecording;
  /** Locates a path inside this case; absent for one-line rows (.jsonl, .csv), whose position is the row's. */
  locate?: (path: Path, key?: boolean) => SourceLocation;
}

/** The position of a path inside a case (its row, for .jsonl and .csv rows). */
export function locateInCase(c: RawCase, path: Path, key?: boolean): SourceLocation {
  return c.locate ? c.locate(path, key) : c.location;
}

export interface LoadedDataset {
  cases: RawCase[];
  /** The file's text, for the suite hash. */
  text: string;
}

const CASE_KEYS = new Set(["id", "vars", "tags", "group", "graders", "weight", "request", "recorded"]);

/** Reads one dataset file (`.jsonl`, `.csv`, `.yaml`/`.yml`, `.json`) into cases. */
export function loadDataset(file: string, referencedFrom: SourceLocation): LoadedDataset {
  const ext = extname(file).toLowerCase();
  if (![".jsonl", ".csv", ".yaml", ".yml", ".json"].includes(ext)) {
    throw new EvalgateError("DATASET_INVALID", `unsupported dataset type \`${ext || "(none)"}\`: ${displayPath(file)}`, {
      location: referencedFrom,
      hint: "datasets are .jsonl (one object a line), .csv (with a header) or .yaml (a list)",
    });
  }
  const text = decodeUtf8(readBytes(file, referencedFrom), file, "DATASET_INVALID");
  const rows = ext === ".jsonl" ? jsonlRows(file, text) : ext === ".csv" ? csvRows(file, text) : yamlRows(file, text);
  if (rows.length === 0) {
    throw new EvalgateError("DATASET_INVALID", `${displayPath(file)} holds no rows`, { location: { file: displayPath(file), line: 1, col: 1 }, hint: "add at least one case, or remove the dataset reference" });
  }
  return { cases: rows.map((r, i) => toCase(r, i + 1)), text };
}

interface Row {
  value: unknown;
  location: SourceLocation;
  locate?: (path: Path, key?: boolean) => SourceLocation;
}

function tooMany(file: string, line: number): EvalgateError {
  return new EvalgateError("DATASET_INVALID", `${displayPath(file)} has more than ${MAX_DATASET_ROWS.toLocaleString("en-US")} rows`, {
    location: { file: displayPath(file), line, col: 1 },
    hint: `a suite's datasets hold at most ${MAX_DATASET_ROWS.toLocaleString("en-US")} rows: sample the data or split the suite`,
  });
}

function tooLong(file: string, line: number, bytes: number): EvalgateError {
  return new EvalgateError("DATASET_INVALID", `line ${line} of ${displayPath(file)} is ${bytes} bytes, over the ${MAX_LINE_BYTES}-byte (1 MiB) limit`, {
    location: { file: displayPath(file), line, col: 1 },
    hint: "keep each row under 1 MiB: move large documents into files and reference them",
  });
}

function jsonlRows(file: string, text: string): Row[] {
  const rows: Row[] = [];
  const name = displayPath(file);
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.length > MAX_LINE_BYTES / 4 && Buffer.byteLength(raw) > MAX_LINE_BYTES) throw tooLong(file, line, Buffer.byteLength(raw));
    if (raw.trim() === "") continue;
    if (rows.length >= MAX_DATASET_ROWS) throw tooMany(file, line);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      const pos = /position (\d+)/.exec((e as Error).message);
      const col = pos ? Number(pos[1]) + 1 : 1;
      throw new EvalgateError("DATASET_INVALID", `line ${line} is not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, "").replace(/ \(line \d+ column \d+\)$/, "")}`, {
        location: { file: name, line, col },
        hint: "a .jsonl dataset holds one JSON object per line",
      });
    }
    rows.push({ value, location: { file: name, line, col: 1 } });
  }
  return rows;
}

// csv-parse loads for a .csv dataset only.
const require = createRequire(import.meta.url);

function csvRows(file: string, text: string): Row[] {
  const { parse: parseCsv } = require("csv-parse/sync") as typeof import("csv-parse/sync");
  const name = displayPath(file);
  let records: { record: Record<string, string>; line: number }[];
  try {
    // on_record keeps each row's line without csv-parse's full `info` objects (much faster).
    records = parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      max_record_size: MAX_LINE_BYTES,
      to: MAX_DATASET_ROWS + 1,
      on_record: (record: Record<string, string>, context: { lines: number }) => ({ record, line: context.lines }),
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    const line = err.lines ?? 1;
    if (err.code === "CSV_MAX_RECORD_SIZE") throw tooLong(file, line, MAX_LINE_BYTES + 1);
    const ragged = err.code === "CSV_RECORD_INCONSISTENT_COLUMNS" || err.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH";
    const counts = /columns length is (\d+), got (\d+)/.exec(err.message);
    const what = counts ? `has ${counts[2]} fields, the header has ${counts[1]}` : `cannot be parsed: ${err.message.split("\n")[0]}`;
    throw new EvalgateError("DATASET_INVALID", `line ${line} of ${name} ${what}`, {
      location: { file: name, line, col: 1 },
      hint: ragged ? "every row needs as many fields as the header: quote fields that contain commas" : "check the quotes on this line",
    });
  }
  if (records.length > MAX_DATASET_ROWS) throw tooMany(file, records[MAX_DATASET_ROWS]!.line);
  return records.map(({ record, line }) => ({ value: record, location: { file: name, line, col: 1 } }));
}

function yamlRows(file: string, text: string): Row[] {
  const source = new YamlSource(file, text, "DATASET_INVALID");
  const list = source.value;
  if (!Array.isArray(list)) {
    throw new EvalgateError("DATASET_INVALID", `${displayPath(file)} must be a list of cases`, { location: source.locate([]), hint: "write one `- {id: …, vars: {…}}` (or a flat map of vars) per case" });
  }
  if (list.length > MAX_DATASET_ROWS) throw tooMany(file, source.locate([MAX_DATASET_ROWS]).line ?? 1);
  return list.map((value, i) => ({ value, location: source.locate([i]), locate: (path: Path, key?: boolean) => source.locate([i, ...path], key) }));
}

/** A row in either shape: `{id, vars, tags, graders}` or a flat map of vars (`id` = the case id). */
function toCase(r: Row, rowNumber: number): RawCase {
  const { value, location } = r;
  const locate = (path: Path, key?: boolean) => (r.locate ? r.locate(path, key) : location);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new EvalgateError("DATASET_INVALID", `row ${rowNumber} is not an object (got ${Array.isArray(value) ? "a list" : JSON.stringify(value)})`, { location, hint: "each row is a map: {id, vars, tags} or the vars themselves" });
  }
  const row = value as Record<string, unknown>;
  const structured = ("vars" in row || "request" in row) && Object.keys(row).every((k) => CASE_KEYS.has(k));
  if (!structured) {
    const { id, ...vars } = row;
    const caseId = id === undefined || id === null || id === "" ? `row-${rowNumber}` : typeof id === "string" || typeof id === "number" ? String(id) : undefined;
    if (caseId === undefined) throw new EvalgateError("DATASET_INVALID", `row ${rowNumber}: \`id\` must be a string or a number`, { location: locate(["id"]), hint: "give the row a text id, or drop it to get row-N" });
    return { id: checkId(caseId, rowNumber, locate), vars, tags: [], graders: [], varsHash: "", location, ...(r.locate ? { locate: r.locate } : {}) };
  }
  const fast = fastStructured(row);
  if (fast) return { id: fast.id, vars: fast.vars, tags: fast.tags, graders: [], varsHash: "", location, ...(r.locate ? { locate: r.locate } : {}) };
  const parsed = suiteCaseSchema.safeParse({ id: `row-${rowNumber}`, ...row, ...(typeof row.id === "number" ? { id: String(row.id) } : {}) });
  if (!parsed.success) throw issueError(firstIssue(parsed.error.issues), suiteCaseSchema, row, locate, "DATASET_INVALID");
  const c = parsed.data;
  return { id: c.id, vars: c.vars, tags: c.tags, ...(c.group === undefined ? {} : { group: c.group }), graders: c.graders as Record<string, unknown>[], varsHash: "", location, ...replayFields(c), ...(r.locate ? { locate: r.locate } : {}) };
}

/** A case's imported-traffic keys, those it has. */
export function replayFields(c: { weight?: number | undefined; request?: CaseRequest | undefined; recorded?: CaseRecording | undefined }): Pick<RawCase, "weight" | "request" | "recorded"> {
  return {
    ...(c.weight === undefined ? {} : { weight: c.weight }),
    ...(c.request === undefined ? {} : { request: c.request }),
    ...(c.recorded === undefined ? {} : { recorded: c.recorded }),
  };
}

const ID = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;

function checkId(id: string, rowNumber: number, locate: (path: Path) => SourceLocation): string {
  if (ID.test(id) && id.length <= 200) return id;
  throw new EvalgateError("DATASET_INVALID", `row ${rowNumber}: case id ${JSON.stringify(id)} is not a valid id`, { location: locate(["id"]), hint: "ids use letters, digits, `_`, `.`, `:` and `-` (no `@`, `/` or spaces)" });
}


/** The common structured row (string id, a map of vars, string tags, no graders) without zod; else undefined. */
function fastStructured(row: Record<string, unknown>): Pick<RawCase, "id" | "vars" | "tags" | "graders"> | undefined {
  const { id, vars, tags } = row;
  if (typeof id !== "string" || !ID.test(id) || id.length > 200 || row.graders !== undefined || row.group !== undefined) return undefined;
  if (row.request !== undefined || row.recorded !== undefined || row.weight !== undefined) return undefined;
  if (vars === null || typeof vars !== "object" || Array.isArray(vars)) return undefined;
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === "string" && t.length > 0))) return undefined;
  return { id, vars: vars as Record<string, unknown>, tags: (tags as string[] | undefined) ?? [], graders: [] };
}
