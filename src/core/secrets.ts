/** What every masked secret is replaced by, in stored rows, reports and messages. */
export const REDACTED = "[redacted]";

/** `Bearer <token>` in a header value or an error message. */
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;
/** OpenAI-style keys (`sk-…`, `sk-proj-…`), as an endpoint may quote them back in a 401. */
const SK_KEY = /\bsk-[A-Za-z0-9_-]{8,}/g;

/**
 * `text` with credentials masked: bearer tokens, `sk-…`-looking keys, and each of
 * `secrets` (e.g. the attempt's own API key, whatever its shape) wherever it appears.
 */
export function scrubSecretText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
  if (out.includes("Bearer")) out = out.replace(BEARER, `Bearer ${REDACTED}`);
  if (out.includes("sk-")) out = out.replace(SK_KEY, REDACTED);
  return out;
}

/** A copy of a JSON-like value with `scrubSecretText` applied to every string in it (keys included). */
export function scrubSecrets<T>(value: T, secrets: readonly string[] = []): T {
  return mapStrings(value, (text) => scrubSecretText(text, secrets));
}

/** A copy of a JSON-like value with `fn` applied to every string in it, object keys included. */
export function mapStrings<T>(value: T, fn: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return fn(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[fn(k)] = walk(inner);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
