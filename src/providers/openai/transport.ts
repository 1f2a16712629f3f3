import type OpenAI from "openai";
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { ResponseCreateParams } from "openai/resources/responses/responses";
import { ATTEMPT_HEADER } from "../../core/index.js";

export interface ClientSettings {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
}

/** Which code sends a create request: the SDK's own fetch and stream parsing, or the lean path (docs/design/providers.md). */
export type TransportKind = "lean" | "sdk";

/** One create request (Chat Completions or Responses) as a transport sends it. */
export interface TransportCall {
  api: "chat" | "responses";
  body: ChatCompletionCreateParams | ResponseCreateParams;
  attempt: string;
  signal: AbortSignal;
  /** The status line and headers arrived: from here a broken connection cuts an answer short. */
  onHeaders(head: ReplyHead): void;
  /** Each streamed event (a chat chunk, a Responses event), parsed, as it arrives; with the JSON text it was parsed from when the transport has it. */
  onEvent(event: unknown, text?: string): void;
}

export interface ReplyHead {
  requestId: string | null;
  /** The simulator's `x-evalgate-modelled-latency` header, when sent. */
  modelledLatency: string | null;
  streamed: boolean;
}

/** What a create request ended with: the whole reply, or (streamed) whether `data: [DONE]` came. */
export type TransportReply = { streamed: false; data: unknown } | { streamed: true; sawDone: boolean };

/**
 * One per provider, shared by every try. `send` resolves when the reply is complete and
 * throws what the SDK would throw for a failure (its `APIError` family, or
 * `APIConnectionError`), so one classifier serves both kinds. `client` serves the calls
 * that stay on the SDK (embeddings).
 */
export interface Transport {
  client: OpenAI;
  send(call: TransportCall): Promise<TransportReply>;
}

/** A signal that aborts at the try's deadline or when the caller cancels, and says which. */
export interface TryDeadline {
  signal: AbortSignal;
  why(): "timeout" | "cancelled" | null;
  clear(): void;
}

export function tryDeadline(timeoutMs: number, outer?: AbortSignal): TryDeadline {
  const controller = new AbortController();
  let why: "timeout" | "cancelled" | null = null;
  const onOuter = () => {
    why ??= "cancelled";
    controller.abort();
  };
  const timer = setTimeout(() => {
    why ??= "timeout";
    controller.abort();
  }, timeoutMs);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener("abort", onOuter, { once: true });
  return {
    signal: controller.signal,
    why: () => why,
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuter);
    },
  };
}

export function requestOptions(attempt: string, signal: AbortSignal) {
  return { headers: { [ATTEMPT_HEADER]: attempt }, signal, maxRetries: 0 };
}

/** The path of a create request, below the base URL. */
export function createPath(api: "chat" | "responses"): string {
  return api === "chat" ? "/chat/completions" : "/responses";
}
