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
  /** The try's deadline and the caller's cancel: the request is aborted when it fires. */
  deadline: TryDeadline;
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

/**
 * A try's end: at its deadline or when the caller cancels, and says which. The lean
 * transport listens with `onAbort`; an AbortSignal is made only when something asks for
 * `signal` (the SDK's transport, embeddings), so a try on the lean path creates none.
 */
export interface TryDeadline {
  readonly aborted: boolean;
  /** Calls `listener` once when the try is aborted; the returned function stops listening. */
  onAbort(listener: () => void): () => void;
  readonly signal: AbortSignal;
  why(): "timeout" | "cancelled" | null;
  clear(): void;
}

export function tryDeadline(timeoutMs: number, outer?: AbortSignal): TryDeadline {
  let why: "timeout" | "cancelled" | null = null;
  let controller: AbortController | undefined;
  const listeners = new Set<() => void>();
  const abort = (reason: "timeout" | "cancelled") => {
    if (why !== null) return;
    why = reason;
    controller?.abort();
    for (const listener of listeners) listener();
    listeners.clear();
  };
  const onOuter = () => abort("cancelled");
  const timer = setTimeout(() => abort("timeout"), timeoutMs);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener("abort", onOuter, { once: true });
  return {
    get aborted() {
      return why !== null;
    },
    onAbort(listener) {
      if (why !== null) {
        listener();
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (why !== null) controller.abort();
      }
      return controller.signal;
    },
    why: () => why,
    clear() {
      clearTimeout(timer);
      listeners.clear();
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
