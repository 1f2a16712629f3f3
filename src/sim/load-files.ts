import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { EvalgateError } from "../core/errors.js";
import type { AnswerIndex, AnswerIndexEntry } from "../core/sim-answers.js";
import type { SimConfig } from "../core/sim-config.js";
import { resolveSimConfig } from "./config.js";

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (cause) {
    throw new EvalgateError("FILE_NOT_FOUND", `cannot read ${file}`, { location: { file }, cause });
  }
}

function parseYaml(file: string): unknown {
  try {
    return parse(readText(file));
  } catch (cause) {
    if (cause instanceof EvalgateError) throw cause;
    const pos = (cause as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new EvalgateError("CONFIG_INVALID", `${file} is not valid YAML/JSON: ${(cause as Error).message.split("\n")[0]}`, {
      location: { file, ...(pos ? { line: pos.line, col: pos.col } : {}) },
      cause,
    });
  }
}

/** A simulator config file (YAML or JSON): the `sim:` map itself, or a file (a suite) with a `sim:` key. */
export function loadSimConfigFile(file: string): SimConfig {
  const doc = parseYaml(file) ?? {};
  const sim = typeof doc === "object" && doc !== null && "sim" in doc ? (doc as { sim: unknown }).sim : doc;
  try {
    return resolveSimConfig((sim ?? {}) as SimConfig);
  } catch (e) {
    if (e instanceof EvalgateError) throw new EvalgateError(e.code, e.message, { location: { file }, ...(e.hint ? { hint: e.hint } : {}) });
    throw e;
  }
}

/** An answer index file: `{entries: [...]}`, a list of entries (JSON/YAML), or JSONL with one entry a line. */
export function loadAnswerIndexFile(file: string): AnswerIndex {
  const text = readText(file);
  const entries: unknown = file.endsWith(".jsonl")
    ? text.split("\n").filter((l) => l.trim()).map((l, i) => parseJsonLine(file, l, i + 1))
    : ((doc: unknown) => (Array.isArray(doc) ? doc : (doc as { entries?: unknown } | null)?.entries))(parseYaml(file));
  if (!Array.isArray(entries)) {
    throw new EvalgateError("CONFIG_INVALID", `${file} holds no answer entries`, { location: { file }, hint: "expected {entries: [{caseId, keys, answer}]}" });
  }
  return { entries: entries.map((e, i) => checkEntry(file, e, i)) };
}

function parseJsonLine(file: string, line: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new EvalgateError("CONFIG_INVALID", `line ${n} is not JSON`, { location: { file, line: n } });
  }
}

function checkEntry(file: string, e: unknown, i: number): AnswerIndexEntry {
  const entry = e as Partial<AnswerIndexEntry> | null;
  const ok = entry && typeof entry.caseId === "string" && Array.isArray(entry.keys) && entry.keys.every((k) => typeof k === "string") &&
    (typeof entry.answer === "string" || (typeof entry.answer === "object" && entry.answer !== null));
  if (!ok) {
    throw new EvalgateError("CONFIG_INVALID", `answer entry ${i + 1} needs caseId (string), keys (strings) and answer (text or map)`, { location: { file } });
  }
  return entry as AnswerIndexEntry;
}
