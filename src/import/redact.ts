import { catastrophicReason, EvalgateError, mapStrings, REDACTED, regexShape } from "../core/index.js";

/**
 * What import masks before anything is written (docs/migration-guide.md "Privacy"): the
 * built-in kinds — emails, phone numbers, card numbers (Luhn-checked), API keys — then the
 * suite's own `redact` patterns. A run replaying the traffic masks the candidate's output
 * the same way before comparing it with the (masked) recording. Counts per kind, never values.
 */
export type RedactionKind = "api_key" | "email" | "card" | "phone" | "pattern";

interface BuiltIn {
  kind: Exclude<RedactionKind, "pattern">;
  re: RegExp;
  /** Whether a match is really of this kind (a card's checksum, a phone's digit count). */
  accept?: (match: string) => boolean;
}

const BUILT_INS: readonly BuiltIn[] = [
  { kind: "api_key", re: /\b(?:sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16})\b/g },
  { kind: "email", re: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  { kind: "card", re: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g, accept: (m) => luhnValid(m.replace(/\D/g, "")) },
  { kind: "phone", re: /(?<![\w+])\+?\d[\d ().-]{8,18}\d(?!\w)/g, accept: (m) => phoneLike(m) },
];

/** The marker a kind's match becomes. */
export function redactionMarker(kind: RedactionKind): string {
  return kind === "pattern" ? REDACTED : `[REDACTED:${kind}]`;
}

export type RedactionCounts = Record<RedactionKind, number>;

export interface Redactor {
  text(text: string): string;
  /** A copy of a JSON-like value with every string (object keys too) masked. */
  value<T>(value: T): T;
  /** Matches masked so far, per kind. */
  counts(): RedactionCounts;
}

/** The built-in kinds and the given patterns (each checked as `redact:` patterns are at load). */
export function createRedactor(patterns: readonly string[] = []): Redactor {
  const own = patterns.map(compilePattern);
  const counts: RedactionCounts = { api_key: 0, email: 0, card: 0, phone: 0, pattern: 0 };
  const text = (input: string): string => {
    let out = input;
    for (const b of BUILT_INS) {
      if (!mayHold(b.kind, out)) continue;
      out = out.replace(b.re, (m) => {
        if (b.accept && !b.accept(m)) return m;
        counts[b.kind]++;
        return redactionMarker(b.kind);
      });
    }
    for (const re of own) {
      out = out.replace(re, () => {
        counts.pattern++;
        return REDACTED;
      });
    }
    return out;
  };
  return { text, value: (v) => mapStrings(v, text), counts: () => ({ ...counts }) };
}

/** Cheap pre-checks: most strings hold no `@`, no `sk-` and few digits. */
function mayHold(kind: BuiltIn["kind"], text: string): boolean {
  if (kind === "email") return text.includes("@");
  if (kind === "api_key") return text.includes("sk-") || text.includes("AKIA");
  return /\d{3}/.test(text) || /\d[ -]\d/.test(text);
}

function compilePattern(pattern: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(pattern, "g");
  } catch (e) {
    throw new EvalgateError("BAD_FLAG", `redact pattern ${JSON.stringify(pattern)} does not compile: ${(e as Error).message}`, { hint: "write it as a JavaScript regular expression" });
  }
  const reason = catastrophicReason(regexShape(pattern));
  if (reason !== null) throw new EvalgateError("BAD_FLAG", `redact pattern ${JSON.stringify(pattern)} can backtrack catastrophically: ${reason}`, { hint: "quantify a single token instead, e.g. (a+)+ → a+" });
  return re;
}

/** The Luhn checksum every payment card number satisfies (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** 10–15 digits (E.164 allows 15), written with at most one separator between digit groups. */
function phoneLike(match: string): boolean {
  const digits = match.replace(/\D/g, "").length;
  return digits >= 10 && digits <= 15 && !/[ ().-]{2,}/.test(match.replace(/\) /g, ")"));
}
