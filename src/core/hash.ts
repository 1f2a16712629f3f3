import { hash } from "node:crypto";

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortedCopy(value));
}

/**
 * A copy of a JSON value with object keys sorted and undefined values dropped, in one walk:
 * `text` maps every string, `entry` may replace the value under a key (return undefined to
 * keep walking into it).
 */
export function sortedCopy(value: unknown, text: (s: string) => unknown = (s) => s, entry?: (key: string, v: unknown) => unknown): unknown {
  if (typeof value === "string") return text(value);
  if (Array.isArray(value)) return value.map((v) => sortedCopy(v, text, entry));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      out[key] = entry?.(key, v) ?? sortedCopy(v, text, entry);
    }
    return out;
  }
  return value;
}

export function sha256(text: string | Uint8Array): string {
  return hash("sha256", text, "hex");
}

/** Content hash of any JSON value (key order ignored). */
export function hashJson(value: unknown): string {
  return sha256(stableStringify(value));
}
