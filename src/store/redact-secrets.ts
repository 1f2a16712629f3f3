import { REDACTED, notedJsonText, scrubSecretText, sortedCopy } from "../core/index.js";
export { REDACTED };

/** Header and field names whose values are credentials. */
const SECRET_KEY = /^(authorization|proxy-authorization|x-api-key|api[-_]?key|openai[-_]api[-_]key)$/i;

/**
 * A copy of a JSON value with credentials replaced: values under secret-looking keys, and
 * bearer tokens and `sk-…` keys inside strings (core's `scrubSecretText`). The store applies
 * it to every payload and error it writes, after the suite's `redact` patterns, so a secret
 * is never written even if a caller forgot.
 */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === "string") return scrubSecretText(value);
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
 * What JSON text may hold a credential in: a secret-named field (SECRET_KEY as a JSON key),
 * or the shapes scrubSecretText masks inside strings (`Bearer …`, `sk-…`).
 */
const MAY_HOLD_SECRET = new RegExp(`Bearer|sk-|"(${SECRET_KEY.source.replace(/^\^|\$$/g, "")})"\\s*:`, "i");

/**
 * JSON of a value built in one key order (a request body, a reply), credentials masked: the
 * plain JSON when nothing in it may be one, else `redactedStableJson` (which also sorts keys).
 * Cheaper than the masking walk for the payloads a run writes per attempt.
 */
export function redactedJson(value: unknown): string {
  return maskedIfNeeded(value ?? null, JSON.stringify(value ?? null));
}

/** `text`, the JSON of `value`, as it is when nothing in it may be a credential, else `redactedStableJson(value)`. */
function maskedIfNeeded(value: unknown, text: string): string {
  return MAY_HOLD_SECRET.test(text) ? redactedStableJson(value) : text;
}

/**
 * `redactedJson({ request, response })` of an attempt's raw call, built from the JSON texts
 * the transport noted for its parts (core/json-text.ts) where it has them: no second
 * serialization of a streamed reply's events. Wire text may spell a character as `\uXXXX`,
 * which could hide a secret from MAY_HOLD_SECRET: such text is serialized again first.
 */
export function redactedRawJson(raw: { request: unknown; response: unknown }): string {
  const value = { request: raw.request ?? null, response: raw.response ?? null };
  const request = notedJsonText(value.request);
  const response = notedJsonText(value.response);
  const noted = request !== undefined || response !== undefined;
  if (!noted || request?.includes("\\u") || response?.includes("\\u")) return redactedJson(value);
  return maskedIfNeeded(value, `{"request":${request ?? JSON.stringify(value.request)},"response":${response ?? JSON.stringify(value.response)}}`);
}

/**
 * `stableStringify(redactSecrets(value))` in one walk over the value (one copy instead of
 * two, and strings without a secret left as they are): the text every stored payload is hashed by.
 */
export function redactedStableJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value, scrubSecretText, (key, v) => (v !== null && SECRET_KEY.test(key) ? REDACTED : undefined)));
}
