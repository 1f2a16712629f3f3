import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Response, ResponseStreamEvent } from "openai/resources/responses/responses";
import { parseModelledLatency, type AttemptError, type GenerateRequest, type Latency, type Output } from "../core/index.js";
import { ChatStreamAssembler, normalizeChatCompletion, normalizeResponse, ResponsesStreamAssembler, SseParser } from "../providers/index.js";
import { capturedText, decodedCapture } from "./capture.js";
import type { Exchange } from "./exchange.js";

/** `reply`: the whole reply object (a stream's assembled from its events), for the exchange log. */
export type RecordedReply = { ok: true; output: Output; reply: unknown } | { ok: false; error: AttemptError; raw: { request: unknown; response: unknown } };

/**
 * The production reply the proxy passed on, normalized by the providers' own normalizers
 * (the recorded arm of a shadow run): a stream is folded by its API's assembler with the
 * chunks' arrival times, so time to first token is what the caller saw; the total is when
 * the reply ended. Behind the simulator, its modelled latency is taken, the wall clock kept
 * beside it, as for any simulated attempt (docs/verdict.md).
 */
export function normalizeRecordedReply(exchange: Exchange, request: GenerateRequest, wireRequest: unknown): RecordedReply {
  const totalMs = exchange.capture.endedAt ?? 0;
  const modelled = parseModelledLatency(exchange.modelledLatency);
  const latency = (ttftMs: number | null): Latency =>
    modelled ? { ttftMs: ttftMs === null ? null : modelled.ttftMs, totalMs: modelled.totalMs, observed: { ttftMs, totalMs } } : { ttftMs, totalMs };
  const ctx = (ttftMs: number | null) => ({ request, body: wireRequest, latency: latency(ttftMs), requestId: exchange.requestId });
  try {
    if (exchange.contentType.startsWith("text/event-stream")) {
      const { events, sawDone, firstTokenAt, folded } = foldStream(exchange, request.api);
      const result = folded(sawDone, exchange.requestId);
      if (!result.ok) return { ok: false, error: result.error, raw: { request: wireRequest, response: { events } } };
      const normalized = request.api === "chat"
        ? normalizeChatCompletion(result.output as ChatCompletion, ctx(firstTokenAt()), { events })
        : normalizeResponse(result.output as Response, ctx(firstTokenAt()), { events });
      return normalized.ok ? { ...normalized, reply: result.output } : { ok: false, error: normalized.error, raw: { request: wireRequest, response: { events } } };
    }
    const data = JSON.parse(capturedText(decodedCapture(exchange.capture, exchange.contentEncoding))) as ChatCompletion | Response;
    const normalized = request.api === "chat" ? normalizeChatCompletion(data as ChatCompletion, ctx(null)) : normalizeResponse(data as Response, ctx(null));
    return normalized.ok ? { ...normalized, reply: data } : { ok: false, error: normalized.error, raw: { request: wireRequest, response: data } };
  } catch (e) {
    const error: AttemptError = { kind: "unknown", message: `the recorded reply cannot be read: ${(e as Error).message}`, status: exchange.status, requestId: exchange.requestId, retryable: false };
    return { ok: false, error, raw: { request: wireRequest, response: null } };
  }
}

/** Replays the captured chunks through the SSE parser and the API's assembler, each at its arrival time. */
function foldStream(exchange: Exchange, api: GenerateRequest["api"]) {
  const events: unknown[] = [];
  let sawDone = false;
  let now = 0;
  const chat = api === "chat" ? new ChatStreamAssembler() : null;
  const responses = api === "responses" ? new ResponsesStreamAssembler() : null;
  const parser = new SseParser((message) => {
    if (message.data === "[DONE]") {
      sawDone = true;
      return;
    }
    const event = JSON.parse(message.data) as unknown;
    events.push(event);
    if (chat) chat.push(event as ChatCompletionChunk, now);
    else responses?.push(event as ResponseStreamEvent, now);
  });
  const decoder = new TextDecoder("utf-8");
  const body = decodedCapture(exchange.capture, exchange.contentEncoding);
  body.chunks.forEach((chunk, i) => {
    now = body.arrivals[i] ?? now;
    parser.push(decoder.decode(chunk, { stream: true }));
  });
  parser.push(decoder.decode());
  parser.end();
  return {
    events,
    sawDone,
    firstTokenAt: () => (chat ? chat.firstTokenAt : responses!.firstTokenAt),
    folded: (done: boolean, requestId: string | null) => (chat ? chat.finish(done, requestId) : responses!.finish(requestId)),
  };
}
