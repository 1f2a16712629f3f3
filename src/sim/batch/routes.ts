import type { FastifyInstance, FastifyRequest } from "fastify";
import type { SimEngine } from "../engine.js";
import { invalidRequest } from "../wire-errors.js";
import type { BatchEndpoint } from "./answer-line.js";
import { batchObject } from "./batch-object.js";
import { BatchStore } from "./batch-store.js";
import { fileObject, FileStore } from "./file-store.js";
import { boundaryOf, FileUpload, parseMultipart } from "./multipart.js";

/** The API's limit on an uploaded batch input file. */
export const MAX_INPUT_FILE_BYTES = 200 * 1024 * 1024;

const ENDPOINTS: ReadonlySet<string> = new Set<BatchEndpoint>(["/v1/chat/completions", "/v1/responses"]);

export interface BatchRouteDeps {
  engine: SimEngine;
  clock: () => number;
  requestIdOf: (request: FastifyRequest) => string;
}

/**
 * `/v1/files` and `/v1/batches` (docs/simulator.md "Batches"): upload, retrieve, download
 * and delete files; create, retrieve, cancel and list batches. Both live in this server's
 * memory, bounded, whether it runs standalone (`evalgate sim`) or in a run's worker thread.
 */
export function registerBatchRoutes(app: FastifyInstance, deps: BatchRouteDeps): void {
  const files = new FileStore();
  const batches = new BatchStore(deps.engine, files, deps.engine.config.batch);
  const now = deps.clock;

  app.addContentTypeParser("multipart/form-data", { parseAs: "buffer", bodyLimit: MAX_INPUT_FILE_BYTES + 1024 * 1024 }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, boundaryOf(request.headers["content-type"])));
    } catch (error) {
      done(error as Error);
    }
  });
  app.addHook("onSend", async (request, reply) => {
    if (request.url.startsWith("/v1/files") || request.url.startsWith("/v1/batches")) reply.header("x-request-id", deps.requestIdOf(request));
  });

  app.post("/v1/files", async (request) => {
    const upload = request.body;
    if (!(upload instanceof FileUpload)) throw invalidRequest("Uploads are multipart/form-data with a `file` and a `purpose`.");
    if (upload.fields.purpose !== "batch") throw invalidRequest(`The simulator takes files with purpose "batch" (got ${JSON.stringify(upload.fields.purpose ?? null)}).`, "purpose");
    if (!upload.file) throw invalidRequest("The upload has no `file` part.", "file");
    if (upload.file.bytes.length > MAX_INPUT_FILE_BYTES) throw invalidRequest(`The file is ${upload.file.bytes.length} bytes; a batch input file may be at most 200 MB.`, "file");
    return fileObject(files.add(upload.file.filename, "batch", upload.file.bytes, now()));
  });
  app.get<{ Params: { id: string } }>("/v1/files/:id", async (request) => fileObject(files.require(request.params.id)));
  app.get<{ Params: { id: string } }>("/v1/files/:id/content", async (request, reply) => {
    const file = files.require(request.params.id);
    return reply.type("application/octet-stream").send(file.bytes);
  });
  app.delete<{ Params: { id: string } }>("/v1/files/:id", async (request) => {
    files.require(request.params.id);
    return { id: request.params.id, object: "file", deleted: files.delete(request.params.id) };
  });

  app.post("/v1/batches", async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const inputFileId = body.input_file_id;
    if (typeof inputFileId !== "string") throw invalidRequest("input_file_id is required.", "input_file_id");
    if (files.require(inputFileId).purpose !== "batch") throw invalidRequest(`File ${inputFileId} was not uploaded with purpose "batch".`, "input_file_id");
    if (typeof body.endpoint !== "string" || !ENDPOINTS.has(body.endpoint)) {
      throw invalidRequest(`The simulator runs batches on ${[...ENDPOINTS].join(" and ")} (got ${JSON.stringify(body.endpoint ?? null)}).`, "endpoint");
    }
    if (body.completion_window !== "24h") throw invalidRequest('completion_window must be "24h".', "completion_window");
    const batch = batches.create({ endpoint: body.endpoint as BatchEndpoint, inputFileId, completionWindow: "24h", metadata: checkMetadata(body.metadata) }, now());
    return batchObject(batch);
  });
  app.get<{ Params: { id: string } }>("/v1/batches/:id", async (request) => batchObject(batches.get(request.params.id, now())));
  app.post<{ Params: { id: string } }>("/v1/batches/:id/cancel", async (request) => batchObject(batches.cancel(request.params.id, now())));
  app.get<{ Querystring: { after?: string; limit?: string } }>("/v1/batches", async (request) => {
    const limit = request.query.limit === undefined ? 20 : Number(request.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidRequest("limit must be an integer from 1 to 100.", "limit");
    const page = batches.list(request.query.after, limit, now());
    const data = page.data.map(batchObject);
    return { object: "list", data, ...(data.length ? { first_id: page.data[0]!.id, last_id: page.data.at(-1)!.id } : {}), has_more: page.hasMore };
  });
}

/** The API's metadata rule: up to 16 string values, keys up to 64 characters, values up to 512. */
function checkMetadata(metadata: unknown): Record<string, string> | null {
  if (metadata === undefined || metadata === null) return null;
  if (typeof metadata !== "object" || Array.isArray(metadata)) throw invalidRequest("metadata must be an object of strings.", "metadata");
  const entries = Object.entries(metadata as Record<string, unknown>);
  if (entries.length > 16) throw invalidRequest("metadata takes at most 16 keys.", "metadata");
  for (const [k, v] of entries) {
    if (k.length > 64 || typeof v !== "string" || v.length > 512) throw invalidRequest(`metadata.${k}: keys are at most 64 characters, values strings of at most 512.`, "metadata");
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
