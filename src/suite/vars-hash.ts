import { sha256 } from "../core/index.js";

/**
 * hashJson(vars), without the sorted copy core's stableStringify makes: the same text
 * (keys sorted, undefined members dropped) written straight into one string. A suite of
 * 100,000 rows hashes every case's vars at load; the copies were most of its garbage.
 */
export function varsHash(vars: Record<string, unknown>): string {
  return sha256(stableJson(vars));
}

export function stableJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === "function" ? "null" : stableJson(v))).join(",")}]`;
  let out = "";
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === "function") continue;
    out += `${out ? "," : ""}${JSON.stringify(key)}:${stableJson(v)}`;
  }
  return `{${out}}`;
}
