import replyFrom from "@fastify/reply-from";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { performance } from "node:perf_hooks";
import { MODELLED_LATENCY_HEADER, NO_SCHEMA_COMPILERS } from "../core/index.js";
import { createReplyCapture, keepChunk, type ReplyCapture } from "./capture.js";
import { apiOfPath, type Exchange } from "./exchange.js";
import { statusRoute, type StatusSource } from "./status.js";

/**
 * The pass-through (docs/shadow.md): every request goes to the production upstream as it
 * came — method, path, query, headers (the caller's own `Authorization` among them) and the
 * body's bytes — through @fastify/reply-from, and the upstream's status, headers and body are
 * returned as they arrive, server-sent events chunk by chunk. For the create routes of both
 * APIs the reply's chunks are also kept (bounded) for the mirror, which hears of the exchange
 * only once the reply has been sent (`onExchange`, on the next turn of the event loop).
 */
export interface ProxyOptions {
  /** The production base URL; requests keep their path, so callers use its path on the proxy. */
  upstream: string;
  /** A reply larger than this is passed on whole but not kept (nor mirrored). */
  captureLimitBytes: number;
  /** Largest JSON request body accepted (other bodies are streamed through unread). */
  bodyLimitBytes: number;
  /** Guards the status route when set. */
  token?: string;
  onExchange(exchange: Exchange, arrival: number): void;
  status: StatusSource;
}

export interface ProxyCounts {
  requests: number;
  inFlight: number;
  /** Requests the upstream could not be reached for (answered 502 by the proxy). */
  upstreamUnreachable: number;
}

interface PerRequest {
  arrival: number;
  started: number;
  receivedAt: string;
  capture: ReplyCapture | null;
  upstream?: { status: number; headers: Record<string, string | string[] | undefined> };
}

const STATE = Symbol("evalgate.shadow");
type Tracked = FastifyRequest & { [STATE]?: PerRequest };

export function buildShadowProxy(options: ProxyOptions): { app: FastifyInstance; counts: ProxyCounts } {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes, schemaController: { compilersFactory: NO_SCHEMA_COMPILERS } });
  const counts: ProxyCounts = { requests: 0, inFlight: 0, upstreamUnreachable: 0 };
  void app.register(replyFrom, {
    base: new URL(options.upstream).origin,
    disableRequestLogging: true,
    // Long generations stream for minutes; the caller's own client decides when to give up.
    undici: { headersTimeout: 600_000, bodyTimeout: 600_000 },
  });
  app.removeAllContentTypeParsers();
  // JSON bodies are kept as the caller's bytes (re-serializing would change them); any other
  // body (a file upload) is streamed to the upstream unread.
  app.addContentTypeParser(["application/json"], { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.addContentTypeParser("*", (_req, payload, done) => done(null, payload));
  statusRoute(app, options.status, options.token);
  app.route({
    method: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
    url: "/*",
    handler: (request, reply) => forward(request as Tracked, reply, options, counts),
    onResponse: (request, _reply, done) => {
      counts.inFlight--;
      const state = (request as Tracked)[STATE];
      if (state?.capture && state.upstream) {
        const exchange = exchangeOf(request, state);
        setImmediate(() => options.onExchange(exchange, state.arrival));
      }
      done();
    },
  });
  return { app, counts };
}

function forward(request: Tracked, reply: FastifyReply, options: ProxyOptions, counts: ProxyCounts): FastifyReply {
  counts.requests++;
  counts.inFlight++;
  const api = apiOfPath(request.method, pathOf(request.url));
  const state: PerRequest = { arrival: counts.requests, started: performance.now(), receivedAt: new Date().toISOString(), capture: api ? createReplyCapture() : null };
  request[STATE] = state;
  const body = request.body;
  return reply.from(undefined, {
    ...(Buffer.isBuffer(body) ? { body, contentType: request.headers["content-type"] ?? "application/json" } : {}),
    onResponse: (_req, rep, res) => {
      // reply-from's type is the server's response; what it passes is undici's (status, headers, stream).
      state.upstream = { status: res.statusCode, headers: (res as unknown as { headers: Record<string, string | string[] | undefined> }).headers };
      const capture = state.capture;
      if (capture) {
        res.stream.on("data", (chunk: Buffer) => keepChunk(capture, chunk, performance.now() - state.started, options.captureLimitBytes));
        res.stream.on("end", () => (capture.endedAt = performance.now() - state.started));
      }
      void rep.send(res.stream);
    },
    onError: (rep, { error }) => {
      counts.upstreamUnreachable++;
      // The caller sees an OpenAI-shaped error; the message names the upstream, never a header.
      void rep.code(502).send({ error: { message: `evalgate shadow: the upstream ${options.upstream} did not answer: ${error.message}`, type: "upstream_unreachable", param: null, code: null } });
    },
  });
}

function exchangeOf(request: FastifyRequest, state: PerRequest): Exchange {
  const headers = state.upstream?.headers ?? {};
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
  };
  const path = pathOf(request.url);
  return {
    method: request.method,
    path,
    api: apiOfPath(request.method, path),
    requestBody: Buffer.isBuffer(request.body) ? request.body : null,
    status: state.upstream?.status ?? 0,
    contentType: one("content-type") ?? "",
    contentEncoding: one("content-encoding"),
    requestId: one("x-request-id"),
    modelledLatency: one(MODELLED_LATENCY_HEADER),
    capture: state.capture ?? createReplyCapture(),
    receivedAt: state.receivedAt,
  };
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

/**
 * Stops taking requests and resolves once every request in flight has been answered in full.
 * A keep-alive connection whose request ended after the close began would hold the server
 * open: once nothing is in flight, idle connections are closed.
 */
export async function closeDraining(app: FastifyInstance, counts: ProxyCounts): Promise<void> {
  const closed = app.close();
  const sweep = setInterval(() => {
    if (counts.inFlight === 0) app.server.closeIdleConnections();
  }, 25);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
  }
}
