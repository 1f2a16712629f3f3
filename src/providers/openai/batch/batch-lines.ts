import { EvalgateError, type GenerateRequest } from "../../../core/index.js";
import { renderRequest } from "../render.js";

export type BatchEndpoint = "/v1/chat/completions" | "/v1/responses";

/** One line of a batch input file (the API's request input object). */
export interface BatchInputLine {
  custom_id: string;
  method: "POST";
  url: BatchEndpoint;
  body: unknown;
}

export function batchEndpoint(api: GenerateRequest["api"]): BatchEndpoint {
  return api === "chat" ? "/v1/chat/completions" : "/v1/responses";
}

/**
 * An attempt as a batch line: the body the live provider sends (the same renderer), never
 * streamed — a batch has no stream — and its attempt tag (CASE/REPEAT) as `custom_id`,
 * unique within an arm's file and what the output line is matched back by.
 */
export function batchLine(request: GenerateRequest): BatchInputLine {
  return { custom_id: request.attempt, method: "POST", url: batchEndpoint(request.api), body: renderRequest({ ...request, stream: false }).body };
}

export function lineText(request: GenerateRequest): string {
  return `${JSON.stringify(batchLine(request))}\n`;
}

/** What one input file may hold (the API's limits: 50,000 requests, 200 MB). */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

export const BATCH_API_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };

/**
 * Cuts items into input files in order, each at most `maxRequests` lines and `maxBytes`
 * bytes of JSONL. A single line past `maxBytes` fits no file: refused, naming its attempt.
 */
export function splitAtLimits<T extends { request: GenerateRequest }>(items: readonly T[], limits: BatchLimits = BATCH_API_LIMITS): T[][] {
  const files: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(lineText(item.request), "utf8");
    if (size > limits.maxBytes) {
      throw new EvalgateError("BAD_FLAG", `attempt ${item.request.attempt} is ${size} bytes as a batch line, more than a batch input file may hold (${limits.maxBytes} bytes)`, {
        hint: "run this suite without --batch, or shorten the prompt",
      });
    }
    if (current.length > 0 && (current.length >= limits.maxRequests || bytes + size > limits.maxBytes)) {
      files.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) files.push(current);
  return files;
}
