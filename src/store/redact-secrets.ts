/** Header and field names whose values are credentials. */
const SECRET_KEY = /^(authorization|proxy-authorization|x-api-key|api[-_]?key|openai[-_]api[-_]key)$/i;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;
import { REDACTED } from "../core/index.js";
export { REDACTED };

/**
 * A copy of a JSON value with credentials replaced: values under secret-looking keys and
 * bearer tokens inside strings. The store applies it to every payload it writes, after the
 * provider's own `redact` patterns, so a secret is never written even if a caller forgot.
 */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === "string") return value.replace(BEARER, `Bearer ${REDACTED}`);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && v !== null && v !== undefined ? REDACTED : redactSecrets(v);
    }
    return out;
  }
  return value;
}

/**
 * `stableStringify(redactSecrets(value))` in one walk over the value (one copy instead of
 * two, and strings without "Bearer" left alone): the text every stored payload is hashed by.
 */
export function redactedStableJson(value: unknown): string {
  return JSON.stringify(redactSorted(value));
}

function redactSorted(value: unknown): unknown {
  if (typeof value === "string") return value.includes("Bearer") ? value.replace(BEARER, `Bearer ${REDACTED}`) : value;
  if (Array.isArray(value)) return value.map(redactSorted);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      out[key] = v !== null && SECRET_KEY.test(key) ? REDACTED : redactSorted(v);
    }
    return out;
  }
  return value;
}
