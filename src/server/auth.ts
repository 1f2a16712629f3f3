import { createHash, timingSafeEqual } from "node:crypto";

/** The cookie a `?token=` page load is exchanged for (HttpOnly: page scripts never see it). */
export const TOKEN_COOKIE = "evalgate-token";

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

/**
 * The token an API call carries: `Authorization: Bearer T`, else the token cookie.
 * A `?token=` query parameter is not read here: it is only exchanged for the cookie on a page load.
 */
export function requestToken(authorization: string | undefined, cookieHeader: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (bearer) return bearer[1]?.trim();
  return parseCookies(cookieHeader)[TOKEN_COOKIE];
}

/** One `Cookie` header as name → value (first occurrence wins; values percent-decoded when they can be). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === "" || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** The Set-Cookie value that carries the token: HttpOnly, SameSite=Strict, the whole site. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** 127.0.0.1, ::1, localhost and the rest of 127/8: binding there needs no token. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1") return true;
  return /^127(\.\d{1,3}){3}$/.test(h);
}
