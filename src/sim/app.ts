import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from "fastify";
import { ATTEMPT_HEADER } from "../core/ids.js";
import { NO_SCHEMA_COMPILERS } from "../core/no-schema-compilers.js";
import { sha256 } from "../core/hash.js";
import type { AnswerIndex } from "../core/sim-answers.js";
import type { SimConfig } from "../core/sim-config.js";
import { SimEngine } from "./engine.js";
import { RequestLog } from "./request-log.js";
import { registerBatchRoutes } from "./batch/routes.js";
import { registerRoutes } from "./routes.js";
import { Sleeper } from "./sleeper.js";
import { StoredResponses } from "./stored-responses.js";
import { StoredCompletions } from "./stored-completions.js";
import { missingApiKey, notFound, rejectedApiKey, SimHttpError, unparsableJson, invalidRequest } from "./wire-errors.js";

export interface SimAppOptions {
  logFile?: string;
  /** ms since the epoch; fix it for byte-identical bodies. */
  clock?: () => number;
  /** Where the number of requests received is kept: shared memory lets another thread read it (src/sim/start-worker.ts). */
  requestCounter?: Int32Array;
}

export interface SimApp {
  app: FastifyInstance;
  requestCount: () => number;
}

interface RequestState {
  seq: number;
  logged: boolean;
  /** performance.now() when the request's headers were read: the model's latency counts from here. */
  arrivedAt: number;
}

/** The simulator's server for a validated config (resolveSimConfig; server.ts's buildSimApp validates one). */
export function createSimApp(config: SimConfig, answerIndex?: AnswerIndex, options: SimAppOptions = {}): SimApp {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true, schemaController: { compilersFactory: NO_SCHEMA_COMPILERS } });
  const engine = new SimEngine(config, answerIndex);
  const sleeper = new Sleeper();
  const log = options.logFile ? new RequestLog(options.logFile) : null;
  const clock = options.clock ?? Date.now;
  const state = new WeakMap<FastifyRequest, RequestState>();
  const received = options.requestCounter ?? new Int32Array(1);
  const seqOf = (r: FastifyRequest) => state.get(r)?.seq ?? 0;
  const arrivedAt = (r: FastifyRequest) => state.get(r)?.arrivedAt ?? performance.now();
  const requestIdOf = (r: FastifyRequest) => `req_${sha256(`${config.seed}\u0000${seqOf(r)}`).slice(0, 24)}`;
  const logOnce = (r: FastifyRequest) => {
    const s = state.get(r);
    if (!log || !s || s.logged) return;
    s.logged = true;
    log.write({ ts: new Date(clock()).toISOString(), seq: s.seq, method: r.method, url: r.url, attempt: r.headers[ATTEMPT_HEADER] ?? null, body: r.body ?? null });
  };

  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => parseJsonBody(body as string, done));
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => parseJsonBody(body as string, done));

  app.addHook("onRequest", async (request) => {
    state.set(request, { seq: Atomics.add(received, 0, 1) + 1, logged: false, arrivedAt: performance.now() });
    const auth = request.headers.authorization;
    const key = typeof auth === "string" && /^Bearer\s+\S/i.test(auth) ? auth.replace(/^Bearer\s+/i, "").trim() : null;
    if (!key) throw missingApiKey();
    if (config.reject_keys.includes(key)) throw rejectedApiKey(key);
  });
  if (log) app.addHook("preHandler", async (request) => logOnce(request));

  app.setErrorHandler((error: FastifyError | SimHttpError, request, reply) => {
    logOnce(request);
    const wire = toSimError(error);
    reply.status(wire.status).headers({ ...wire.headers, "x-request-id": requestIdOf(request) }).send(wire.body());
  });
  app.setNotFoundHandler((request, reply) => {
    logOnce(request);
    const e = notFound(request.method, request.url);
    reply.status(404).header("x-request-id", requestIdOf(request)).send(e.body());
  });
  app.addHook("onClose", async () => {
    sleeper.cancelAll();
    await log?.close();
  });

  const stored = new StoredCompletions(config.stored?.max ?? 10_000);
  if (config.stored?.file) stored.load(config.stored.file);
  registerRoutes(app, { engine, sleeper, clock, seqOf, arrivedAt, requestIdOf, responses: new StoredResponses(), stored });
  registerBatchRoutes(app, { engine, clock, requestIdOf });
  return { app, requestCount: () => Atomics.load(received, 0) };
}

function parseJsonBody(body: string, done: (err: Error | null, body?: unknown) => void): void {
  if (body.trim().length === 0) return done(null, undefined);
  try {
    done(null, JSON.parse(body));
  } catch {
    done(unparsableJson());
  }
}

function toSimError(error: FastifyError | SimHttpError): SimHttpError {
  if (error instanceof SimHttpError) return error;
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return invalidRequest("The request body is too large.");
  if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
    return new SimHttpError(error.statusCode, { message: error.message, type: "invalid_request_error", param: null, code: null });
  }
  return new SimHttpError(500, { message: `The simulator failed: ${error.message}`, type: "server_error", param: null, code: null });
}
