import { isLoopbackHost } from "./auth.js";

/** The name in a `Host` header, without its port or IPv6 brackets, lower-cased; "" when absent. */
export function hostHeaderName(header: string | undefined): string {
  const h = (header ?? "").trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end < 0 ? "" : h.slice(1, end);
  }
  const colons = h.split(":").length - 1;
  const name = colons === 1 ? h.slice(0, h.indexOf(":")) : h;
  return name.replace(/\.$/, "");
}

/** 0.0.0.0 / :: — every interface: the name a client uses is not known in advance. */
export function isWildcardHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "0.0.0.0" || h === "::" || h === "";
}

/**
 * Whether a request's `Host` may reach the dashboard: a loopback name, or the name it was
 * bound to (`--host`). This stops DNS rebinding: a page at attacker.test that resolves to
 * 127.0.0.1 still sends `Host: attacker.test`. Bound to every interface with a token, any
 * name is accepted: a rebound page holds neither the token nor the cookie.
 */
export function hostAllowed(header: string | undefined, boundHost: string | undefined, hasToken: boolean): boolean {
  const name = hostHeaderName(header);
  if (name === "") return false;
  if (isLoopbackHost(name)) return true;
  if (boundHost === undefined) return false;
  if (isWildcardHost(boundHost)) return hasToken;
  return name === hostHeaderName(boundHost.includes(":") && !boundHost.startsWith("[") ? `[${boundHost}]` : boundHost);
}
