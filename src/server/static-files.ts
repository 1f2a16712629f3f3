import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import type { FastifyInstance } from "fastify";
import { notFound } from "./api-error.js";
import { looksLikeApi } from "./guard.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
};

/**
 * The page's policy: scripts only from this origin, no inline script, nothing framed.
 * A model output that slipped into the DOM as HTML still could not run.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Resolves a URL path inside `root`, or null when it would leave it or names no file. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0] ?? "/");
  } catch {
    return null;
  }
  const relative = decoded === "/" || decoded === "" ? "index.html" : decoded.replace(/^\/+/, "");
  const full = normalize(join(root, relative));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

/** Serves the built dashboard (dashboard/dist) for every non-API GET. */
export function registerStaticFiles(app: FastifyInstance, root: string): void {
  const rootDir = normalize(root);
  app.get("/*", { config: { public: true } }, async (req, reply) => {
    if (looksLikeApi(req.url)) throw notFound(`route GET ${req.url.split("?")[0]}`);
    const file = resolveStatic(rootDir, req.url);
    if (!file) {
      reply.code(404).type("text/plain; charset=utf-8");
      return "not found";
    }
    const cacheable = file.includes(`${sep}assets${sep}`);
    reply
      .type(TYPES[extname(file)] ?? "application/octet-stream")
      .header("content-security-policy", CSP)
      .header("x-content-type-options", "nosniff")
      .header("cache-control", cacheable ? "public, max-age=31536000, immutable" : "no-cache");
    return readFileSync(file);
  });
}
