import { EvalgateError, LIMITS } from "../core/index.js";
import { locateInCase, type RawCase } from "./dataset.js";
import type { Path } from "./source.js";

/**
 * Refuses a case whose vars hold a string over LIMITS.valueBytes or nest deeper than
 * LIMITS.valueDepth, naming where. Iterative: a 3,000-deep row must not overflow the
 * stack here (or later, in hashing and templating). Runs on every case of a dataset, so
 * the common pass keeps no paths; only a case that breaks a limit is walked again for one.
 */
export function checkCaseValues(c: RawCase): void {
  const values: unknown[] = [c.vars];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === "string") {
      if (tooLong(value)) throw locateViolation(c);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= LIMITS.valueDepth) throw locateViolation(c);
    for (const v of Array.isArray(value) ? value : Object.values(value)) {
      values.push(v);
      depths.push(depth + 1);
    }
  }
}

/** UTF-8 is at most 3 bytes a UTF-16 unit: measure only what might be over. */
function tooLong(text: string): boolean {
  return text.length * 3 > LIMITS.valueBytes && Buffer.byteLength(text) > LIMITS.valueBytes;
}

/** The error for the first value that breaks a limit, found again with its path. */
function locateViolation(c: RawCase): EvalgateError {
  const stack: Array<{ value: unknown; path: Path }> = [{ value: c.vars, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (tooLong(value)) return tooBig(c, path, Buffer.byteLength(value));
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= LIMITS.valueDepth) return tooDeep(c, path);
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [k, v] of entries) stack.push({ value: v, path: [...path, k] });
  }
  throw new Error(`case ${c.id}: a limit was broken but no value breaks it`);
}

function where(path: Path): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "");
}

function tooBig(c: RawCase, path: Path, bytes: number): EvalgateError {
  return new EvalgateError("DATASET_INVALID", `case ${c.id}: \`${where(path)}\` is ${bytes.toLocaleString("en-US")} bytes, over the 1 MiB limit for one value`, {
    location: locateInCase(c, ["vars", ...path]),
    hint: "shorten the value, or keep large documents in files the prompt reads with file://",
  });
}

function tooDeep(c: RawCase, path: Path): EvalgateError {
  return new EvalgateError("DATASET_INVALID", `case ${c.id}: its vars nest deeper than ${LIMITS.valueDepth} levels (at \`${where(path.slice(0, 8))}…\`)`, {
    location: locateInCase(c, ["vars", ...path.slice(0, 8)]),
    hint: `flatten the value: a case's vars nest at most ${LIMITS.valueDepth} levels`,
  });
}
