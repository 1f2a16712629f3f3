import { APIError } from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import type { Response } from "openai/resources/responses/responses";
import type { AttemptError, GenerateRequest, Output } from "../../../core/index.js";
import type { GenerateResult } from "../../provider.js";
import { classifyError } from "../classify-error.js";
import { normalizeChatCompletion } from "../normalize-chat.js";
import { normalizeResponse } from "../normalize-responses.js";
import { batchLine } from "./batch-lines.js";

/** One line of an output or error file (the API's request output object). */
export interface BatchOutputLine {
  custom_id: string;
  response: { status_code: number; request_id?: string | null; body: unknown } | null;
  error: { code?: string | null; message?: string | null } | null;
}

/** The lines of a JSONL file; a line that is not JSON is skipped (its request then counts as unanswered). */
export function parseJsonl(text: string): BatchOutputLine[] {
  const out: BatchOutputLine[] = [];
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    try {
      const line = JSON.parse(raw) as BatchOutputLine;
      if (typeof line?.custom_id === "string") out.push(line);
    } catch {
      // A torn or foreign line answers nothing.
    }
  }
  return out;
}

const unanswered = (message: string): AttemptError => ({ kind: "batch_unanswered", message, status: null, requestId: null, retryable: false });

/**
 * Every request's outcome, in request order, from a finished batch's output and error files:
 * a 200 normalized by the live normalizers (marked as batched: nothing timed it), another
 * status classified as a live reply with that status and body would be, an error-file line
 * without a response (expired, cancelled) and a request in neither file as `batch_unanswered`.
 */
export function outcomesOf(lines: readonly BatchOutputLine[], requests: readonly GenerateRequest[], batch: { id: string; status: string }): Array<{ attempt: string; outcome: GenerateResult }> {
  const byId = new Map(lines.map((l) => [l.custom_id, l]));
  return requests.map((request) => {
    const line = byId.get(request.attempt);
    const outcome: GenerateResult = line
      ? lineOutcome(line, request, batch.id)
      : { ok: false, tries: 1, error: unanswered(`batch ${batch.id} ended ${batch.status} without answering this request`) };
    return { attempt: request.attempt, outcome };
  });
}

/** One output line as the outcome of the request it answers. */
export function lineOutcome(line: BatchOutputLine, request: GenerateRequest, batchId: string): GenerateResult {
  const response = line.response;
  if (!response) {
    const why = [line.error?.code, line.error?.message].filter(Boolean).join(": ") || "no response";
    return { ok: false, tries: 1, error: unanswered(`batch ${batchId} did not run this request (${why})`) };
  }
  const requestId = response.request_id ?? null;
  if (response.status_code !== 200) {
    // Built as the SDK builds a live error reply, so one classifier names both.
    const body = (response.body ?? undefined) as object | undefined;
    const thrown = APIError.generate(response.status_code, body, body === undefined ? "no body" : undefined, new Headers(requestId ? { "x-request-id": requestId } : {}));
    return { ok: false, tries: 1, error: { ...classifyError(thrown, null).error, requestId } };
  }
  const ctx = { request, body: batchLine(request).body, latency: { ttftMs: null, totalMs: 0 }, requestId };
  const normalized = request.api === "chat" ? normalizeChatCompletion(response.body as ChatCompletion, ctx) : normalizeResponse(response.body as Response, ctx);
  if (!normalized.ok) return { ok: false, tries: 1, error: normalized.error };
  const output: Output = { ...normalized.output, batch: { batchId, customId: line.custom_id } };
  return { ok: true, tries: 1, output };
}
