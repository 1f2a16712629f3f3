import type { SseEvent } from "./stream-plan.js";

/**
 * Streams that fail after they started (docs/design/wire.md §7 "Errors inside a stream"):
 * the events sent before the failure, then the API's in-stream error. Neither stream ends
 * normally after it: no `[DONE]`, no `response.completed`.
 */
export type StreamFailure = "stream_error" | "response_failed";

const MESSAGE = "The server had an error processing your request. Sorry about that! (simulated)";

/** Chat: half the chunks, then a chunk holding only an `error` object (the SDK throws it as an APIError). */
export function chatFailure(events: SseEvent[]): SseEvent[] {
  const kept = events.slice(0, Math.max(1, Math.floor(events.length / 2)));
  const error = { message: MESSAGE, type: "server_error", param: null, code: "server_error" };
  return [...kept, { json: JSON.stringify({ error }), delayMs: 0 }];
}

/**
 * Responses: `stream_error` sends half the events, then an `error` event [S: ResponseErrorEvent];
 * `response_failed` sends the opening events, then `response.failed` [S: ResponseFailedEvent]
 * whose response has status `failed` and an `error`. `failedResponse` is the response in progress.
 */
export function responsesFailure(kind: StreamFailure, events: SseEvent[], failedResponse: Record<string, unknown>): SseEvent[] {
  if (kind === "stream_error") {
    const kept = events.slice(0, Math.max(2, Math.floor(events.length / 2)));
    const event = { type: "error", sequence_number: kept.length, code: "server_error", message: MESSAGE, param: null };
    return [...kept, { event: "error", json: JSON.stringify(event), delayMs: 0 }];
  }
  const kept = events.slice(0, 2);
  const response = { ...failedResponse, status: "failed", error: { code: "server_error", message: MESSAGE } };
  const event = { type: "response.failed", sequence_number: kept.length, response };
  return [...kept, { event: "response.failed", json: JSON.stringify(event), delayMs: 0 }];
}
