import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Constant-time token check: both sides are hashed first, so neither the comparison
 * time nor a length mismatch tells an attacker how much of the token they guessed.
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer T`, else the `token` query param. */
export function requestToken(authorization: string | undefined, query: unknown): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (bearer) return bearer[1]?.trim();
  if (query !== null && typeof query === "object" && "token" in query) {
    const t = (query as { token: unknown }).token;
    if (typeof t === "string") return t;
  }
  return undefined;
}

/** 127.0.0.1, ::1, localhost and the rest of 127/8: binding there needs no token. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1") return true;
  return /^127(\.\d{1,3}){3}$/.test(h);
}
