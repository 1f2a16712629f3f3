import Fastify, { type FastifyInstance } from "fastify";
import type { Store } from "../store/index.js";
import { ApiError, errorBody } from "./api-error.js";
import { requestToken, tokenMatches } from "./auth.js";
import { registerComparisonRoutes } from "./comparison-routes.js";
import { CaseIndex, registerRunRoutes } from "./run-routes.js";
import { registerStaticFiles } from "./static-files.js";

export interface BuildAppOptions {
  /** Opened read-only by the caller: the server never writes. */
  store: Store;
  /** When set, every /api/ call must carry it (Bearer header or `token` query param). */
  token?: string;
  /** The built dashboard to serve (dashboard/dist); API only when absent. */
  staticDir?: string;
  logger?: boolean;
}

/** The dashboard's server: a read-only JSON API over the store, and the app's files. Listening is the caller's job. */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, routerOptions: { maxParamLength: 500 } });
  const token = options.token;
  if (token !== undefined) {
    app.addHook("onRequest", async (req, reply) => {
      if (!req.url.startsWith("/api/")) return;
      if (tokenMatches(token, requestToken(req.headers.authorization, req.query))) return;
      reply.code(401).header("www-authenticate", "Bearer").send(errorBody("UNAUTHORIZED", "this dashboard needs its token: send `Authorization: Bearer TOKEN` or open the page with ?token=TOKEN"));
      return reply;
    });
  }
  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).send(errorBody(error.code, error.message));
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send(errorBody("BAD_QUERY", (error as Error).message));
    }
    app.log.error(error);
    return reply.code(500).send(errorBody("INTERNAL", error instanceof Error ? error.message : String(error)));
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody("NOT_FOUND", `no route ${req.method} ${req.url.split("?")[0]}`));
  });
  app.addHook("onSend", async (req, reply) => {
    if (req.url.startsWith("/api/")) reply.header("cache-control", "no-store").header("x-content-type-options", "nosniff");
  });
  registerRunRoutes(app, options.store, new CaseIndex(options.store));
  registerComparisonRoutes(app, options.store);
  if (options.staticDir !== undefined) registerStaticFiles(app, options.staticDir);
  return app;
}
