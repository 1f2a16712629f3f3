import { EvalgateError, LIMITS } from "../core/index.js";
import { locateInCase, type RawCase } from "./dataset.js";
import type { Path } from "./source.js";

/**
 * Refuses a case whose vars hold a string over LIMITS.valueBytes or nest deeper than
 * LIMITS.valueDepth, naming where. Iterative: a 3,000-deep row must not overflow the
 * stack here (or later, in hashing and templating).
 */
export function checkCaseValues(c: RawCase): void {
  const stack: Array<{ value: unknown; path: Path }> = [{ value: c.vars, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      // UTF-8 is at most 4 bytes a UTF-16 unit and at least 1: measure only what might be over.
      if (value.length * 3 > LIMITS.valueBytes && Buffer.byteLength(value) > LIMITS.valueBytes) throw tooBig(c, path, Buffer.byteLength(value));
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= LIMITS.valueDepth) throw tooDeep(c, path);
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [k, v] of entries) stack.push({ value: v, path: [...path, k] });
  }
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
