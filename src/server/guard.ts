import { posix } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./api-error.js";
import { requestToken, tokenCookie, tokenMatches } from "./auth.js";
import { hostAllowed } from "./host-check.js";

export interface GuardOptions {
  token?: string;
  /** The interface the server is bound to (`--host`); its name is accepted in `Host`. */
  host?: string;
}

/**
 * Whether a path names the API however it is spelt (percent-encoded, upper-case, doubled
 * slashes, dot segments): such a path is never served as a public file.
 */
export function looksLikeApi(url: string): boolean {
  let path = url.split("?")[0] ?? "/";
  for (let i = 0; i < 3; i++) {
    try {
      const decoded = decodeURIComponent(path);
      if (decoded === path) break;
      path = decoded;
    } catch {
      return true;
    }
  }
  const canonical = posix.normalize(`/${path.replace(/\\/g, "/")}`).toLowerCase();
  return /^\/api(?![a-z0-9_.~-])/.test(canonical);
}

/**
 * A request is public (no token, cacheable) only when the router matched it to a route
 * marked `config: { public: true }` (the static files) and its path does not name the
 * API. The decision rests on the matched route, never on the raw URL: every other route,
 * one added later included, and every unmatched path is guarded.
 */
export function isPublicRequest(req: FastifyRequest): boolean {
  const config = req.routeOptions.config as { public?: unknown } | undefined;
  return config?.public === true && !looksLikeApi(req.url);
}

/** `path?query` without its `token` parameter, and never a protocol-relative `//host` redirect. */
export function withoutToken(url: string): string {
  const q = url.indexOf("?");
  const path = (q < 0 ? url : url.slice(0, q)).replace(/^[/\\]+/, "/");
  const params = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
  params.delete("token");
  const rest = params.toString();
  return `${path || "/"}${rest ? `?${rest}` : ""}`;
}

function queryToken(query: unknown): string | undefined {
  if (query === null || typeof query !== "object" || !("token" in query)) return undefined;
  const t = (query as { token: unknown }).token;
  return typeof t === "string" ? t : Array.isArray(t) ? "" : undefined;
}

const UNAUTHORIZED = "this dashboard needs its token: open the page once with ?token=TOKEN (it becomes a cookie), or send `Authorization: Bearer TOKEN`";

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header("cache-control", "no-store").send(errorBody(code, message));
}

/** The hooks in front of every route: Host check, token exchange, token check, API headers. */
export function registerGuards(app: FastifyInstance, options: GuardOptions): void {
  const { token, host } = options;
  app.addHook("onRequest", async (req, reply) => {
    if (!hostAllowed(req.headers.host, host, token !== undefined)) {
      const shown = req.headers.host ?? "(none)";
      return refuse(reply, 403, "BAD_HOST", `Host ${shown} is not this dashboard's address (only loopback names and the --host it was started with are accepted, against DNS rebinding); to reach it by that name, start it with \`evalgate view --host NAME\``);
    }
    if (token === undefined) return;
    if (isPublicRequest(req)) {
      const given = queryToken(req.query);
      if (given === undefined) return;
      if (!tokenMatches(token, given)) return refuse(reply.header("www-authenticate", "Bearer"), 401, "UNAUTHORIZED", "the ?token= in this address is not this dashboard's token");
      return reply.code(302).header("set-cookie", tokenCookie(token)).header("cache-control", "no-store").header("referrer-policy", "no-referrer").header("location", withoutToken(req.url)).send();
    }
    if (tokenMatches(token, requestToken(req.headers.authorization, req.headers.cookie))) return;
    return refuse(reply.header("www-authenticate", "Bearer"), 401, "UNAUTHORIZED", UNAUTHORIZED);
  });
  app.addHook("onSend", async (req, reply) => {
    if (!isPublicRequest(req)) reply.header("cache-control", "no-store").header("x-content-type-options", "nosniff");
  });
}
