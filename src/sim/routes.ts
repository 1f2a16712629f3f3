import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ATTEMPT_HEADER } from "../core/ids.js";
import { deliver, type DeliverContext } from "./deliver.js";
import { createEmbeddings } from "./embeddings.js";
import type { SimEngine } from "./engine.js";
import { listModels, modelObject } from "./models.js";
import type { Body } from "./parse-common.js";
import { readImageInputs } from "./image-inputs.js";
import { admitRequest } from "./admit.js";
import { checkModelKnown, modelExists } from "./model-check.js";
import { modelNotFound } from "./wire-errors.js";
import { renderChatChunks, renderChatCompletion } from "./render-chat.js";
import { renderResponse, renderResponseEvents } from "./render-responses.js";
import type { Sleeper } from "./sleeper.js";
import type { StoredResponses } from "./stored-responses.js";
import { parseListQuery, type StoredCompletions } from "./stored-completions.js";

export interface RouteDeps {
  engine: SimEngine;
  sleeper: Sleeper;
  clock: () => number;
  /** The request's number on this server, assigned when it arrives. */
  seqOf: (request: FastifyRequest) => number;
  /** When the request arrived (performance.now()): its reply is due at that time plus the model's latency. */
  arrivedAt: (request: FastifyRequest) => number;
  requestIdOf: (request: FastifyRequest) => string;
  /** Responses kept for `previous_response_id` and `GET /v1/responses/{id}`. */
  responses: StoredResponses;
  /** Chat completions kept (`store: true`, or loaded) for the stored-completions endpoints. */
  stored: StoredCompletions;
}

function attemptHeader(request: FastifyRequest): string | undefined {
  const v = request.headers[ATTEMPT_HEADER];
  return Array.isArray(v) ? v[0] : v;
}

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { engine, sleeper, clock } = deps;
  const seed = engine.config.seed;
  const ctxOf = (request: FastifyRequest, reply: FastifyReply): DeliverContext => ({
    reply, sleeper, arrivedAt: deps.arrivedAt(request), retryAfterMs: engine.config.retry_after_ms, hangMs: engine.config.hang_ms, requestId: deps.requestIdOf(request),
  });
  const createdSec = () => Math.floor(clock() / 1000);

  app.post("/v1/chat/completions", async (request, reply) => {
    const req = { ...admitRequest("chat", request.body, engine.config), images: readImageInputs(request.body, "chat") };
    const gen = engine.generate(req, attemptHeader(request), deps.seqOf(request));
    const created = createdSec();
    const body = request.body as Body;
    // `store: true` keeps the completion for the stored-completions endpoints (the same id either way).
    if (body.store === true) deps.stored.add(renderChatCompletion(gen, created, seed), body.messages as unknown[], (body.metadata ?? {}) as Record<string, string>);
    await deliver(gen, req.stream, {
      json: () => renderChatCompletion(gen, created, seed),
      events: () => renderChatChunks(gen, created, seed, req.includeUsage),
      framing: "chat",
    }, ctxOf(request, reply));
  });

  app.post("/v1/responses", async (request, reply) => {
    const parsed = { ...admitRequest("responses", request.body, engine.config), images: readImageInputs(request.body, "responses") };
    const body = request.body as Body;
    // A `previous_response_id` continues a stored conversation: the model sees all of it.
    const req = deps.responses.continueFrom(body, parsed);
    const gen = engine.generate(req, attemptHeader(request), deps.seqOf(request));
    const created = createdSec();
    const response = renderResponse(body, gen, created, seed);
    deps.responses.keep(body, req, gen, response);
    await deliver(gen, req.stream, {
      json: () => response,
      events: () => renderResponseEvents(body, gen, created, seed),
      framing: "responses",
    }, ctxOf(request, reply));
  });

  app.get<{ Params: { id: string } }>("/v1/responses/:id", async (request, reply) => {
    reply.header("x-request-id", deps.requestIdOf(request));
    return deps.responses.read(request.params.id);
  });

  app.get<{ Params: { id: string } }>("/v1/responses/:id/input_items", async (request, reply) => {
    reply.header("x-request-id", deps.requestIdOf(request));
    const query = request.query as Record<string, unknown>;
    // The API lists input items newest first unless asked otherwise.
    return deps.responses.inputItems(request.params.id, parseListQuery({ ...query, order: query.order ?? "desc" }));
  });

  app.get("/v1/chat/completions", async (request, reply) => {
    reply.header("x-request-id", deps.requestIdOf(request));
    return deps.stored.list(parseListQuery(request.query as Record<string, unknown>));
  });

  app.get<{ Params: { id: string } }>("/v1/chat/completions/:id", async (request, reply) => {
    reply.header("x-request-id", deps.requestIdOf(request));
    return deps.stored.get(request.params.id);
  });

  app.get<{ Params: { id: string } }>("/v1/chat/completions/:id/messages", async (request, reply) => {
    reply.header("x-request-id", deps.requestIdOf(request));
    return deps.stored.messages(request.params.id, parseListQuery(request.query as Record<string, unknown>));
  });

  app.post("/v1/embeddings", async (request, reply) => {
    reply.header("x-request-id", deps.requestIdOf(request));
    return createEmbeddings(request.body, (model) => checkModelKnown(engine.config, model, "embeddings", "v1/embeddings"));
  });

  app.get("/v1/models", async (request, reply) => {
    reply.header("x-request-id", deps.requestIdOf(request));
    return listModels(engine.config);
  });

  app.get<{ Params: { model: string } }>("/v1/models/:model", async (request, reply) => {
    reply.header("x-request-id", deps.requestIdOf(request));
    if (!modelExists(engine.config, request.params.model)) throw modelNotFound(request.params.model);
    return modelObject(request.params.model);
  });
}
