import { parseAttemptTag } from "../../core/ids.js";
import { sha256 } from "../../core/hash.js";
import type { SimEngine } from "../engine.js";
import type { Body } from "../parse-common.js";
import { admitRequest } from "../admit.js";
import { readImageInputs } from "../image-inputs.js";
import { renderChatCompletion } from "../render-chat.js";
import { renderResponse } from "../render-responses.js";
import { invalidRequest, SimHttpError } from "../wire-errors.js";
import type { BatchInputLine } from "./input-lines.js";

/** The endpoints a simulated batch can run. */
export type BatchEndpoint = "/v1/chat/completions" | "/v1/responses";

/** One line of an output or error file (the API's "request output" object). */
export interface BatchOutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: unknown } | null;
  error: { code: string; message: string } | null;
}

/** Request numbers of batch lines start here, so their ids never meet a live request's. */
const LINE_SEQ_BASE = 1_000_000_000;

/**
 * Answers one batch line with the engine that answers live requests — the same answer,
 * perturbation and usage. Its `custom_id` plays the `x-evalgate-attempt` header's part when
 * it is an attempt tag (CASE/REPEAT, or CASE/REPEAT#KEY for a judge call of that attempt), so a
 * batched attempt draws what it would draw live and a batched judge finds the judged case.
 * No fault is injected and no latency is slept: a batch has neither. A body the simulator
 * rejects (a reasoning model given `temperature`, `stream: true`) is answered with its
 * error, as the API puts it in the error file.
 */
export function answerLine(engine: SimEngine, endpoint: BatchEndpoint, input: BatchInputLine, lineSeq: number, createdSec: number): BatchOutputLine {
  const seq = LINE_SEQ_BASE + lineSeq;
  const requestId = `req_${sha256(`${engine.config.seed}\u0000batch\u0000${seq}`).slice(0, 24)}`;
  const id = `batch_req_${sha256(`${engine.config.seed}\u0000batch-line\u0000${seq}`).slice(0, 24)}`;
  // A judge call's line (`run --batch-judges`) is `CASE/REPEAT#KEY`: the attempt it judges.
  const tag = input.customId.replace(/#[^/#]*$/, "");
  const header = parseAttemptTag(tag) ? tag : undefined;
  try {
    const body = generateBody(engine, endpoint, input.body as Body, header, seq, createdSec);
    return { id, custom_id: input.customId, response: { status_code: 200, request_id: requestId, body }, error: null };
  } catch (error) {
    if (!(error instanceof SimHttpError)) throw error;
    return { id, custom_id: input.customId, response: { status_code: error.status, request_id: requestId, body: error.body() }, error: null };
  }
}

function generateBody(engine: SimEngine, endpoint: BatchEndpoint, body: Body, header: string | undefined, seq: number, createdSec: number): unknown {
  if (body.stream === true) throw invalidRequest("Streaming is not supported in a batch: remove `stream`.", "stream", "unsupported_parameter");
  const seed = engine.config.seed;
  // Admitted as a live request is (src/sim/routes.ts): the same rejections, the same image tokens.
  const api = endpoint === "/v1/chat/completions" ? "chat" : "responses";
  const gen = engine.generate({ ...admitRequest(api, body, engine.config), images: readImageInputs(body, api) }, header, seq);
  return api === "chat" ? renderChatCompletion(gen, createdSec, seed) : renderResponse(body, gen, createdSec, seed);
}

/** The error-file line of a request the batch never ran (it expired or was cancelled first). */
export function unansweredLine(input: BatchInputLine, lineSeq: number, seed: number, code: "batch_expired" | "batch_cancelled"): BatchOutputLine {
  const id = `batch_req_${sha256(`${seed}\u0000batch-line\u0000${LINE_SEQ_BASE + lineSeq}`).slice(0, 24)}`;
  const message = code === "batch_expired" ? "This request could not be executed before the completion window expired." : "This request was not executed: the batch was cancelled.";
  return { id, custom_id: input.customId, response: null, error: { code, message } };
}
