import Fastify, { type FastifyInstance } from "fastify";
import { NO_SCHEMA_COMPILERS } from "../core/index.js";
import type { Store } from "../store/index.js";
import { ApiError, errorBody } from "./api-error.js";
import { registerComparisonRoutes } from "./comparison-routes.js";
import { registerGuards } from "./guard.js";
import { registerArmSetRoutes } from "./arm-set-routes.js";
import { registerReleaseRoutes } from "./release-routes.js";
import { CaseIndex, registerRunRoutes } from "./run-routes.js";
import { registerStaticFiles } from "./static-files.js";

export interface BuildAppOptions {
  /** Opened read-only by the caller: the server never writes. */
  store: Store;
  /** When set, every API call must carry it (Bearer header, or the cookie a `?token=` page load is exchanged for). */
  token?: string;
  /** The interface it is bound to (`--host`): that name is accepted in `Host`, beside loopback names. */
  host?: string;
  /** The built dashboard to serve (dashboard/dist); API only when absent. */
  staticDir?: string;
  logger?: boolean;
}

export interface RouteEntry {
  method: string;
  url: string;
  /** Served without the token (the static files). */
  public: boolean;
}

const ROUTES = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route the app registered, as the router holds them (for tests that must cover each one). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return ROUTES.get(app) ?? [];
}

/** The dashboard's server: a read-only JSON API over the store, and the app's files. Listening is the caller's job. */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, routerOptions: { maxParamLength: 500 }, schemaController: { compilersFactory: NO_SCHEMA_COMPILERS } });
  const routes: RouteEntry[] = [];
  ROUTES.set(app, routes);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, public: (route.config as { public?: unknown } | undefined)?.public === true });
  });
  registerGuards(app, { token: options.token, host: options.host });
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
  registerRunRoutes(app, options.store, new CaseIndex(options.store));
  registerComparisonRoutes(app, options.store);
  registerReleaseRoutes(app, options.store);
  registerArmSetRoutes(app, options.store);
  if (options.staticDir !== undefined) registerStaticFiles(app, options.staticDir);
  return app;
}
